import { checkBallotIssue, checkMobileBoxVisit, checkOnlineBallot, countPaperBallot, mainBallotForm, tallyBallots, type Ballot, type BallotForm } from './ballot';
import type { Candidate } from './candidates';
import { onlineBallotSchema } from './schemas';

const cand = (personId: string, office: Candidate['office']): Candidate => ({ personId, office, gender: 'female', nominationVotes: 0 });
const candidates = [cand('d1', 'director'), cand('d2', 'director'), cand('v1', 'deputy'), cand('v2', 'deputy'), cand('m1', 'member'), cand('m2', 'member'), cand('m3', 'member'), cand('m4', 'member')];
const form: BallotForm = mainBallotForm({ seats: { director: 1, deputy: 1, member: 3 } }, candidates);
const voters = new Set(['w1', 'w2', 'w3', 'd1', 'm1']);
const eligible = (id: string) => voters.has(id);

describe('ballot form', () => {
  it('has one section per office with seats, candidates in list order, write-ins allowed', () => {
    expect(form.writeInsAllowed).toBe(true);
    expect(form.sections).toEqual([
      { office: 'director', seats: 1, candidateIds: ['d1', 'd2'] },
      { office: 'deputy', seats: 1, candidateIds: ['v1', 'v2'] },
      { office: 'member', seats: 3, candidateIds: ['m1', 'm2', 'm3', 'm4'] },
    ]);
    expect(mainBallotForm({ seats: { director: 1, deputy: 0, member: 4 } }, candidates).sections.map((s) => s.office)).toEqual(['director', 'member']);
  });
});

describe('paper ballots (§4.4)', () => {
  it('counts yes marks and eligible write-ins; no and abstain give no vote', () => {
    const b: Ballot = {
      director: { marks: { d1: 'yes', d2: 'no' }, writeIns: [] },
      deputy: { marks: { v1: 'abstain', v2: 'no' }, writeIns: [] },
      member: { marks: { m1: 'yes', m2: 'no' }, writeIns: ['w1', 'w2'] },
    };
    expect(countPaperBallot(b, form, eligible)).toEqual([
      { office: 'director', status: 'valid', votesFor: ['d1'] },
      { office: 'deputy', status: 'blank', votesFor: [] },
      { office: 'member', status: 'valid', votesFor: ['m1', 'w1', 'w2'] },
    ]);
  });

  it('voids an over-marked section while the other sections count', () => {
    const b: Ballot = {
      director: { marks: { d1: 'yes', d2: 'yes' }, writeIns: [] },
      member: { marks: { m1: 'yes', m2: 'yes', m3: 'yes' }, writeIns: [] },
    };
    const r = countPaperBallot(b, form, eligible);
    expect(r[0]).toEqual({ office: 'director', status: 'void', votesFor: [] });
    expect(r[1]).toEqual({ office: 'deputy', status: 'blank', votesFor: [] });
    expect(r[2]).toEqual({ office: 'member', status: 'valid', votesFor: ['m1', 'm2', 'm3'] });
  });

  it('counts write-ins toward the over-mark test: yes marks + write-ins = seats is valid, one more is void', () => {
    const exact: Ballot = { member: { marks: { m1: 'yes', m2: 'yes' }, writeIns: ['w1'] } };
    const over: Ballot = { member: { marks: { m1: 'yes', m2: 'yes' }, writeIns: ['w1', 'w2'] } };
    expect(countPaperBallot(exact, form, eligible)[2]!.status).toBe('valid');
    expect(countPaperBallot(over, form, eligible)[2]).toEqual({ office: 'member', status: 'void', votesFor: [] });
  });

  it('gives no vote to a write-in who is not an eligible voter, but the section stands', () => {
    const b: Ballot = { member: { marks: { m1: 'yes' }, writeIns: ['stranger'] } };
    expect(countPaperBallot(b, form, eligible)[2]).toEqual({ office: 'member', status: 'valid', votesFor: ['m1'] });
  });

  it('gives one vote to a person both marked and written in', () => {
    const b: Ballot = { member: { marks: { m1: 'yes' }, writeIns: ['m1'] } };
    expect(countPaperBallot(b, form, eligible)[2]!.votesFor).toEqual(['m1']);
  });

  it('ignores write-ins in a round without write-ins (tie revote)', () => {
    const revote: BallotForm = { sections: [{ office: 'member', seats: 1, candidateIds: ['m1', 'm2'] }], writeInsAllowed: false };
    expect(countPaperBallot({ member: { marks: {}, writeIns: ['w1'] } }, revote, eligible)).toEqual([{ office: 'member', status: 'blank', votesFor: [] }]);
  });

  it('adds ballots up per office', () => {
    const t = tallyBallots([
      countPaperBallot({ director: { marks: { d1: 'yes' }, writeIns: [] } }, form, eligible),
      countPaperBallot({ director: { marks: { d1: 'yes', d2: 'yes' }, writeIns: [] } }, form, eligible),
      countPaperBallot({}, form, eligible),
    ]);
    expect(t.returned).toBe(3);
    expect(t.votes.director).toEqual({ d1: 1 });
    expect(t.voidSections).toEqual({ director: 1, deputy: 0, member: 0 });
    expect(t.blankSections).toEqual({ director: 1, deputy: 3, member: 3 });
  });
});

describe('online ballots (§4.6): refused, never void', () => {
  const ok: Ballot = { director: { marks: { d1: 'yes', d2: 'no' }, writeIns: [] }, member: { marks: { m1: 'yes' }, writeIns: ['w1', 'w2'] } };

  it('accepts a ballot within the seats', () => {
    expect(checkOnlineBallot(ok, form, eligible)).toEqual({ ok: true });
    expect(checkOnlineBallot({}, form, eligible)).toEqual({ ok: true }); // all abstain
  });

  it('refuses too many choices, with office, seats and count', () => {
    const b: Ballot = { member: { marks: { m1: 'yes', m2: 'yes' }, writeIns: ['w1', 'w2'] } };
    expect(checkOnlineBallot(b, form, eligible)).toEqual({ ok: false, key: 'election.errors.tooManyChoices', params: { office: 'member', seats: 3, chosen: 4 } });
    expect(countPaperBallot(b, form, eligible)[2]!.status).toBe('void'); // the same ballot on paper: a void section
  });

  it('refuses a mark for someone who is not a candidate for that office', () => {
    expect(checkOnlineBallot({ director: { marks: { m1: 'yes' }, writeIns: [] } }, form, eligible)).toMatchObject({ key: 'election.errors.notACandidate', params: { office: 'director' } });
  });

  it('refuses write-ins that are ineligible, duplicated, already candidates, or not allowed this round', () => {
    expect(checkOnlineBallot({ member: { marks: {}, writeIns: ['stranger'] } }, form, eligible)).toMatchObject({ key: 'election.errors.writeInNotEligible' });
    expect(checkOnlineBallot({ member: { marks: {}, writeIns: ['w1', 'w1'] } }, form, eligible)).toMatchObject({ key: 'election.errors.duplicateWriteIn' });
    expect(checkOnlineBallot({ member: { marks: {}, writeIns: ['m1'] } }, form, eligible)).toMatchObject({ key: 'election.errors.writeInIsCandidate' });
    const revote: BallotForm = { sections: [{ office: 'member', seats: 1, candidateIds: ['m1', 'm2'] }], writeInsAllowed: false };
    expect(checkOnlineBallot({ member: { marks: {}, writeIns: ['w1'] } }, revote, eligible)).toMatchObject({ key: 'election.errors.writeInsNotAllowed' });
  });

  it('allows writing in a candidate of another office (another eligible voter)', () => {
    expect(checkOnlineBallot({ member: { marks: {}, writeIns: ['d1'] } }, form, eligible).ok).toBe(true);
  });

  it('refuses a section for an office not on this round’s ballot and an unknown mark', () => {
    const runoff: BallotForm = { sections: [{ office: 'member', seats: 1, candidateIds: ['m3', 'm4'] }], writeInsAllowed: false };
    expect(checkOnlineBallot({ director: { marks: { d1: 'yes' }, writeIns: [] } }, runoff, eligible)).toMatchObject({ key: 'election.errors.ballotUnknownOffice' });
    expect(checkOnlineBallot({ member: { marks: { m3: 'maybe' as never }, writeIns: [] } }, runoff, eligible)).toMatchObject({ key: 'election.errors.markInvalid' });
  });

  it('parses the ballot shape with key errors', () => {
    expect(onlineBallotSchema.parse({ member: { marks: { m1: 'yes' } } })).toEqual({ member: { marks: { m1: 'yes' }, writeIns: [] } });
    const bad = onlineBallotSchema.safeParse({ member: { marks: { m1: 'maybe' } } });
    expect(bad.error!.issues.map((i) => i.message)).toEqual(['election.errors.markInvalid']);
  });
});

describe('one voter, one ballot (§8 #24)', () => {
  const fresh = { votedBy: null, proxyGiven: false } as const;

  it('issues a first ballot on either channel', () => {
    expect(checkBallotIssue(fresh, 'online', true).ok).toBe(true);
    expect(checkBallotIssue(fresh, 'paper', false).ok).toBe(true);
  });

  it('refuses a paper ballot to an online voter and an online ballot to a paper voter', () => {
    expect(checkBallotIssue({ ...fresh, votedBy: 'online' }, 'paper', true)).toMatchObject({ key: 'election.errors.alreadyVotedOnline' });
    expect(checkBallotIssue({ ...fresh, votedBy: 'paper' }, 'online', true)).toMatchObject({ key: 'election.errors.alreadyVotedOnPaper' });
    expect(checkBallotIssue({ ...fresh, votedBy: 'online' }, 'online', true)).toMatchObject({ key: 'election.errors.alreadyVotedOnline' });
  });

  it('refuses online ballots when the plan has no approved online voting', () => {
    expect(checkBallotIssue(fresh, 'online', false)).toMatchObject({ key: 'election.errors.onlineVotingOff' });
  });

  it('refuses any ballot to a voter who gave a proxy, online with the proxy key', () => {
    expect(checkBallotIssue({ ...fresh, proxyGiven: true }, 'online', true)).toMatchObject({ key: 'election.errors.proxyNeverOnline' });
    expect(checkBallotIssue({ ...fresh, proxyGiven: true }, 'paper', true)).toMatchObject({ key: 'election.errors.proxyGiven' });
  });
});

describe('mobile ballot box (§4.4)', () => {
  const visit = { mode: 'direct' as const, mobileBoxInPlan: true, voterRequested: true, staffCount: 3 };
  it('visits pre-registered voters with at least 3 staff', () => {
    expect(checkMobileBoxVisit(visit).ok).toBe(true);
    expect(checkMobileBoxVisit({ ...visit, staffCount: 2 })).toMatchObject({ key: 'election.errors.mobileBoxTooFewStaff', params: { min: 3 } });
    expect(checkMobileBoxVisit({ ...visit, voterRequested: false })).toMatchObject({ key: 'election.errors.mobileBoxNotRequested' });
  });
  it('does not exist in group-representatives mode or when the plan has none', () => {
    expect(checkMobileBoxVisit({ ...visit, mode: 'group_representatives' })).toMatchObject({ key: 'election.errors.mobileBoxNotInMode' });
    expect(checkMobileBoxVisit({ ...visit, mobileBoxInPlan: false })).toMatchObject({ key: 'election.errors.mobileBoxNotInMode' });
  });
});
