import { checkBallot, checkPaperTotals, countBallot } from './ballot';
import { applyAppraisalCommand, checkAppraisalCommand, checkPlan, type AppraisalState } from './process';
import { ballotSchema, criteriaSchema, planSchema } from './schemas';

const DAY = 1000;
const base: AppraisalState = {
  id: 'a1', communityId: 'c1', year: 2026, title: '2026年度民主评议', planDate: '2026-12-01',
  meetingAt: 10 * DAY, windowHours: 24, scale: 'satisfaction', criteria: ['工作态度', '公道廉洁'],
  subjects: ['s1', 's2', 's3'].map((userId) => ({ userId, name: userId, inOfficeSince: '2021-06-01', underSixMonths: false, left: false, report: 'r' })),
  raterIds: ['s1', 'r1', 'r2', 'r3'], plannedAt: 0, plannedBy: 'sup', stage: 'planned', reportsDeliveredAt: null,
  questions: [], ratingOpenedAt: null, ratingClosesAt: null, paperIssued: [], paper: null, result: null,
  rules: { incompetentAt: 'moreThanHalf', twoYearsEndsOffice: false }, lastYear: {},
};
const sup = { id: 'sup', roles: ['supervisor' as const] };
const sup2 = { id: 'sup2', roles: ['supervisor' as const] };
const member = { id: 's1', roles: ['committee_member' as const] };
const at = (now: number) => ({ now, dayMs: DAY });
const rated = { criteria: base.criteria, ratedSubjectIds: ['s1', 's2', 's3'] };
const form = (ids: string[]) => ({ subjects: ids.map((subjectId) => ({ subjectId, overall: 'good' as const, criteria: ['good' as const, 'fair' as const] })) });

describe('plan refusals (§9.2 step 1)', () => {
  it('an empty criteria list is refused with its own key', () => {
    const r = criteriaSchema.safeParse([]);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe('appraisal.errors.criteriaEmpty');
    expect(planSchema.safeParse({ year: 2026, title: 't', planDate: '2026-12-01', meetingAt: 1, windowHours: 2, scale: 'satisfaction', criteria: [], subjectIds: ['a'], raterIds: ['b'] }).success).toBe(false);
  });
  it('the rating window is 1 to 336 hours (14 days, decision 064), refused outside with its own key', () => {
    const plan = { year: 2026, title: 't', planDate: '2026-12-01', meetingAt: 1, scale: 'satisfaction', criteria: ['工作态度'], subjectIds: ['a'], raterIds: ['b'] };
    expect(planSchema.safeParse({ ...plan, windowHours: 336 }).success).toBe(true);
    expect(planSchema.safeParse({ ...plan, windowHours: 1 }).success).toBe(true);
    for (const windowHours of [337, 0, 1.5, Number.NaN]) {
      expect(planSchema.safeParse({ ...plan, windowHours }).error?.issues[0]?.message).toBe('appraisal.errors.windowHours');
    }
  });
  it('a subject not in office on the plan date is refused; notice under 5 days is refused', () => {
    const inOffice = new Map([['s1', {}]]);
    expect(checkPlan({ subjectIds: ['s1', 'x'], raterIds: ['r1'], meetingAt: 5 * DAY }, inOffice, new Set(['r1']), at(0))).toMatchObject({ key: 'appraisal.errors.subjectNotInOffice' });
    expect(checkPlan({ subjectIds: ['s1'], raterIds: ['r1'], meetingAt: 5 * DAY - 1 }, inOffice, new Set(['r1']), at(0))).toMatchObject({ key: 'appraisal.errors.noticeTooShort' });
    expect(checkPlan({ subjectIds: ['s1'], raterIds: ['r1'], meetingAt: 5 * DAY }, inOffice, new Set(['r1']), at(0)).ok).toBe(true);
    expect(checkPlan({ subjectIds: ['s1'], raterIds: ['zz'], meetingAt: 5 * DAY }, inOffice, new Set(['r1']), at(0))).toMatchObject({ key: 'appraisal.errors.raterNotEligible' });
  });
});

describe('a rater’s form (§9.2 step 3)', () => {
  it('a rater who is a subject rates everyone but themselves; rating themselves is refused', () => {
    expect(checkBallot(form(['s2', 's3']), rated, 's1').ok).toBe(true);
    expect(checkBallot(form(['s1', 's2', 's3']), rated, 's1')).toMatchObject({ key: 'appraisal.errors.selfRating' });
  });
  it('a form missing a subject or a criterion is refused', () => {
    expect(checkBallot(form(['s2']), rated, 'r1')).toMatchObject({ key: 'appraisal.errors.ballotIncomplete' });
    const short = { subjects: [{ subjectId: 's2', overall: 'good' as const, criteria: ['good' as const] }] };
    expect(checkBallot(short, rated, 's1')).toMatchObject({ key: 'appraisal.errors.criteriaIncomplete' });
    expect(ballotSchema.safeParse({ subjects: [] }).success).toBe(false);
  });
  it('counts fold per subject and per criterion', () => {
    const c = countBallot({ returned: 0, subjects: {} }, form(['s2']), 2);
    expect(c.returned).toBe(1);
    expect(c.subjects.s2).toEqual({ overall: { good: 1, fair: 0, poor: 0 }, criteria: [{ good: 1, fair: 0, poor: 0 }, { good: 0, fair: 1, poor: 0 }] });
  });
});

describe('paper totals (§9.2 step 3, §8 #13)', () => {
  const totals = (returned: number, good: number) => ({ returned, void: 0, subjects: [{ subjectId: 's2', overall: { good, fair: 0, poor: 0 }, criteria: [] }] });
  it('a total above the forms issued is refused; equal is allowed', () => {
    expect(checkPaperTotals(totals(4, 4), rated, 3)).toMatchObject({ key: 'appraisal.errors.paperAboveIssued', params: { issued: 3 } });
    expect(checkPaperTotals(totals(3, 3), rated, 3).ok).toBe(true);
    expect(checkPaperTotals(totals(3, 4), rated, 3)).toMatchObject({ key: 'appraisal.errors.paperAboveValid' });
  });
  it('paper totals count only once a second person confirms them', () => {
    let s: AppraisalState = { ...base, stage: 'rating', paperIssued: ['r1', 'r2', 'r3'] };
    s = applyAppraisalCommand(s, sup, { action: 'recordPaperTotals', totals: totals(3, 3) }, at(0));
    expect(checkAppraisalCommand(s, sup, { action: 'confirmPaperTotals' }, at(0))).toMatchObject({ key: 'appraisal.errors.secondPersonRequired' });
    expect(checkAppraisalCommand(s, sup2, { action: 'confirmPaperTotals' }, at(0)).ok).toBe(true);
    const counting = { ...s, stage: 'counting' as const };
    expect(checkAppraisalCommand(counting, sup, { action: 'tally', online: { returned: 0, subjects: {} } }, at(0))).toMatchObject({ key: 'appraisal.errors.paperUnconfirmed' });
  });
});

describe('stages and roles', () => {
  it('only supervisors run the plan; a subject may submit only their own report', () => {
    expect(checkAppraisalCommand(base, member, { action: 'deliverReports' }, at(0))).toMatchObject({ key: 'appraisal.errors.notAllowed' });
    expect(checkAppraisalCommand(base, member, { action: 'submitReport', subjectId: 's1', text: 'x' }, at(0)).ok).toBe(true);
    expect(checkAppraisalCommand(base, member, { action: 'submitReport', subjectId: 's2', text: 'x' }, at(0))).toMatchObject({ key: 'appraisal.errors.notAllowed' });
  });
  it('reports reach the raters at least 3 days before the meeting', () => {
    expect(checkAppraisalCommand(base, sup, { action: 'deliverReports' }, at(7 * DAY)).ok).toBe(true);
    expect(checkAppraisalCommand(base, sup, { action: 'deliverReports' }, at(7 * DAY + 1))).toMatchObject({ key: 'appraisal.errors.reportsTooLate' });
  });
  it('a subject who left office before the meeting is not rated (§9.4)', () => {
    const s = applyAppraisalCommand({ ...base, stage: 'reports_delivered' }, sup, { action: 'openMeeting', leftOffice: ['s3'] }, at(10 * DAY));
    expect(checkAppraisalCommand(s, sup, { action: 'recordQuestion', subjectId: 's3', question: 'q', answer: 'a' }, at(0))).toMatchObject({ key: 'appraisal.errors.subjectNotInPlan' });
  });
  it('a tally under two thirds returned voids the appraisal; at two thirds it is tallied', () => {
    const counting: AppraisalState = { ...base, stage: 'counting', raterIds: ['r1', 'r2', 'r3'] };
    let online = { returned: 0, subjects: {} };
    for (let i = 0; i < 2; i++) online = countBallot(online, form(['s1', 's2', 's3']), 2);
    expect(applyAppraisalCommand(counting, sup, { action: 'tally', online }, at(0)).stage).toBe('tallied');
    const one = countBallot({ returned: 0, subjects: {} }, form(['s1', 's2', 's3']), 2);
    expect(applyAppraisalCommand(counting, sup, { action: 'tally', online: one }, at(0))).toMatchObject({ stage: 'void', result: { valid: false, needed: 2 } });
  });
});
