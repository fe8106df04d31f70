import {
  checkCandidateList,
  checkJointNomination,
  checkMayHandleBallots,
  checkOneOfficeEach,
  checkVoterNomination,
  electionCommitteeAfterNomination,
  neededCandidates,
  orderCandidateList,
  selectFromRanking,
  withdrawCandidate,
  type Candidate,
} from './candidates';
import type { Office } from './plan';
import { checkNominationReopenDays, electionScheduleForDay } from './timeline';
import { shanghaiDayStartMs } from './dates';

const plan = { seats: { director: 1, deputy: 1, member: 3 }, memberMargin: 1 };

let n = 0;
const c = (office: Office, over: Partial<Candidate> = {}): Candidate => ({
  personId: `p${++n}`,
  office,
  gender: 'male',
  nominationVotes: 10,
  ...over,
});

/** A list that keeps the contest rule under `plan`: 2 director, 2 deputy, 4 member candidates. */
const goodList = () => [
  c('director'),
  c('director', { gender: 'female' }),
  c('deputy'),
  c('deputy'),
  c('member'),
  c('member'),
  c('member'),
  c('member'),
];

describe('contest rule 差额 (§4.3)', () => {
  it('needs seats + 1 for director and deputies, seats + margin for members', () => {
    expect(neededCandidates(plan)).toEqual({ director: 2, deputy: 2, member: 4 });
    expect(neededCandidates({ seats: { director: 1, deputy: 2, member: 4 }, memberMargin: 3 })).toEqual({ director: 2, deputy: 3, member: 7 });
    expect(neededCandidates({ seats: { director: 1, deputy: 0, member: 4 }, memberMargin: 2 })).toEqual({ director: 2, deputy: 0, member: 6 });
  });

  it('finalizes a list that keeps the rule', () => {
    expect(checkCandidateList(plan, goodList())).toEqual({ ok: true, warnings: [] });
  });

  it('blocks an equal-number 等额 list for any office', () => {
    const list = goodList().filter((x, i) => i !== 1); // one director candidate for one seat
    const r = checkCandidateList(plan, list);
    expect(r).toMatchObject({
      ok: false,
      key: 'election.errors.equalNumberBlocked',
      params: { office: 'director', seats: 1, candidates: 1, needed: 2 },
      problems: [{ remedy: 'reopenNomination' }],
    });
  });

  it('refuses too few candidates and asks to reopen nomination ≥ 3 days (§8 #8)', () => {
    const list = goodList().filter((x) => x.office !== 'member').concat([c('member'), c('member')]);
    const r = checkCandidateList(plan, list);
    expect(r).toMatchObject({ ok: false, key: 'election.errors.tooFewCandidates', params: { office: 'member', seats: 3, candidates: 2, needed: 4 } });
    expect(!r.ok && r.problems[0]!.remedy).toBe('reopenNomination');
    expect(checkNominationReopenDays(3).ok).toBe(true);
    expect(checkNominationReopenDays(2).ok).toBe(false);
  });

  it('refuses too many candidates and asks for a primary', () => {
    const r = checkCandidateList({ ...plan, memberMargin: 1 }, [...goodList(), c('member')]);
    expect(r).toMatchObject({ ok: false, key: 'election.errors.tooManyCandidates', params: { office: 'member', candidates: 5, needed: 4 } });
    expect(!r.ok && r.problems[0]!.remedy).toBe('holdPrimary');
    expect(checkCandidateList({ ...plan, memberMargin: 2 }, [...goodList(), c('member')]).ok).toBe(true);
  });

  it('reports every office that breaks the rule, the first as the refusal', () => {
    const r = checkCandidateList(plan, [c('director', { gender: 'female' }), c('deputy'), c('member')]);
    expect(!r.ok && r.problems.map((p) => p.params.office)).toEqual(['director', 'deputy', 'member']);
    expect(r).toMatchObject({ key: 'election.errors.equalNumberBlocked', params: { office: 'director' } });
  });

  it('refuses candidates for an office without seats', () => {
    const p0 = { seats: { director: 1, deputy: 0, member: 4 }, memberMargin: 1 };
    const r = checkCandidateList(p0, [c('director'), c('director', { gender: 'female' }), c('deputy'), ...Array.from({ length: 5 }, () => c('member'))]);
    expect(r).toMatchObject({ ok: false, key: 'election.errors.officeHasNoSeats', params: { office: 'deputy', seats: 0, candidates: 1, needed: 0 } });
  });

  it('warns, but does not refuse, when no woman stands', () => {
    const list = goodList().map((x) => ({ ...x, gender: 'male' as const }));
    expect(checkCandidateList(plan, list)).toEqual({ ok: true, warnings: [{ key: 'election.warnings.noWomanCandidate' }] });
  });

  it('lets a person stand for one office only', () => {
    const d = c('director');
    expect(checkOneOfficeEach([d, { ...d, office: 'member' }])).toMatchObject({ key: 'election.errors.candidateMultipleOffices' });
    expect(checkOneOfficeEach([d, d])).toMatchObject({ key: 'election.errors.candidateListedTwice' });
    expect(checkCandidateList(plan, [...goodList(), { ...goodList()[0]!, personId: 'x' }, { ...goodList()[2]!, personId: 'x' }])).toMatchObject({
      ok: false,
      key: 'election.errors.candidateMultipleOffices',
    });
  });
});

describe('ordering and primaries', () => {
  it('orders the list by nomination votes, ties kept in given order', () => {
    const a = c('member', { nominationVotes: 5 });
    const b = c('member', { nominationVotes: 9 });
    const d = c('member', { nominationVotes: 5 });
    expect(orderCandidateList([a, b, d]).map((x) => x.personId)).toEqual([b.personId, a.personId, d.personId]);
  });

  it('selects the best-ranked nominees and reports a tie at the cut', () => {
    const r = [c('member', { nominationVotes: 30 }), c('member', { nominationVotes: 20 }), c('member', { nominationVotes: 20 }), c('member', { nominationVotes: 5 })];
    expect(selectFromRanking(r, 'member', 3).selected).toHaveLength(3);
    const tie = selectFromRanking(r, 'member', 2);
    expect(tie.selected.map((x) => x.nominationVotes)).toEqual([30]);
    expect(tie.tied.map((x) => x.personId)).toEqual([r[1]!.personId, r[2]!.personId]);
    expect(selectFromRanking(r.slice(0, 2), 'member', 3).selected).toHaveLength(2);
  });
});

describe('nominations', () => {
  it('lets a voter nominate up to the seats per office, each person once', () => {
    expect(checkVoterNomination(plan, { member: ['a', 'b', 'c'], director: ['d'] }).ok).toBe(true);
    expect(checkVoterNomination(plan, { member: ['a', 'b', 'c', 'e'] })).toMatchObject({ key: 'election.errors.tooManyNominations', params: { office: 'member', seats: 3 } });
    expect(checkVoterNomination(plan, { member: ['a', 'a'] })).toMatchObject({ key: 'election.errors.nominatedTwice' });
  });

  it('needs 10 distinct voters for a joint nomination', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `v${i}`);
    expect(checkJointNomination(ten).ok).toBe(true);
    expect(checkJointNomination([...ten.slice(0, 9), 'v0'])).toMatchObject({ key: 'election.errors.jointNominationTooFew', params: { min: 10, count: 9 } });
  });
});

describe('withdrawal after the list (§8 #18)', () => {
  const list = goodList();
  const leaving = list[4]!; // a member candidate
  const reserve = [c('member', { nominationVotes: 3 }), c('member', { nominationVotes: 7 }), c('deputy', { nominationVotes: 99 })];
  const s = electionScheduleForDay('2026-12-10');

  it('until E−3: fills the gap from the ranking for the same office', () => {
    expect(shanghaiDayStartMs('2026-12-07') < s.withdrawalsCloseAt).toBe(true);
    const r = withdrawCandidate(list, leaving.personId, reserve, true);
    expect(r.kind).toBe('backfilled');
    if (r.kind !== 'backfilled') return;
    expect(r.replacement.personId).toBe(reserve[1]!.personId);
    expect(r.list.some((x) => x.personId === leaving.personId)).toBe(false);
    expect(checkCandidateList(plan, r.list).ok).toBe(true);
  });

  it('until E−3 with nobody to fill the gap: the list no longer keeps the rule', () => {
    const r = withdrawCandidate(list, leaving.personId, [], true);
    expect(r.kind).toBe('noReplacement');
    expect(checkCandidateList(plan, r.list)).toMatchObject({ key: 'election.errors.equalNumberBlocked', problems: [{ remedy: 'reopenNomination' }] });
  });

  it('after E−3: stays on the ballot', () => {
    const r = withdrawCandidate(list, leaving.personId, reserve, false);
    expect(r).toMatchObject({ kind: 'staysOnBallot' });
    expect(r.list).toHaveLength(list.length);
  });
});

describe('who may do what', () => {
  it('moves election-committee members who stand out of the committee', () => {
    expect(electionCommitteeAfterNomination(['a', 'b', 'c', 'd', 'e'], ['b'])).toEqual({ remaining: ['a', 'c', 'd', 'e'], leaving: ['b'], needsReplenishing: true });
    expect(electionCommitteeAfterNomination(['a', 'b', 'c', 'd', 'e'], ['b', 'x', 'c'])).toEqual({ remaining: ['a', 'd', 'e'], leaving: ['b', 'c'], needsReplenishing: false });
    expect(electionCommitteeAfterNomination(['a', 'b', 'c'], ['a', 'b']).needsReplenishing).toBe(true);
  });

  it('keeps candidates and their close relatives away from the ballots', () => {
    const cands = new Set(['p1']);
    const rel = new Set(['r1']);
    expect(checkMayHandleBallots('p1', cands, rel)).toMatchObject({ key: 'election.errors.candidateMayNotHandleBallots' });
    expect(checkMayHandleBallots('r1', cands, rel)).toMatchObject({ key: 'election.errors.relativeMayNotHandleBallots' });
    expect(checkMayHandleBallots('s1', cands, rel).ok).toBe(true);
  });
});
