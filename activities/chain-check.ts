/**
 * The full re-check of disclosure chains (decision 030): streams each chain from PostgreSQL,
 * records progress for the verify page and heartbeats for Temporal, and keeps the result as the
 * community's checkpoint, from which the board checks only newer entries.
 */
import { Context } from '@temporalio/activity';
import { markChainCheckRunning, saveCheckpoint } from '../db/board.server';
import type { Sql } from '../db/client.server';
import { recheckCommunityChain } from '../db/disclosure-verify.server';

export type ChainCheckResult = { communityId: string; ok: boolean; length: number; brokenSeq?: number };

export function chainCheckActivities(sql: Sql) {
  async function checkOne(communityId: string): Promise<ChainCheckResult> {
    const activity = Context.current(); // captured here: postgres.js calls back outside the activity's async context
    const [count] = await sql<{ total: number }[]>`
      select count(*)::int as total from disclosures where community_id = ${communityId}`;
    const total = count?.total ?? 0;
    await markChainCheckRunning(sql, communityId, total);
    const r = await recheckCommunityChain(sql, communityId, {
      batch: 2000,
      onProgress: (checked) => {
        activity.heartbeat({ communityId, checked });
        void sql`update disclosure_checkpoints set running_checked = ${checked} where community_id = ${communityId}`.catch(() => {});
      },
    });
    await saveCheckpoint(sql, communityId, r.ok ? { ok: true, length: r.length, head: r.head, seq: r.lastSeq } : { ok: false, brokenSeq: r.brokenAt.seq, reason: r.reason });
    await sql`update disclosure_checkpoints set running_since = null, running_checked = null, running_total = null
              where community_id = ${communityId}`;
    return r.ok ? { communityId, ok: true, length: r.length } : { communityId, ok: false, length: r.length, brokenSeq: r.brokenAt.seq };
  }

  return {
    /** One community's chain, or every community's when no id is given. Safe to retry. */
    async recheckDisclosureChains(input: { communityId?: string }): Promise<ChainCheckResult[]> {
      const ids = input.communityId
        ? [input.communityId]
        : (await sql<{ id: string }[]>`select id from communities order by id`).map((r) => r.id);
      const out: ChainCheckResult[] = [];
      for (const id of ids) out.push(await checkOne(id));
      return out;
    },
  };
}
