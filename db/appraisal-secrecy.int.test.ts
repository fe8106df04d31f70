/**
 * Appraisal ballot secrecy on real PostgreSQL (decision 037, like app/election-ballots.int.test.ts):
 * by schema, by the buffer's rewrite at every cast, and after the tally; a second form replaces
 * the first; refusals change nothing.
 */
import { randomUUID } from 'node:crypto';
import type { AppraisalBallot, AppraisalState } from '../domain/appraisal';
import { createCommunity, createStreet, createUser } from '../scripts/test-setup/fixtures';
import { testSql } from '../scripts/test-setup/services';
import { castAppraisalBallot, countAppraisalBallots, issuePaperForms, recordAppraisalStep } from './appraisal.server';

const sql = testSql();
afterAll(() => sql.end());

const TABLES = ['appraisal_returns', 'appraisal_ratings', 'appraisal_ballot_buffer'];

describe('secrecy by schema', () => {
  it('returns, buffer and ratings share only plan_id; none has a time, a sequence or a rater column', async () => {
    const cols = await sql<{ table_name: string; column_name: string; data_type: string; column_default: string | null; is_identity: string }[]>`
      select table_name, column_name, data_type, column_default, is_identity from information_schema.columns
      where table_schema = 'public' and table_name in ${sql(TABLES)}`;
    const of = (t: string) => new Set(cols.filter((c) => c.table_name === t).map((c) => c.column_name));
    const returns = of('appraisal_returns');
    for (const t of ['appraisal_ratings', 'appraisal_ballot_buffer']) {
      expect([...of(t)].filter((c) => returns.has(c)), t).toEqual(['plan_id']);
    }
    expect([...of('appraisal_ratings')].sort()).toEqual(['criteria', 'id', 'overall', 'plan_id', 'subject_id']);
    expect([...of('appraisal_ballot_buffer')].sort()).toEqual(['id', 'plan_id', 'sealed']);
    for (const c of cols) {
      expect(c.data_type, `${c.table_name}.${c.column_name}`).not.toMatch(/time|date|interval/);
      expect(c.column_default ?? '', `${c.table_name}.${c.column_name}`).not.toMatch(/nextval|now\(|clock_timestamp|current_/);
      expect(c.is_identity, `${c.table_name}.${c.column_name}`).toBe('NO');
    }
    for (const t of ['appraisal_ratings', 'appraisal_ballot_buffer'])
      expect(cols.find((c) => c.table_name === t && c.column_name === 'id')!.column_default).toBe('gen_random_uuid()');
    const fks = await sql<{ t: string; ref: string }[]>`
      select tc.table_name as t, ccu.table_name as ref from information_schema.table_constraints tc
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name
      where tc.constraint_type = 'FOREIGN KEY' and tc.table_name in ${sql(TABLES)}`;
    expect(fks.filter((f) => TABLES.includes(f.ref))).toEqual([]);
  });
});

async function ratingPlan(raters: number, opts: { closed?: boolean } = {}) {
  const street = await createStreet(sql);
  const c = await createCommunity(sql, street.id);
  const sup = await createUser(sql, [{ role: 'supervisor', communityId: c.id }], '监督');
  const subjects = [await createUser(sql, [{ role: 'committee_member', communityId: c.id }], '甲'), await createUser(sql, [{ role: 'committee_member', communityId: c.id }], '乙')];
  const reps = [];
  for (let i = 0; i < raters; i++) reps.push(await createUser(sql, [{ role: 'resident_representative', communityId: c.id }], `代表${i}`));
  const planId = randomUUID();
  const snapshot = {
    id: planId, communityId: c.id, year: 2026, title: '测试评议', criteria: ['工作态度'], stage: 'rating',
    subjects: subjects.map((s) => ({ userId: s.id, name: s.id, inOfficeSince: '2020-01-01', underSixMonths: false, left: false, report: 'r' })),
  } as unknown as AppraisalState;
  await recordAppraisalStep(sql, {
    planId, kind: 'cadre', step: 1, stage: opts.closed ? 'counting' : 'rating', snapshot: snapshot as never,
    closesAt: Date.now() + (opts.closed ? -1000 : 3_600_000),
    create: { dayMs: 86_400_000, createdBy: sup.id, subjects: subjects.map((s) => ({ id: s.id, name: s.id })), raterIds: [...reps, ...subjects].map((r) => r.id) },
    event: { at: Date.now(), action: 'plan', fromStage: 'planned', toStage: 'rating', actorId: sup.id },
  });
  return { planId, subjects: subjects.map((s) => s.id), reps: reps.map((r) => r.id), communityId: c.id, sup: sup.id };
}
const form = (ids: string[], grade: 'good' | 'fair' | 'poor'): AppraisalBallot => ({ subjects: ids.map((subjectId) => ({ subjectId, overall: grade, criteria: [grade] })) });
const tableCounts = async (planId: string) => {
  const [r] = await sql<{ returns: number; buffer: number; ratings: number }[]>`
    select (select count(*)::int from appraisal_returns where plan_id = ${planId}) as returns,
           (select count(*)::int from appraisal_ballot_buffer where plan_id = ${planId}) as buffer,
           (select count(*)::int from appraisal_ratings where plan_id = ${planId}) as ratings`;
  return r!;
};

describe('the sealed buffer and the tally', () => {
  it('every cast rewrites the whole buffer: one xmin for all rows, every seal new', async () => {
    const p = await ratingPlan(6);
    let before: string[] = [];
    for (const [i, rater] of p.reps.entries()) {
      expect(await castAppraisalBallot(sql, { planId: p.planId, raterId: rater, ballot: form(p.subjects, i % 2 ? 'good' : 'poor') })).toEqual({ ok: true });
      const rows = await sql<{ xmin: string; sealed: Buffer }[]>`select xmin::text, sealed from appraisal_ballot_buffer where plan_id = ${p.planId}`;
      expect(rows).toHaveLength(i + 1);
      expect(new Set(rows.map((r) => r.xmin)).size).toBe(1);
      const now = rows.map((r) => r.sealed.toString('hex'));
      expect(now.filter((s) => before.includes(s))).toEqual([]);
      before = now;
    }
    // Nothing in the buffer is readable without the key: no grade word, no rater id.
    for (const s of before) {
      expect(Buffer.from(s, 'hex').toString('latin1')).not.toMatch(/good|poor|subjectId/);
      for (const r of p.reps) expect(s).not.toContain(Buffer.from(r).toString('hex'));
    }
  });

  it('a rater’s second form replaces the first; a refused form changes nothing', async () => {
    const p = await ratingPlan(3);
    const [r1, r2] = p.reps as [string, string];
    expect((await castAppraisalBallot(sql, { planId: p.planId, raterId: r1, ballot: form(p.subjects, 'poor') })).ok).toBe(true);
    expect((await castAppraisalBallot(sql, { planId: p.planId, raterId: r1, ballot: form(p.subjects, 'good') })).ok).toBe(true);
    expect((await castAppraisalBallot(sql, { planId: p.planId, raterId: r2, ballot: form(p.subjects, 'fair') })).ok).toBe(true);
    const before = await tableCounts(p.planId);
    expect(before).toEqual({ returns: 2, buffer: 2, ratings: 0 });
    // Outside the plan, rating oneself, incomplete: refused with a key, nothing written.
    const outsider = await createUser(sql, [{ role: 'resident_representative', communityId: p.communityId }], '外人');
    expect(await castAppraisalBallot(sql, { planId: p.planId, raterId: outsider.id, ballot: form(p.subjects, 'good') })).toEqual({ ok: false, key: 'appraisal.errors.raterNotInPlan' });
    expect(await castAppraisalBallot(sql, { planId: p.planId, raterId: p.subjects[0]!, ballot: form(p.subjects, 'good') })).toEqual({ ok: false, key: 'appraisal.errors.selfRating' });
    expect(await castAppraisalBallot(sql, { planId: p.planId, raterId: p.reps[2]!, ballot: form([p.subjects[0]!], 'good') })).toEqual({ ok: false, key: 'appraisal.errors.ballotIncomplete' });
    // A rater who took a paper form cannot also rate online; one who rated online gets no paper form.
    expect(await issuePaperForms(sql, p.planId, [p.reps[2]!, r1])).toEqual([p.reps[2]]);
    expect(await castAppraisalBallot(sql, { planId: p.planId, raterId: p.reps[2]!, ballot: form(p.subjects, 'good') })).toEqual({ ok: false, key: 'appraisal.errors.paperIssued' });
    expect(await tableCounts(p.planId)).toEqual({ ...before, returns: 3 });
    // Close the window; the tally counts r1's second form only.
    await sql`update appraisal_plans set stage = 'counting', closes_at = now() where id = ${p.planId}`;
    const counts = await countAppraisalBallots(sql, p.planId, 1);
    expect(counts.returned).toBe(2);
    expect(counts.subjects[p.subjects[0]!]!.overall).toEqual({ good: 1, fair: 1, poor: 0 });
    expect(await tableCounts(p.planId)).toEqual({ returns: 3, buffer: 0, ratings: 4 });
    // Ratings went in as one shuffled batch: one xmin.
    const xmins = await sql`select distinct xmin::text from appraisal_ratings where plan_id = ${p.planId}`;
    expect(xmins).toHaveLength(1);
    // Counting again moves nothing and counts the same.
    expect(await countAppraisalBallots(sql, p.planId, 1)).toEqual(counts);
  });

  it('after the window a form is refused and nothing is written', async () => {
    const p = await ratingPlan(2, { closed: true });
    expect(await castAppraisalBallot(sql, { planId: p.planId, raterId: p.reps[0]!, ballot: form(p.subjects, 'good') })).toEqual({ ok: false, key: 'appraisal.errors.ratingClosed' });
    expect(await tableCounts(p.planId)).toEqual({ returns: 0, buffer: 0, ratings: 0 });
  });
});
