/**
 * The cadre appraisal 述职述廉与民主评议 in PostgreSQL (DOMAIN.md §9.2): the state row the workflow's
 * activity writes, the roster as of the plan date, and the secret ballot.
 *
 * Ballot secrecy (decision 037, after the election's decision 026). `castAppraisalBallot` writes, in
 * ONE transaction under a share lock of the plan row (stage 'rating', window open), the rater's
 * participation flag (`appraisal_returns`: plan, rater, channel — no time) and the form, sealed with
 * AES-256-GCM under a key derived from the data key, into `appraisal_ballot_buffer`. The sealed form
 * carries a slot, HMAC(data key, plan:rater), so that a rater's second form replaces the first; the
 * whole buffer of the plan is rewritten with every cast (fresh seals, random order, one xmin), so
 * neither physical order nor xmin nor ciphertext says which row is whose. At the tally the buffer is
 * opened, the slots dropped, and the forms inserted into `appraisal_ratings` (random id, no rater,
 * no time) in an order shuffled with a CSPRNG, in one transaction; the buffer is emptied.
 * Residual risk: while the window is open someone with the database AND the data key can compute
 * each rater's slot; after the tally nothing pairs a rater with a rating.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomInt } from 'node:crypto';
import { checkBallot, countBallot, ratedPlan, type AppraisalBallot, type AppraisalState, type FormCounts } from '../domain/appraisal';
import { refuse, type Verdict } from '../domain/errors';
import type { Queryable, Sql } from './client.server';
import { derivedDataKey } from './elections.server';
import { activeOn } from './people.server';

let keys: { seal: Buffer; slot: Buffer } | undefined;
const appraisalKeys = () => (keys ??= { seal: derivedDataKey('appraisal-ballot-seal'), slot: derivedDataKey('appraisal-ballot-slot') });

function seal(plain: unknown): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', appraisalKeys().seal, iv);
  const body = Buffer.concat([c.update(Buffer.from(JSON.stringify(plain), 'utf8')), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}
function unseal<T>(blob: Buffer): T {
  const d = createDecipheriv('aes-256-gcm', appraisalKeys().seal, blob.subarray(0, 12));
  d.setAuthTag(blob.subarray(12, 28));
  return JSON.parse(Buffer.concat([d.update(blob.subarray(28)), d.final()]).toString('utf8')) as T;
}
/** Keyed digest for a purpose of the appraisal (ballot slots, households, one-time codes). */
export const appraisalDigest = (message: string) => createHmac('sha256', appraisalKeys().slot).update(message, 'utf8').digest('hex');
const slotOf = (planId: string, raterId: string) => appraisalDigest(`slot:${planId}:${raterId}`);

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = randomInt(i + 1); // Fisher–Yates with a CSPRNG
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

// ─── The roster as of a date ────────────────────────────────────────────────────────────────────

export type OfficeHolderOn = { userId: string; name: string; since: string };

/** Residents' committee members holding office on `date` (YYYY-MM-DD), with the first day of that office. */
export async function committeeOn(sql: Sql, communityId: string, date: string): Promise<Map<string, OfficeHolderOn>> {
  const rows = await sql<OfficeHolderOn[]>`
    select m.user_id as "userId", coalesce(p.name, u.display_name) as name, to_char(min(m.starts_on), 'YYYY-MM-DD') as since
    from memberships m join users u on u.id = m.user_id left join people p on p.user_id = m.user_id
    where m.community_id = ${communityId} and m.role = 'committee_member' and ${activeOn(sql, date)}
    group by m.user_id, p.name, u.display_name order by name`;
  return new Map(rows.map((r) => [r.userId, r]));
}

/** Who may rate on `date`: the residents' representatives' meeting (representatives and committee members). */
export async function ratersOn(sql: Sql, communityId: string, date: string): Promise<{ userId: string; name: string }[]> {
  return sql<{ userId: string; name: string }[]>`
    select distinct m.user_id as "userId", coalesce(p.name, u.display_name) as name
    from memberships m join users u on u.id = m.user_id left join people p on p.user_id = m.user_id
    where m.community_id = ${communityId} and m.role in ('resident_representative', 'committee_member') and ${activeOn(sql, date)}
    order by name`;
}

/** Of `userIds`, those no longer committee members today (left office before the meeting, §9.4). */
export async function leftOffice(sql: Sql, communityId: string, userIds: string[]): Promise<string[]> {
  if (!userIds.length) return [];
  const still = await sql<{ userId: string }[]>`
    select distinct m.user_id as "userId" from memberships m
    where m.community_id = ${communityId} and m.role = 'committee_member' and ${activeOn(sql)} and m.user_id in ${sql(userIds)}`;
  const held = new Set(still.map((r) => r.userId));
  return userIds.filter((id) => !held.has(id));
}

// ─── The state row ──────────────────────────────────────────────────────────────────────────────

export interface AppraisalStep {
  planId: string;
  kind: 'cadre' | 'service';
  step: number;
  stage: string;
  snapshot: { communityId: string; year: number; title: string } & Record<string, unknown>;
  closesAt: number | null;
  create?: { dayMs: number; createdBy: string; subjects: { id: string; name: string; unitKind?: string }[]; raterIds: string[] };
  paper?: { totals: unknown; enteredBy: string; confirmedBy: string | null } | null;
  event: { at: number; action: string; fromStage: string; toStage: string; actorId: string | null };
}

/** Writes one workflow step (idempotent: an older or repeated step writes nothing twice). */
export async function recordAppraisalStep(sql: Sql, s: AppraisalStep): Promise<void> {
  await sql.begin(async (tx) => {
    const snap = s.snapshot;
    const closesAt = s.closesAt === null ? null : new Date(s.closesAt);
    if (s.create) {
      const [made] = await tx`
        insert into appraisal_plans (id, community_id, kind, year, title, stage, snapshot, step, day_ms, closes_at, created_by)
        values (${s.planId}, ${snap.communityId}, ${s.kind}, ${snap.year}, ${snap.title}, ${s.stage}, ${tx.json(snap as never)},
                ${s.step}, ${s.create.dayMs}, ${closesAt}, ${s.create.createdBy})
        on conflict (id) do nothing returning 1`;
      if (made) {
        const subjects = s.create.subjects.map((x, position) => ({ plan_id: s.planId, subject_id: x.id, position, name: x.name, unit_kind: x.unitKind ?? null }));
        await tx`insert into appraisal_subjects ${tx(subjects as never, 'plan_id', 'subject_id', 'position', 'name', 'unit_kind')}`;
        const raters = s.create.raterIds.map((user_id) => ({ plan_id: s.planId, user_id }));
        if (raters.length) await tx`insert into appraisal_raters ${tx(raters as never, 'plan_id', 'user_id')}`;
      }
    } else {
      await tx`
        update appraisal_plans set stage = ${s.stage}, snapshot = ${tx.json(snap as never)}, step = ${s.step},
               closes_at = ${closesAt}, updated_at = now()
        where id = ${s.planId} and step < ${s.step}`;
    }
    if (s.paper) {
      await tx`
        insert into appraisal_paper_totals (plan_id, totals, entered_by, confirmed_by)
        values (${s.planId}, ${tx.json(s.paper.totals as never)}, ${s.paper.enteredBy}, ${s.paper.confirmedBy})
        on conflict (plan_id) do update set totals = excluded.totals, entered_by = excluded.entered_by, confirmed_by = excluded.confirmed_by
        where appraisal_paper_totals.confirmed_by is null`;
    }
    await tx`
      insert into appraisal_events (plan_id, step, at, action, from_stage, to_stage, actor_user_id)
      values (${s.planId}, ${s.step}, ${new Date(s.event.at)}, ${s.event.action}, ${s.event.fromStage}, ${s.event.toStage}, ${s.event.actorId})
      on conflict (plan_id, step) do nothing`;
  });
}

export type AppraisalRow = {
  id: string;
  communityId: string;
  kind: 'cadre' | 'service';
  year: number;
  title: string;
  stage: string;
  snapshot: Record<string, unknown>;
  step: number;
  closesAt: Date | null;
  createdAt: Date;
};
const planColumns = (q: Queryable) => q`
  id, community_id as "communityId", kind, year, title, stage, snapshot, step, closes_at as "closesAt", created_at as "createdAt"`;

export async function appraisalById(q: Queryable, communityId: string, planId: string): Promise<AppraisalRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(planId)) return undefined;
  const [row] = await q<AppraisalRow[]>`select ${planColumns(q)} from appraisal_plans where id = ${planId} and community_id = ${communityId}`;
  return row;
}

export async function appraisalsOf(q: Queryable, communityId: string): Promise<AppraisalRow[]> {
  return q<AppraisalRow[]>`select ${planColumns(q)} from appraisal_plans where community_id = ${communityId} order by year desc, created_at desc`;
}

/** The latest published cadre result before `year` for each subject (two years in a row, §9.2 step 6). */
export async function lastYearGrades(q: Queryable, communityId: string, year: number): Promise<Record<string, string>> {
  const [row] = await q<{ snapshot: AppraisalState }[]>`
    select snapshot from appraisal_plans where community_id = ${communityId} and kind = 'cadre' and stage = 'published' and year = ${year - 1}
    order by created_at desc limit 1`;
  const out: Record<string, string> = {};
  for (const [id, t] of Object.entries(row?.snapshot.result?.subjects ?? {})) if (t.overall) out[id] = t.overall;
  return out;
}

// ─── The secret ballot ──────────────────────────────────────────────────────────────────────────

type Sealed = { slot: string; ballot: AppraisalBallot };

/**
 * One rater's online form (see the file comment). Refused, changing nothing: outside the window, a
 * rater not in the plan, a rater who took a paper form, a form that fails the domain's check. A
 * second form of the same rater inside the window replaces the first.
 */
export async function castAppraisalBallot(sql: Sql, a: { planId: string; raterId: string; ballot: AppraisalBallot }): Promise<Verdict> {
  return sql.begin(async (tx): Promise<Verdict> => {
    const [plan] = await tx<{ stage: string; open: boolean; snapshot: AppraisalState }[]>`
      select stage, (closes_at is not null and now() < closes_at) as open, snapshot from appraisal_plans
      where id = ${a.planId} and kind = 'cadre' for share`;
    if (!plan) return refuse('appraisal.errors.notFound');
    if (plan.stage !== 'rating' || !plan.open)
      return refuse(['planned', 'reports_delivered', 'meeting'].includes(plan.stage) ? 'appraisal.errors.ratingNotOpen' : 'appraisal.errors.ratingClosed');
    const [rater] = await tx`select 1 from appraisal_raters where plan_id = ${a.planId} and user_id = ${a.raterId}`;
    if (!rater) return refuse('appraisal.errors.raterNotInPlan');
    const valid = checkBallot(a.ballot, ratedPlan(plan.snapshot), a.raterId);
    if (!valid.ok) return valid;
    await tx`select pg_advisory_xact_lock(hashtextextended(${`appraisal-buffer:${a.planId}`}, 716))`;
    const [prior] = await tx<{ channel: string }[]>`
      select channel from appraisal_returns where plan_id = ${a.planId} and rater_id = ${a.raterId}`;
    if (prior?.channel === 'paper') return refuse('appraisal.errors.paperIssued');
    if (!prior) await tx`insert into appraisal_returns (plan_id, rater_id, channel) values (${a.planId}, ${a.raterId}, 'online')`;
    const slot = slotOf(a.planId, a.raterId);
    const rows = await tx<{ sealed: Buffer }[]>`delete from appraisal_ballot_buffer where plan_id = ${a.planId} returning sealed`;
    const forms = rows.map((r) => unseal<Sealed>(r.sealed)).filter((f) => f.slot !== slot);
    forms.push({ slot, ballot: a.ballot });
    const values = shuffle(forms).map((f) => ({ plan_id: a.planId, sealed: seal(f) }));
    await tx`insert into appraisal_ballot_buffer ${tx(values as never, 'plan_id', 'sealed')}`;
    return { ok: true as const };
  });
}

/** Whether a rater has returned a form (and how): for "you have rated" on the ballot page. */
export async function returnOf(q: Queryable, planId: string, raterId: string): Promise<'online' | 'paper' | null> {
  const [row] = await q<{ channel: 'online' | 'paper' }[]>`select channel from appraisal_returns where plan_id = ${planId} and rater_id = ${raterId}`;
  return row?.channel ?? null;
}

export async function returnCounts(q: Queryable, planId: string): Promise<{ raters: number; online: number; paper: number }> {
  const [row] = await q<{ raters: number; online: number; paper: number }[]>`
    select (select count(*)::int from appraisal_raters where plan_id = ${planId}) as raters,
           count(*) filter (where channel = 'online')::int as online, count(*) filter (where channel = 'paper')::int as paper
    from appraisal_returns where plan_id = ${planId}`;
  return row ?? { raters: 0, online: 0, paper: 0 };
}

/**
 * Paper forms handed out at the meeting: sets each rater's flag so they cannot also rate online.
 * Raters who already rated online are skipped. Returns those who were given a form (now or before).
 */
export async function issuePaperForms(sql: Sql, planId: string, raterIds: string[]): Promise<string[]> {
  if (!raterIds.length) return [];
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtextextended(${`appraisal-buffer:${planId}`}, 716))`;
    const values = raterIds.map((rater_id) => ({ plan_id: planId, rater_id, channel: 'paper' }));
    await tx`insert into appraisal_returns ${tx(values as never, 'plan_id', 'rater_id', 'channel')} on conflict do nothing`;
    const rows = await tx<{ raterId: string }[]>`
      select rater_id as "raterId" from appraisal_returns where plan_id = ${planId} and channel = 'paper' and rater_id in ${tx(raterIds)}`;
    return rows.map((r) => r.raterId);
  });
}

/**
 * The tally of the online forms, once the window is closed: the buffer's forms move to
 * `appraisal_ratings` in shuffled order (slots dropped), in one transaction; then they are counted.
 * Repeatable: a second call finds the buffer empty and counts the same ratings.
 */
export async function countAppraisalBallots(sql: Sql, planId: string, criteria: number): Promise<FormCounts> {
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtextextended(${`appraisal-buffer:${planId}`}, 716))`;
    const [plan] = await tx<{ open: boolean }[]>`
      select (stage = 'rating') as open from appraisal_plans where id = ${planId} for share`;
    if (!plan || plan.open) throw new Error(`appraisal ${planId}: the window is not closed`);
    const rows = await tx<{ sealed: Buffer }[]>`delete from appraisal_ballot_buffer where plan_id = ${planId} returning sealed`;
    const values = shuffle(
      rows.flatMap((r) =>
        unseal<Sealed>(r.sealed).ballot.subjects.map((s) => ({ plan_id: planId, subject_id: s.subjectId, overall: s.overall, criteria: s.criteria })),
      ),
    );
    if (values.length) await tx`insert into appraisal_ratings ${tx(values as never, 'plan_id', 'subject_id', 'overall', 'criteria')}`;
  });
  const ratings = await sql<{ subjectId: string; overall: 'good' | 'fair' | 'poor'; criteria: ('good' | 'fair' | 'poor')[] }[]>`
    select subject_id as "subjectId", overall, criteria from appraisal_ratings where plan_id = ${planId}`;
  const [online] = await sql<{ n: number }[]>`select count(*)::int as n from appraisal_returns where plan_id = ${planId} and channel = 'online'`;
  let counts: FormCounts = { returned: 0, subjects: {} };
  for (const r of ratings) counts = countBallot(counts, { subjects: [{ subjectId: r.subjectId, overall: r.overall, criteria: r.criteria }] }, criteria);
  return { ...counts, returned: online!.n };
}
