/**
 * The public board: a community's or a whole street office's disclosures, newest first, filtered by
 * kind and year, searched in Chinese (bigram full text, migration 00008), paged by `seq` (keyset:
 * each page costs the same however deep). Also the incremental chain check the board shows.
 */
import { GENESIS_HASH, linkBreak, type DisclosureKind } from '../domain/disclosure';
import type { BoardFilter } from '../domain/board';
import type { PendingQuery, Row } from 'postgres';
import type { Sql } from './client.server';
import { contentOf, disclosureColumns, sha256Hex, type DisclosureRow } from './disclosures.server';

export type BoardEntry = {
  seq: number;
  id: string;
  communitySlug: string;
  communityNameZh: string;
  communityNameEn: string;
  kind: DisclosureKind;
  title: string;
  publishedAt: Date;
  visibleUntil: Date | null;
  corrects: string | null;
  correctionReason: string | null;
  corrected: boolean;
  hash: string;
};

export type BoardPage = { entries: BoardEntry[]; next: number | null };

export type BoardScope = { communityId: string } | { streetOfficeId: string };

/**
 * One page of a board. `walk`: how many of each community's newest entries a street's search reads
 * before it falls back to the full-text index (see `streetSearchWalk`).
 */
export async function boardPage(sql: Sql, scope: BoardScope, filter: BoardFilter, o: { walk?: number } = {}): Promise<BoardPage> {
  const limit = filter.pageSize + 1;
  // Fresh fragments for each query that uses them.
  const period = () => [
    filter.year
      ? sql`d.published_at >= make_timestamptz(${filter.year}, 1, 1, 0, 0, 0, 'Asia/Shanghai')
            and d.published_at < make_timestamptz(${filter.year + 1}, 1, 1, 0, 0, 0, 'Asia/Shanghai')`
      : sql`true`,
    filter.before ? sql`d.seq < ${filter.before}` : sql`true`,
  ];
  const where = () => [...period(), filter.q ? sql`d.search @@ minyi_search_query(${filter.q})` : sql`true`];
  // Each community's newest matching entries come from its own (community_id, seq) index, then the
  // few candidates are merged: a page costs the same whether a community published last or years ago,
  // and a street office's board reads at most (communities × page size) rows. With a kind filter the
  // walk is per (community, kind) on disclosures_kind_idx (community_id, kind, seq desc): with
  // `kind = any(…)` PostgreSQL read and sorted every entry of that kind in each community (2,000 per
  // community in the bench, 21 ms for a street board) instead of stopping after a page.
  const byKind = filter.kinds.length > 0;
  const columns = sql`
    d.seq::int as seq, d.id, c.slug as "communitySlug", c.name_zh as "communityNameZh", c.name_en as "communityNameEn",
    d.kind, d.title, d.published_at as "publishedAt", d.visible_until as "visibleUntil", d.corrects,
    d.correction_reason as "correctionReason", d.hash,
    exists (select 1 from disclosures x where x.corrects = d.id) as corrected`;
  const inScope = 'communityId' in scope ? sql`c.id = ${scope.communityId}` : sql`c.street_office_id = ${scope.streetOfficeId}`;
  // A street's search: first the newest entries of each community (a common word fills the page
  // from them), else one scan of the full-text index for the whole street, merged by seq. Per
  // community, PostgreSQL intersected the street's whole index scan with each community's rows, once
  // per community: 59 ms for ten communities in the bench. One community's search keeps the walk
  // below: there that intersection is what makes it cheap.
  const streetSearch = !!filter.q && 'streetOfficeId' in scope;
  const walked = streetSearch && !byKind ? await streetSearchWalk(sql, scope.streetOfficeId, filter.q!, period(), limit, o.walk ?? 200) : null;
  const rows = walked
    ? await sql<(BoardEntry & { seq: number })[]>`
        select ${columns} from disclosures d join communities c on c.id = d.community_id
        where d.seq = any(${walked}::bigint[]) order by d.seq desc`
    : streetSearch
      ? await sql<(BoardEntry & { seq: number })[]>`
          select ${columns}
          from disclosures d join communities c on c.id = d.community_id
          where ${inScope} and ${byKind ? sql`d.kind = any(${filter.kinds as string[]}::text[])` : sql`true`}
            and ${where().reduce((x, y) => sql`${x} and ${y}`)}
          order by d.seq desc
          limit ${limit}`
      : await sql<(BoardEntry & { seq: number })[]>`
        select ${columns}
        from communities c
        ${byKind ? sql`cross join unnest(${filter.kinds as string[]}::text[]) as k(kind)` : sql``}
        cross join lateral (
          -- "between c.id and c.id", not "= c.id", and community_id in the ORDER BY: with an equality
          -- PostgreSQL drops community_id from the ordering and walks the primary key (seq) through every
          -- other community's newer rows; this way it walks disclosures_community_idx, newest first.
          select * from disclosures d
          where d.community_id >= c.id and d.community_id <= c.id
            and ${byKind ? sql`d.kind >= k.kind and d.kind <= k.kind` : sql`true`} and ${where().reduce((x, y) => sql`${x} and ${y}`)}
          order by ${byKind ? sql`d.community_id, d.kind, d.seq desc` : sql`d.community_id, d.seq desc`} limit ${limit}
        ) d
        where ${inScope}
        order by d.seq desc
        limit ${limit}`;
  const more = rows.length > filter.pageSize;
  const entries = more ? rows.slice(0, filter.pageSize) : rows;
  return { entries, next: more ? entries[entries.length - 1]!.seq : null };
}

/**
 * A street's search from each community's `walk` newest entries (the community index, no full-text
 * scan): the page's seqs when they are surely the newest matches, else null. Sure when the page is
 * full and its last match is newer than the oldest entry read in every community whose walk stopped
 * short of its end (anything not read there is older still).
 */
async function streetSearchWalk(sql: Sql, streetOfficeId: string, q: string, period: PendingQuery<Row[]>[], limit: number, walk: number): Promise<number[] | null> {
  const [r] = await sql<{ seqs: number[] | null; horizon: number | null }[]>`
    with query as materialized (select minyi_search_query(${q}) as tsq), -- once, not once per row read
    read as (
      select c.id as community, d.seq, d.search @@ query.tsq as hit
      from query, communities c cross join lateral (
        select d.seq, d.search from disclosures d
        where d.community_id >= c.id and d.community_id <= c.id and ${period.reduce((x, y) => sql`${x} and ${y}`)}
        order by d.community_id, d.seq desc limit ${walk}
      ) d
      where c.street_office_id = ${streetOfficeId}
    ), per as (select community, count(*) as n, min(seq) as oldest from read group by community)
    select (select array_agg(seq::int order by seq desc) from (select seq from read where hit order by seq desc limit ${limit}) m) as seqs,
           (select max(oldest)::int from per where n = ${walk}) as horizon`;
  const seqs = r?.seqs ?? [];
  if (seqs.length < limit) return null;
  return r!.horizon === null || seqs[seqs.length - 1]! > r!.horizon ? seqs : null;
}

/**
 * The years a scope's disclosures span, newest first (for the year filter): from the first and the
 * last publication date of each community, two index lookups each, however many entries there are.
 */
export async function boardYears(sql: Sql, scope: BoardScope): Promise<number[]> {
  const [span] = await sql<{ first: number | null; last: number | null }[]>`
    select extract(year from min(m.lo) at time zone 'Asia/Shanghai')::int as first,
           extract(year from max(m.hi) at time zone 'Asia/Shanghai')::int as last
    from communities c,
         lateral (select min(d.published_at) as lo, max(d.published_at) as hi from disclosures d where d.community_id = c.id) m
    where ${'communityId' in scope ? sql`c.id = ${scope.communityId}` : sql`c.street_office_id = ${scope.streetOfficeId}`}`;
  if (!span?.first || !span.last) return [];
  return Array.from({ length: span.last - span.first + 1 }, (_, i) => span.last! - i);
}

export type Checkpoint = {
  seq: number;
  headHash: string;
  length: number;
  checkedAt: Date | null;
  brokenSeq: number | null;
  brokenReason: string | null;
};

export async function checkpointOf(sql: Sql, communityId: string): Promise<Checkpoint | undefined> {
  const [row] = await sql<Checkpoint[]>`
    select seq::int as seq, head_hash as "headHash", length, checked_at as "checkedAt",
           broken_seq::int as "brokenSeq", broken_reason as "brokenReason"
    from disclosure_checkpoints where community_id = ${communityId}`;
  return row;
}

export type BoardChain =
  | { ok: true; length: number; head: string; checkedAt: Date | null; pending: boolean }
  | { ok: false; brokenAt: number; reason: string; checkedAt: Date | null };

/**
 * What the board shows about the chain, at a cost that does not grow with the chain: the last full
 * check (checkpoint), plus the entries published after it, linked and hashed now. At most `limit`
 * newer entries are checked per view (`pending` then); the scheduled full check catches up.
 */
export async function boardChain(sql: Sql, communityId: string, limit = 200): Promise<BoardChain> {
  const cp = await checkpointOf(sql, communityId);
  if (cp?.brokenSeq) return { ok: false, brokenAt: cp.brokenSeq, reason: cp.brokenReason ?? 'hash', checkedAt: cp.checkedAt };
  const rows = await sql<DisclosureRow[]>`
    select ${disclosureColumns(sql)}
    from disclosures where community_id >= ${communityId} and community_id <= ${communityId} and seq > ${cp?.seq ?? 0}
    order by community_id desc, seq limit ${limit}`; // disclosures_community_idx walked backwards (see boardPage)
  let prev = cp?.headHash ?? GENESIS_HASH;
  const checkedAt = cp?.checkedAt ?? null;
  for (const r of rows) {
    const reason = linkBreak(prev, { ...r, content: contentOf(r) }, sha256Hex);
    if (reason) return { ok: false, brokenAt: r.seq, reason, checkedAt };
    prev = r.hash;
  }
  return { ok: true, length: (cp?.length ?? 0) + rows.length, head: prev, checkedAt, pending: rows.length === limit };
}

/**
 * Marks a full re-check as running: with `total` when the check itself starts (progress from 0),
 * without when someone asks for one (a check already running keeps its progress).
 */
export async function markChainCheckRunning(sql: Sql, communityId: string, total?: number): Promise<void> {
  await sql`
    insert into disclosure_checkpoints (community_id, seq, head_hash, length, checked_at, running_since, running_checked, running_total)
    values (${communityId}, 0, ${GENESIS_HASH}, 0, null, now(), 0, ${total ?? 0})
    on conflict (community_id) do update set
      running_since = ${total === undefined ? sql`coalesce(disclosure_checkpoints.running_since, now())` : sql`now()`},
      running_checked = ${total === undefined ? sql`coalesce(disclosure_checkpoints.running_checked, 0)` : sql`0`},
      running_total = ${total === undefined ? sql`coalesce(disclosure_checkpoints.running_total, 0)` : total}`;
}

/** Records a full re-check (db/disclosure-verify.server.ts) as the community's checkpoint. */
export async function saveCheckpoint(
  sql: Sql,
  communityId: string,
  r: { ok: true; length: number; head: string; seq: number } | { ok: false; brokenSeq: number; reason: string },
): Promise<void> {
  if (r.ok) {
    await sql`
      insert into disclosure_checkpoints (community_id, seq, head_hash, length, checked_at)
      values (${communityId}, ${r.seq}, ${r.head}, ${r.length}, now())
      on conflict (community_id) do update set seq = excluded.seq, head_hash = excluded.head_hash,
        length = excluded.length, checked_at = now(), broken_seq = null, broken_reason = null`;
  } else {
    await sql`
      insert into disclosure_checkpoints (community_id, seq, head_hash, length, checked_at, broken_seq, broken_reason)
      values (${communityId}, 0, ${GENESIS_HASH}, 0, now(), ${r.brokenSeq}, ${r.reason})
      on conflict (community_id) do update set checked_at = now(), broken_seq = excluded.broken_seq,
        broken_reason = excluded.broken_reason`;
  }
}
