/**
 * Full re-check of a community's disclosure chain, streamed from PostgreSQL in batches so it runs in
 * bounded memory at any length and can report progress. Names the first entry that breaks the chain.
 */
import { GENESIS_HASH, linkBreak } from '../domain/disclosure';
import type { Sql } from './client.server';
import { contentOf, disclosureColumns, sha256Hex, type DisclosureRow } from './disclosures.server';

export type ChainCheck =
  | { ok: true; length: number; head: string; lastSeq: number }
  | { ok: false; length: number; brokenAt: { seq: number; id: string; title: string }; reason: 'prevHash' | 'hash' };

export async function recheckCommunityChain(
  sql: Sql,
  communityId: string,
  opts: { batch?: number; onProgress?: (checked: number) => void } = {},
): Promise<ChainCheck> {
  let prev = GENESIS_HASH;
  let checked = 0;
  let lastSeq = 0;
  let broken: Extract<ChainCheck, { ok: false }> | undefined;
  await sql<DisclosureRow[]>`
    select ${disclosureColumns(sql)} from disclosures where community_id = ${communityId} order by seq`
    .cursor(opts.batch ?? 1000, (rows) => {
      for (const r of rows) {
        const at = { seq: r.seq, id: r.id, title: r.title };
        const reason = linkBreak(prev, { ...r, content: contentOf(r) }, sha256Hex);
        if (reason) {
          broken = { ok: false, length: checked, brokenAt: at, reason };
          return sql.CLOSE;
        }
        prev = r.hash;
        lastSeq = r.seq;
        checked++;
      }
      opts.onProgress?.(checked);
      return undefined;
    });
  return broken ?? { ok: true, length: checked, head: prev, lastSeq };
}
