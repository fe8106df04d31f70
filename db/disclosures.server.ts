/** The hash-chained disclosure table: publishing (idempotent) and reading the public board. */
import { createHash } from 'node:crypto';
import {
  GENESIS_HASH,
  chainInput,
  verifyChain,
  type ChainLink,
  type DisclosureContent,
  type DisclosureKind,
} from '../domain/disclosure';
import type { Queryable, Sql } from './client.server';

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export type PublishDisclosure = {
  communityId: string;
  kind: DisclosureKind;
  subjectType: string;
  subjectId: string;
  title: string;
  body: DisclosureContent['body'];
  corrects?: string;
  correctionReason?: string;
  substantive?: boolean;
  publishedAt: Date;
  visibleUntil?: Date;
  /** workflow id + step: publishing again with the same key returns the first row. */
  idempotencyKey: string;
};

export type DisclosureRow = {
  seq: number;
  id: string;
  communityId: string;
  kind: DisclosureKind;
  subjectType: string;
  subjectId: string;
  title: string;
  body: DisclosureContent['body'];
  corrects: string | null;
  correctionReason: string | null;
  substantive: boolean | null;
  publishedAt: Date;
  visibleUntil: Date | null;
  prevHash: string;
  hash: string;
};

/** The columns of a DisclosureRow, for every query that reads disclosures. */
export const disclosureColumns = (sql: Queryable) => sql`
  seq::int as seq, id, community_id as "communityId", kind, subject_type as "subjectType", subject_id as "subjectId",
  title, body, corrects, correction_reason as "correctionReason", substantive, published_at as "publishedAt",
  visible_until as "visibleUntil", prev_hash as "prevHash", hash`;

export function contentOf(d: Omit<DisclosureRow, 'seq' | 'id' | 'prevHash' | 'hash'>): DisclosureContent {
  return {
    communityId: d.communityId,
    kind: d.kind,
    subjectType: d.subjectType,
    subjectId: d.subjectId,
    title: d.title,
    body: d.body,
    corrects: d.corrects,
    correctionReason: d.correctionReason,
    substantive: d.substantive,
    publishedAt: new Date(d.publishedAt).toISOString(),
    visibleUntil: d.visibleUntil ? new Date(d.visibleUntil).toISOString() : null,
  };
}

/**
 * Appends a disclosure to its community's chain. Concurrent publishers of one community are
 * serialised by a transaction-level advisory lock, so each row links to the true previous head.
 */
export async function publishDisclosure(sql: Sql, d: PublishDisclosure): Promise<DisclosureRow> {
  return sql.begin(async (tx) => {
    const [existing] = await tx<DisclosureRow[]>`select ${disclosureColumns(tx)} from disclosures where idempotency_key = ${d.idempotencyKey}`;
    if (existing) return existing;
    await tx`select pg_advisory_xact_lock(hashtextextended(${'disclosures:' + d.communityId}, 0))`;
    const [again] = await tx<DisclosureRow[]>`select ${disclosureColumns(tx)} from disclosures where idempotency_key = ${d.idempotencyKey}`;
    if (again) return again;
    const [head] = await tx<{ hash: string }[]>`
      select hash from disclosures where community_id = ${d.communityId} order by seq desc limit 1`;
    const prevHash = head?.hash ?? GENESIS_HASH;
    const content = contentOf({
      communityId: d.communityId,
      kind: d.kind,
      subjectType: d.subjectType,
      subjectId: d.subjectId,
      title: d.title,
      body: d.body,
      corrects: d.corrects ?? null,
      correctionReason: d.correctionReason ?? null,
      substantive: d.substantive ?? null,
      publishedAt: d.publishedAt,
      visibleUntil: d.visibleUntil ?? null,
    });
    const hash = sha256Hex(chainInput(prevHash, content));
    const [row] = await tx<DisclosureRow[]>`
      insert into disclosures (community_id, kind, subject_type, subject_id, title, body, corrects, correction_reason,
                               substantive, published_at, visible_until, idempotency_key, prev_hash, hash)
      values (${d.communityId}, ${d.kind}, ${d.subjectType}, ${d.subjectId}, ${d.title}, ${tx.json(d.body as never)},
              ${d.corrects ?? null}, ${d.correctionReason ?? null}, ${d.substantive ?? null},
              ${content.publishedAt}, ${content.visibleUntil}, ${d.idempotencyKey}, ${prevHash}, ${hash})
      returning ${disclosureColumns(tx)}`;
    return row!;
  });
}

export async function communityDisclosures(sql: Sql, communityId: string): Promise<DisclosureRow[]> {
  return sql<DisclosureRow[]>`select ${disclosureColumns(sql)} from disclosures where community_id = ${communityId} order by seq desc`;
}

export async function disclosureById(sql: Sql, communityId: string, id: string): Promise<DisclosureRow | undefined> {
  const [row] = await sql<DisclosureRow[]>`
    select ${disclosureColumns(sql)} from disclosures where community_id = ${communityId} and id = ${id}`;
  return row;
}

export async function disclosuresOf(sql: Sql, subjectType: string, subjectId: string): Promise<DisclosureRow[]> {
  return sql<DisclosureRow[]>`
    select ${disclosureColumns(sql)} from disclosures where subject_type = ${subjectType} and subject_id = ${subjectId} order by seq`;
}

/** Recomputes a community's whole chain from the stored rows. */
export async function verifyCommunityChain(sql: Sql, communityId: string) {
  const rows = await sql<DisclosureRow[]>`select ${disclosureColumns(sql)} from disclosures where community_id = ${communityId} order by seq`;
  const links: ChainLink[] = rows.map((r) => ({ seq: r.seq, prevHash: r.prevHash, hash: r.hash, content: contentOf(r) }));
  return verifyChain(links, sha256Hex);
}
