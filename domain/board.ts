/**
 * The public board's filters (DOMAIN.md §6): which kinds a person can pick, years, a search text.
 * Parsed from the page address (GET form), so every filtered page has a stable address.
 */
import { z } from 'zod';
import type { DisclosureKind } from './disclosure';

/** The groups a reader picks from; each maps to the disclosure kinds it shows. */
export const BOARD_KIND_GROUPS = {
  resolution: ['resolution', 'withdrawal'], // 决议公开 (a withdrawal is disclosed like one)
  implementation_result: ['implementation_result'], // 实施结果公开
  election: ['election_plan', 'candidate_list', 'election_result'], // 选举
  consultation: ['consultation_topic', 'consultation_outcome'], // 协商
  catalogue: ['catalogue'], // 协商事项目录
  finance: ['finance'], // 财务公开
  appraisal: ['appraisal_result', 'service_appraisal_result', 'service_appraisal_reply'], // 民主评议
} as const satisfies Record<string, readonly DisclosureKind[]>;
export type BoardKindGroup = keyof typeof BOARD_KIND_GROUPS;
export const BOARD_KIND_GROUP_IDS = Object.keys(BOARD_KIND_GROUPS) as BoardKindGroup[];

export const BOARD_PAGE_SIZE = 20;
export const BOARD_QUERY_MAX = 50;

const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);

export const boardQuerySchema = z.object({
  kind: z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(BOARD_KIND_GROUP_IDS as [BoardKindGroup, ...BoardKindGroup[]])).max(BOARD_KIND_GROUP_IDS.length),
  ),
  year: z.preprocess((v) => (one(v) === '' ? undefined : one(v)), z.coerce.number().int().min(2000).max(2100).optional()),
  q: z.preprocess(
    (v) => (typeof one(v) === 'string' ? (one(v) as string).trim() : undefined),
    z.string().max(BOARD_QUERY_MAX, 'board.queryTooLong').optional(),
  ),
  before: z.preprocess((v) => (one(v) === '' ? undefined : one(v)), z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional()),
});

export type BoardFilter = {
  groups: BoardKindGroup[];
  kinds: DisclosureKind[];
  year?: number;
  q?: string;
  before?: number;
  pageSize: number;
};

/** Reads the board's filters from a URL; anything malformed is dropped (the page still shows). */
export function boardFilterFrom(url: URL): { filter: BoardFilter; error?: string } {
  const raw: Record<string, unknown> = {};
  for (const key of ['kind', 'year', 'q', 'before']) {
    const all = url.searchParams.getAll(key);
    raw[key] = key === 'kind' ? all : all[0];
  }
  const parsed = boardQuerySchema.safeParse(raw);
  const value = parsed.success ? parsed.data : { kind: [] as BoardKindGroup[] };
  const error = parsed.success ? undefined : (parsed.error.issues[0]?.message ?? 'board.badFilter');
  const groups = [...new Set(value.kind)];
  return {
    filter: {
      groups,
      kinds: groups.flatMap((g) => BOARD_KIND_GROUPS[g]),
      year: 'year' in value ? value.year : undefined,
      q: 'q' in value && value.q ? value.q : undefined,
      before: 'before' in value ? value.before : undefined,
      pageSize: BOARD_PAGE_SIZE,
    },
    error: error && error.startsWith('board.') ? error : error ? 'board.badFilter' : undefined,
  };
}

/** The address of a board page with these filters (and optionally a page cursor). */
export function boardSearch(filter: Pick<BoardFilter, 'groups' | 'year' | 'q'>, before?: number): string {
  const p = new URLSearchParams();
  for (const g of filter.groups) p.append('kind', g);
  if (filter.year) p.set('year', String(filter.year));
  if (filter.q) p.set('q', filter.q);
  if (before) p.set('before', String(before));
  const s = p.toString();
  return s ? `?${s}` : '';
}

