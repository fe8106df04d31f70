/**
 * The service appraisal 对服务单位的民主评议 in PostgreSQL (DOMAIN.md §9.3): household ratings (one per
 * household per subject, a later one replacing the earlier inside the window), one-time codes,
 * moderated comments and the units' replies. Ratings are taken only while the plan row says the
 * survey is open (share lock of that row), so a rating is either in before the workflow closes the
 * window or refused. Households are keyed hashes (no address in these tables).
 */
import { randomInt } from 'node:crypto';
import { noCounts, type GradeCounts } from '../domain/appraisal';
import { allowed, refuse, type Verdict } from '../domain/errors';
import type { Queryable, Sql } from './client.server';
import { appraisalDigest } from './appraisal.server';
import { claimAttempt, codeBuckets, settleAttempt } from './throttle.server';

export type ServiceRating = { subjectId: string; grade: 'good' | 'fair' | 'poor'; comment?: string };

/** The household of a signed-in resident: their building and unit, else the person alone. */
export async function householdKeyOf(q: Queryable, communityId: string, userId: string): Promise<string | null> {
  const [p] = await q<{ building: string | null; unit: string | null }[]>`
    select building, unit from people where user_id = ${userId} and community_id = ${communityId} and status = 'active'`;
  const [m] = p ? [true] : await q`select 1 from memberships where user_id = ${userId} and community_id = ${communityId} and role = 'resident'`;
  if (!p && !m) return null;
  return p?.building && p.unit
    ? appraisalDigest(`household:${communityId}:${p.building.trim()}:${p.unit.trim()}`)
    : appraisalDigest(`person:${communityId}:${userId}`);
}

async function openSurvey(tx: Queryable, communityId: string, planId: string): Promise<Verdict & { subjects?: Set<string> }> {
  const [plan] = await tx<{ stage: string; open: boolean }[]>`
    select stage, (closes_at is not null and now() < closes_at) as open from appraisal_plans
    where id = ${planId} and community_id = ${communityId} and kind = 'service' for share`;
  if (!plan) return refuse('appraisal.errors.notFound');
  if (plan.stage !== 'surveying' || !plan.open) return refuse('appraisal.errors.surveyClosed');
  const rows = await tx<{ id: string }[]>`select subject_id as id from appraisal_subjects where plan_id = ${planId}`;
  return { ok: true as const, subjects: new Set(rows.map((r) => r.id)) };
}

async function writeRatings(tx: Queryable, planId: string, householdKey: string, ratings: ServiceRating[]) {
  for (const r of ratings) {
    await tx`
      insert into service_ratings (plan_id, subject_id, household_key, grade) values (${planId}, ${r.subjectId}, ${householdKey}, ${r.grade})
      on conflict (plan_id, subject_id, household_key) do update set grade = excluded.grade`;
    if (r.comment) await tx`insert into service_comments (plan_id, subject_id, body) values (${planId}, ${r.subjectId}, ${r.comment})`;
  }
}

function checkRatings(ratings: ServiceRating[], subjects: Set<string>): Verdict {
  if (!ratings.length) return refuse('appraisal.errors.ballotEmpty');
  if (new Set(ratings.map((r) => r.subjectId)).size !== ratings.length) return refuse('appraisal.errors.subjectRepeated');
  return ratings.every((r) => subjects.has(r.subjectId)) ? allowed : refuse('appraisal.errors.subjectNotInPlan');
}

/** A signed-in resident's ratings for their household (replacing the household's earlier ones). */
export async function rateServices(
  sql: Sql,
  a: { communityId: string; planId: string; userId: string; ratings: ServiceRating[] },
): Promise<Verdict> {
  return sql.begin(async (tx): Promise<Verdict> => {
    const open = await openSurvey(tx, a.communityId, a.planId);
    if (!open.ok) return open;
    const valid = checkRatings(a.ratings, open.subjects!);
    if (!valid.ok) return valid;
    const household = await householdKeyOf(tx, a.communityId, a.userId);
    if (!household) return refuse('appraisal.errors.householdUnknown');
    await writeRatings(tx, a.planId, household, a.ratings);
    return allowed;
  });
}

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const normalizeServiceCode = (code: string) => code.normalize('NFKC').toUpperCase().replace(/[^A-Z0-9]/g, '');
const codeHash = (planId: string, code: string) => appraisalDigest(`code:${planId}:${normalizeServiceCode(code)}`);

/** Issues `count` one-time codes, one per household without an account; shown once in clear. */
export async function issueServiceCodes(sql: Sql, a: { planId: string; count: number; userId: string }): Promise<string[]> {
  const codes = Array.from({ length: a.count }, () => {
    let s = '';
    for (let i = 0; i < 8; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    return `${s.slice(0, 4)}-${s.slice(4)}`;
  });
  const values = codes.map((c) => ({ plan_id: a.planId, code_hash: codeHash(a.planId, c), issued_by: a.userId }));
  if (values.length) await sql`insert into service_codes ${sql(values as never, 'plan_id', 'code_hash', 'issued_by')}`;
  return codes;
}

/** Ratings with a one-time code: the code is one household's and is used up by this form. */
export async function rateServicesWithCode(
  sql: Sql,
  a: { communityId: string; planId: string; code: string; ratings: ServiceRating[]; client?: string },
): Promise<Verdict> {
  // Every try is claimed against the client's and the code prefix's bucket first (decision 022).
  const buckets = codeBuckets(a.planId, normalizeServiceCode(a.code), a.client);
  const claim = await claimAttempt(sql, buckets);
  if (!claim.ok) return refuse('security.code.throttled', { seconds: claim.retryAfterSeconds });
  const verdict = await sql.begin(async (tx): Promise<Verdict> => {
    const open = await openSurvey(tx, a.communityId, a.planId);
    if (!open.ok) return open;
    const valid = checkRatings(a.ratings, open.subjects!);
    if (!valid.ok) return valid;
    const [code] = await tx<{ id: string }[]>`
      update service_codes set used = true where plan_id = ${a.planId} and code_hash = ${codeHash(a.planId, a.code)} and not used returning id`;
    if (!code) return refuse('appraisal.errors.codeInvalid');
    await writeRatings(tx, a.planId, appraisalDigest(`code-household:${code.id}`), a.ratings);
    return allowed;
  });
  if (verdict.ok || verdict.key !== 'appraisal.errors.codeInvalid') await settleAttempt(sql, { refund: buckets.map((b) => b.key) });
  return verdict;
}

/** Ratings per subject (households counted once each). */
export async function serviceCounts(q: Queryable, planId: string): Promise<Record<string, GradeCounts>> {
  const rows = await q<{ subjectId: string; grade: 'good' | 'fair' | 'poor'; n: number }[]>`
    select subject_id as "subjectId", grade, count(*)::int as n from service_ratings where plan_id = ${planId} group by subject_id, grade`;
  const subjects = await q<{ id: string }[]>`select subject_id as id from appraisal_subjects where plan_id = ${planId} order by position`;
  const out: Record<string, GradeCounts> = Object.fromEntries(subjects.map((s) => [s.id, noCounts()]));
  for (const r of rows) out[r.subjectId] = { ...(out[r.subjectId] ?? noCounts()), [r.grade]: r.n };
  return out;
}

export type CommentRow = { id: string; subjectId: string; body: string; status: 'pending' | 'approved' | 'rejected' };

export async function commentsOf(q: Queryable, planId: string, status?: CommentRow['status']): Promise<CommentRow[]> {
  return q<CommentRow[]>`
    select id, subject_id as "subjectId", body, status from service_comments
    where plan_id = ${planId} ${status ? q`and status = ${status}` : q``} order by subject_id, body`;
}

/** A committee member approves or rejects one comment (no personal data may be published). */
export async function moderateComment(
  sql: Sql,
  a: { communityId: string; planId: string; commentId: string; approve: boolean; userId: string },
): Promise<Verdict> {
  if (!/^[0-9a-f-]{36}$/i.test(a.commentId)) return refuse('appraisal.errors.commentNotFound');
  const rows = await sql`
    update service_comments c set status = ${a.approve ? 'approved' : 'rejected'}, moderated_by = ${a.userId}
    from appraisal_plans p
    where c.id = ${a.commentId} and c.plan_id = ${a.planId} and p.id = c.plan_id and p.community_id = ${a.communityId}
      and p.stage not in ('published', 'finished')
    returning 1`;
  return rows.length ? allowed : refuse('appraisal.errors.commentNotFound');
}

export async function recordReply(sql: Sql, r: { planId: string; subjectId: string; body: string; recordedBy: string; at: number }) {
  await sql`
    insert into service_replies (plan_id, subject_id, body, recorded_by, published_at)
    values (${r.planId}, ${r.subjectId}, ${r.body}, ${r.recordedBy}, ${new Date(r.at)})
    on conflict (plan_id, subject_id) do nothing`;
}

export async function repliesOf(q: Queryable, planId: string): Promise<{ subjectId: string; body: string; publishedAt: Date }[]> {
  return q`select subject_id as "subjectId", body, published_at as "publishedAt" from service_replies where plan_id = ${planId}` as never;
}
