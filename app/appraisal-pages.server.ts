/**
 * What the appraisal pages read (DOMAIN.md §9): the list, the plan and progress page, the rater's
 * form, the public result, the street office's comparison and the export rows. No personal data
 * beyond the subjects' names (public with the result); never who rated what.
 */
import { db } from '../db/client.server';
import { commentsOf, repliesOf } from '../db/appraisal-service.server';
import * as q from '../db/appraisal.server';
import type { AppraisalState, ServiceState } from '../domain/appraisal';

/** A service appraisal's units and whether its survey is open (the one-time code page). */
export async function serviceSurvey(communityId: string, planId: string) {
  const row = await q.appraisalById(db(), communityId, planId);
  if (!row || row.kind !== 'service') return undefined;
  const s = row.snapshot as unknown as ServiceState;
  return { id: row.id, title: row.title, subjects: s.subjects.map((x) => ({ id: x.id, name: x.name })), open: row.stage === 'surveying' };
}

export async function appraisalList(communityId: string) {
  return (await q.appraisalsOf(db(), communityId)).map((r) => ({ id: r.id, kind: r.kind, year: r.year, title: r.title, stage: r.stage }));
}

/** The people a plan can name on a date: committee members (subjects) and raters. */
export async function planChoices(communityId: string, date: string) {
  const members = [...(await q.committeeOn(db(), communityId, date)).values()].map((m) => ({ id: m.userId, name: m.name }));
  const raters = (await q.ratersOn(db(), communityId, date)).map((r) => ({ id: r.userId, name: r.name }));
  return { members, raters };
}

export type PlanPage = {
  id: string; kind: 'cadre' | 'service'; stage: string; year: number; title: string; closesAt: number | null;
  cadre?: AppraisalState; raters?: { id: string; name: string }[]; counts?: { raters: number; online: number; paper: number };
  mine?: 'online' | 'paper' | null; isRater?: boolean;
  /** Who entered the paper totals (a supervisor, not a rater: the second person must see whose numbers they confirm). */
  paperEnteredBy?: string | null;
  service?: ServiceState; comments?: Awaited<ReturnType<typeof commentsOf>>; replies?: { subjectId: string; body: string; publishedAt: Date }[];
};

async function nameOf(userId: string): Promise<string | null> {
  const [r] = await db()<{ name: string }[]>`select coalesce(p.name, u.display_name) as name from users u
    left join people p on p.user_id = u.id where u.id = ${userId} limit 1`;
  return r?.name ?? null;
}

export async function planPage(communityId: string, planId: string, viewerId: string): Promise<PlanPage | undefined> {
  const row = await q.appraisalById(db(), communityId, planId);
  if (!row) return undefined;
  const base = { id: row.id, kind: row.kind, stage: row.stage, year: row.year, title: row.title, closesAt: row.closesAt?.getTime() ?? null };
  if (row.kind === 'cadre') {
    const s = row.snapshot as unknown as AppraisalState;
    const [names, counts, mine] = await Promise.all([
      db()<{ id: string; name: string }[]>`select r.user_id as id, coalesce(p.name, u.display_name) as name from appraisal_raters r
        join users u on u.id = r.user_id left join people p on p.user_id = r.user_id where r.plan_id = ${planId} order by name`,
      q.returnCounts(db(), planId),
      q.returnOf(db(), planId, viewerId),
    ]);
    const paperEnteredBy = s.paper ? await nameOf(s.paper.enteredBy) : null;
    return { ...base, cadre: s, raters: [...names], counts, mine, isRater: s.raterIds.includes(viewerId), paperEnteredBy };
  }
  const s = row.snapshot as unknown as ServiceState;
  return { ...base, service: s, comments: await commentsOf(db(), planId), replies: await repliesOf(db(), planId) };
}

/** A published result as the board shows it (the disclosure's body is the public record). */
export async function publicResult(communityId: string, planId: string) {
  const [d] = await db()<{ id: string; kind: string; title: string; body: Record<string, unknown>; publishedAt: Date; hash: string }[]>`
    select id, kind, title, body, published_at as "publishedAt", hash from disclosures
    where community_id = ${communityId} and subject_id = ${planId} and kind in ('appraisal_result', 'service_appraisal_result')
    order by seq desc limit 1`;
  if (!d) return undefined;
  const replies = await db()<{ body: { subject: string; reply: string } }[]>`
    select body from disclosures where community_id = ${communityId} and subject_id = ${planId} and kind = 'service_appraisal_reply' order by seq`;
  return { ...d, publishedAt: d.publishedAt.getTime(), replies: replies.map((r) => r.body) };
}

/** Per community and year, the published cadre results' satisfaction (the street office's view). */
export async function streetComparison(streetOfficeId: string) {
  const rows = await db()<{ community: string; nameZh: string; nameEn: string; year: number; kind: string; body: { subjects: { name: string; satisfactionPermille?: number | null; result?: { kind: string; satisfactionPermille?: number; n: number } }[] } }[]>`
    select c.slug as community, c.name_zh as "nameZh", c.name_en as "nameEn", p.year, p.kind, d.body
    from appraisal_plans p join communities c on c.id = p.community_id
    join disclosures d on d.subject_id = p.id::text and d.kind in ('appraisal_result', 'service_appraisal_result')
    where c.street_office_id = ${streetOfficeId} order by c.name_zh, p.year`;
  return rows.map((r) => {
    const rates = r.body.subjects
      .map((s) => (r.kind === 'cadre' ? s.satisfactionPermille : s.result?.kind === 'rated' ? s.result.satisfactionPermille : null))
      .filter((x): x is number => typeof x === 'number');
    return { community: r.community, nameZh: r.nameZh, nameEn: r.nameEn, year: r.year, kind: r.kind as 'cadre' | 'service', subjects: r.body.subjects.length, averagePermille: rates.length ? Math.floor(rates.reduce((a, b) => a + b, 0) / rates.length) : null };
  });
}

/** A spreadsheet cell that a spreadsheet program will not run as a formula (OWASP CSV injection). */
export const safeCell = (v: string | number | null): string | number => {
  if (v === null) return '';
  if (typeof v === 'number') return v;
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
};

/** The rows of a result export: per subject the counts, valid forms and satisfaction. No rater, no personal data. */
export function exportRows(r: NonNullable<Awaited<ReturnType<typeof publicResult>>>): (string | number)[][] {
  const body = r.body as { subjects: { name: string; counts?: Record<string, number>; valid?: number; satisfactionPermille?: number | null; overall?: string | null; result?: { kind: string; n: number; satisfactionPermille?: number } }[] };
  const head = ['subject', 'good', 'fair', 'poor', 'n', 'satisfaction_percent', 'overall'];
  const rows = body.subjects.map((s) => {
    const c = s.counts ?? { good: 0, fair: 0, poor: 0 };
    const n = s.valid ?? s.result?.n ?? 0;
    const rate = s.satisfactionPermille ?? s.result?.satisfactionPermille ?? null;
    return [s.name, c.good ?? 0, c.fair ?? 0, c.poor ?? 0, n, rate === null ? '' : rate / 10, s.overall ?? s.result?.kind ?? ''].map((v) => safeCell(v));
  });
  return [head, ...rows];
}
