import {
  checkElectionCommitteeSize,
  checkMemberMargin,
  checkMobileBox,
  checkOnlineVoting,
  checkSeats,
  contestMargins,
  modeAllows,
  planProblems,
  type ElectionPlan,
} from './plan';
import { electionPlanSchema } from './schemas';

const plan = (over: Partial<ElectionPlan> = {}): ElectionPlan => ({
  electionDay: '2026-12-10',
  mode: 'direct',
  seats: { director: 1, deputy: 1, member: 5 },
  memberMargin: 1,
  electionCommitteeSize: 5,
  candidateListLeadDays: 7,
  residenceMonths: 6,
  mobileBox: true,
  onlineVoting: { enabled: false },
  pollingPlaces: ['社区活动中心'],
  ...over,
});

describe('seats (committee of 5–9, one director)', () => {
  it('accepts 5 and 9 members, refuses 4 and 10', () => {
    expect(checkSeats({ director: 1, deputy: 1, member: 3 }).ok).toBe(true);
    expect(checkSeats({ director: 1, deputy: 2, member: 6 }).ok).toBe(true);
    expect(checkSeats({ director: 1, deputy: 1, member: 2 })).toEqual({
      ok: false,
      key: 'election.errors.seatsOutOfRange',
      params: { total: 4, min: 5, max: 9 },
    });
    expect(checkSeats({ director: 1, deputy: 2, member: 7 })).toMatchObject({ key: 'election.errors.seatsOutOfRange', params: { total: 10 } });
  });

  it('requires exactly one director and at least one member; deputies may be none', () => {
    expect(checkSeats({ director: 2, deputy: 0, member: 4 })).toMatchObject({ key: 'election.errors.directorSeats' });
    expect(checkSeats({ director: 1, deputy: 4, member: 0 })).toMatchObject({ key: 'election.errors.memberSeats' });
    expect(checkSeats({ director: 1, deputy: 0, member: 4 }).ok).toBe(true);
    expect(checkSeats({ director: 1, deputy: -1, member: 5 })).toMatchObject({ key: 'election.errors.seatsInvalid' });
    expect(checkSeats({ director: 1, deputy: 1.5, member: 5 })).toMatchObject({ key: 'election.errors.seatsInvalid' });
  });
});

describe('contest margins', () => {
  it('keeps director and deputy margins at 1 and lets members use 1–3', () => {
    expect(contestMargins({ memberMargin: 3 })).toEqual({ director: 1, deputy: 1, member: 3 });
    expect(checkMemberMargin(1).ok && checkMemberMargin(3).ok).toBe(true);
    expect(checkMemberMargin(0)).toMatchObject({ key: 'election.errors.memberMarginOutOfRange' });
    expect(checkMemberMargin(4)).toMatchObject({ key: 'election.errors.memberMarginOutOfRange' });
  });
});

describe('election committee (3–9, odd)', () => {
  it('accepts odd sizes from 3 to 9', () => {
    for (const n of [3, 5, 7, 9]) expect(checkElectionCommitteeSize(n).ok).toBe(true);
  });
  it('refuses even sizes and sizes out of range', () => {
    expect(checkElectionCommitteeSize(4)).toMatchObject({ key: 'election.errors.electionCommitteeEven' });
    expect(checkElectionCommitteeSize(1)).toMatchObject({ key: 'election.errors.electionCommitteeSize' });
    expect(checkElectionCommitteeSize(11)).toMatchObject({ key: 'election.errors.electionCommitteeSize' });
  });
});

describe('online voting and mode rules', () => {
  it('allows online voting only with a street-office approval reference', () => {
    expect(checkOnlineVoting({ enabled: false }).ok).toBe(true);
    expect(checkOnlineVoting({ enabled: true, approvalRef: '街道批复〔2026〕12号' }).ok).toBe(true);
    expect(checkOnlineVoting({ enabled: true, approvalRef: '  ' })).toMatchObject({ key: 'election.errors.onlineVotingNeedsApproval' });
  });

  it('allows proxies in direct mode only and no mobile box for group representatives', () => {
    expect(modeAllows('direct')).toEqual({ proxies: true, mobileBox: true });
    expect(modeAllows('household')).toEqual({ proxies: false, mobileBox: true });
    expect(modeAllows('group_representatives')).toEqual({ proxies: false, mobileBox: false });
    expect(checkMobileBox('group_representatives', true)).toMatchObject({ key: 'election.errors.mobileBoxNotInMode' });
    expect(checkMobileBox('group_representatives', false).ok).toBe(true);
  });

  it('collects every plan problem with its field path', () => {
    const problems = planProblems(
      plan({ seats: { director: 1, deputy: 0, member: 2 }, electionCommitteeSize: 6, onlineVoting: { enabled: true, approvalRef: '' } }),
    );
    expect(problems.map((p) => p.path.join('.'))).toEqual(['seats', 'electionCommitteeSize', 'onlineVoting.approvalRef']);
  });
});

describe('electionPlanSchema', () => {
  const input = {
    electionDay: '2026-12-10',
    mode: 'direct',
    seats: { director: 1, deputy: 1, member: 5 },
    pollingPlaces: ['社区活动中心'],
  };

  it('fills defaults: committee of 5, member margin 1, list 7 days ahead, no online voting', () => {
    const r = electionPlanSchema.parse(input);
    expect(r).toMatchObject({ electionCommitteeSize: 5, memberMargin: 1, candidateListLeadDays: 7, residenceMonths: 6, mobileBox: false, onlineVoting: { enabled: false } });
    const typed: ElectionPlan = r; // the schema's output is a plan
    expect(typed.mode).toBe('direct');
  });

  it('reports i18n keys, never prose', () => {
    const r = electionPlanSchema.safeParse({ ...input, electionDay: '2026-02-30', mode: 'lottery', seats: { director: 1, deputy: 'two', member: 5 }, pollingPlaces: [] });
    expect(r.success).toBe(false);
    const messages = r.error!.issues.map((i) => i.message);
    expect(messages).toEqual(expect.arrayContaining(['election.errors.dateInvalid', 'election.errors.modeInvalid', 'election.errors.seatsInvalid', 'election.errors.pollingPlaceRequired']));
    for (const m of messages) expect(m).toMatch(/^election\.errors\.\w+$/);
  });

  it('applies the cross-field rules with their params', () => {
    const r = electionPlanSchema.safeParse({ ...input, seats: { director: 1, deputy: 2, member: 7 } });
    expect(r.error!.issues).toEqual([expect.objectContaining({ message: 'election.errors.seatsOutOfRange', path: ['seats'], params: { total: 10, min: 5, max: 9 } })]);
  });

  it('refuses online voting without an approval reference, and a candidate list under 5 days ahead', () => {
    const noRef = electionPlanSchema.safeParse({ ...input, onlineVoting: { enabled: true, approvalRef: ' ' } });
    expect(noRef.error!.issues.map((i) => i.message)).toContain('election.errors.onlineVotingNeedsApproval');
    const withRef = electionPlanSchema.safeParse({ ...input, onlineVoting: { enabled: true, approvalRef: 'X街道〔2026〕3号' } });
    expect(withRef.success).toBe(true);
    const early = electionPlanSchema.safeParse({ ...input, candidateListLeadDays: 4 });
    expect(early.error!.issues.map((i) => i.message)).toEqual(['election.errors.candidateListLeadDays']);
  });

  it('requires 2–3 representatives per group in group-representatives mode', () => {
    const bad = electionPlanSchema.safeParse({ ...input, mode: 'group_representatives' });
    expect(bad.error!.issues.map((i) => i.message)).toEqual(['election.errors.representativesPerGroup']);
    expect(electionPlanSchema.safeParse({ ...input, mode: 'group_representatives', representativesPerGroup: 3 }).success).toBe(true);
  });
});
