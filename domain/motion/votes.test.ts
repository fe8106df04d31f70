import { DomainError } from '../errors';
import type { RosterMember } from './meetings';
import { SYSTEM_ACTOR } from './permissions';
import { resolveMotionSettings } from './settings';
import { applyMotionEvent, newMotion, type MotionSnapshot } from './stages';
import {
  allVoted,
  assertMayVote,
  castVote,
  checkIn,
  checkVoter,
  closeVoting,
  isWindowOpen,
  openVoteBook,
  recordAttendance,
  tallyVotes,
  voteRecord,
  type VoteBook,
} from './votes';

const DAY = 1_000;
const settings = resolveMotionSettings({ dayMs: DAY }); // voting window: 3 days
const OPENS = 1_800_000_010_000;
const CLOSES = OPENS + 3 * DAY;
const reps = (n: number): RosterMember[] => Array.from({ length: n }, (_, i) => ({ personId: `r${i + 1}` }));

const book = (roster: RosterMember[] = reps(6), recused: string[] = []) =>
  openVoteBook({ questionId: 'q1', roster, recused, opensAt: OPENS }, settings);

function refusalKey(b: VoteBook, voterId: string, now: number): string | undefined {
  const v = checkVoter(b, voterId, now);
  return v.ok ? undefined : v.key;
}

/** Casts in order, one millisecond apart. */
function castAll(b: VoteBook, votes: [string, 'agree' | 'disagree' | 'abstain'][], from = OPENS): VoteBook {
  return votes.reduce((acc, [voterId, choice], i) => castVote(acc, { voterId, choice }, from + i).book, b);
}

describe('the voting window', () => {
  it('lasts the configured number of days', () => {
    const b = book();
    expect(b.closesAt).toBe(CLOSES);
    expect(isWindowOpen(b, OPENS - 1)).toBe(false);
    expect(isWindowOpen(b, OPENS)).toBe(true);
    expect(isWindowOpen(b, CLOSES)).toBe(false);
  });

  it('refuses a ballot before it opens and after it closes (edge #3)', () => {
    const b = book();
    expect(refusalKey(b, 'r1', OPENS - 1)).toBe('motion.errors.votingNotOpen');
    expect(refusalKey(b, 'r1', CLOSES)).toBe('motion.errors.votingClosed');
    expect(() => castVote(b, { voterId: 'r1', choice: 'agree' }, CLOSES + 5)).toThrow(DomainError);
  });

  it('cannot be shortened, but closes early once everyone has voted', () => {
    let b = castAll(book(reps(3)), [
      ['r1', 'agree'],
      ['r2', 'disagree'],
    ]);
    expect(allVoted(b, OPENS + 10)).toBe(false);
    expect(() => closeVoting(b, OPENS + 10)).toThrow(
      expect.objectContaining({ key: 'motion.errors.windowCannotBeShortened' }),
    );
    b = castVote(b, { voterId: 'r3', choice: 'abstain' }, OPENS + 11).book;
    expect(allVoted(b, OPENS + 12)).toBe(true);
    const closed = closeVoting(b, OPENS + 12);
    expect(closed).toMatchObject({ closedEarly: true, book: { closedAt: OPENS + 12 } });
    expect(refusalKey(closed.book, 'r1', OPENS + 13)).toBe('motion.errors.votingClosed');
  });

  it('closes at its end whoever has voted', () => {
    expect(closeVoting(book(), CLOSES)).toMatchObject({ closedEarly: false, book: { closedAt: CLOSES } });
  });
});

describe('who may vote', () => {
  it('refuses someone not on the roster frozen at notice', () => {
    expect(refusalKey(book(), 'newcomer', OPENS + 1)).toBe('motion.errors.notOnRoster');
    expect(() => assertMayVote(book(), 'newcomer', OPENS + 1)).toThrow(
      expect.objectContaining({ key: 'motion.errors.notOnRoster' }),
    );
  });

  it('refuses a recused voter on this question (edge #12)', () => {
    expect(refusalKey(book(reps(6), ['r2']), 'r2', OPENS + 1)).toBe('motion.errors.recused');
  });

  it('refuses a representative who left office before the window, or has since left (edge #4)', () => {
    const roster = [...reps(4), { personId: 'early', leftAt: OPENS - 1 }, { personId: 'mid', leftAt: OPENS + 500 }];
    const b = book(roster);
    expect(refusalKey(b, 'early', OPENS + 1)).toBe('motion.errors.leftOffice');
    expect(refusalKey(b, 'mid', OPENS + 499)).toBeUndefined();
    expect(refusalKey(b, 'mid', OPENS + 500)).toBe('motion.errors.leftOffice');
  });
});

describe('one ballot per voter per question (edge #3)', () => {
  it('replaces an earlier ballot with a resubmission inside the window; the last choice counts', () => {
    let b = book(reps(3));
    const first = castVote(b, { voterId: 'r1', choice: 'disagree' }, OPENS + 1);
    expect(first.receipt).toMatchObject({ version: 1, replaced: false });
    const second = castVote(first.book, { voterId: 'r1', choice: 'agree' }, OPENS + 2);
    expect(second.receipt).toMatchObject({ version: 2, replaced: true, choice: 'agree' });
    b = castVote(second.book, { voterId: 'r2', choice: 'agree' }, OPENS + 3).book;
    expect(Object.keys(b.ballots)).toHaveLength(2);
    expect(tallyVotes(b, settings)).toMatchObject({ kind: 'passed', present: 2, yes: 2, no: 0 });
  });

  it('treats a double submission of the same choice as one ballot', () => {
    const b = castAll(book(reps(3)), [
      ['r1', 'agree'],
      ['r1', 'agree'],
    ]);
    expect(tallyVotes(b, settings)).toMatchObject({ kind: 'inquorate', present: 1, needed: 2 });
  });
});

describe('tally', () => {
  it('needs two thirds present: 10 of 15 is enough, 9 is not', () => {
    const voters = reps(15);
    const ten = castAll(
      book(voters),
      voters.slice(0, 10).map((v, i) => [v.personId, i < 6 ? 'agree' : 'disagree'] as [string, 'agree' | 'disagree']),
    );
    expect(tallyVotes(ten, settings)).toMatchObject({
      kind: 'passed',
      expected: 15,
      present: 10,
      yes: 6,
      yesNeeded: 6,
    });
    const nine = castAll(
      book(voters),
      voters.slice(0, 9).map((v) => [v.personId, 'agree'] as [string, 'agree']),
    );
    expect(tallyVotes(nine, settings)).toMatchObject({ kind: 'inquorate', present: 9, needed: 10 });
  });

  it('counts an explicit abstention and a bare check-in as attendance', () => {
    let b = castAll(book(reps(6)), [
      ['r1', 'agree'],
      ['r2', 'agree'],
      ['r3', 'abstain'],
    ]);
    expect(tallyVotes(b, settings)).toMatchObject({ kind: 'inquorate', present: 3, needed: 4 });
    b = checkIn(b, 'r4', OPENS + 20);
    expect(tallyVotes(b, settings)).toMatchObject({ kind: 'notPassed', present: 4, yes: 2, abstain: 1, notVoted: 1 });
  });

  it('counts a person once when they attended in person and also voted online', () => {
    let b = recordAttendance(book(reps(3)), [
      { personId: 'r1', method: 'in_person', at: OPENS },
      { personId: 'r2', method: 'in_person', at: OPENS },
    ]);
    b = castVote(b, { voterId: 'r1', choice: 'agree' }, OPENS + 5).book;
    b = castVote(b, { voterId: 'r2', choice: 'agree', method: 'in_person' }, OPENS + 6).book;
    expect(tallyVotes(b, settings)).toMatchObject({ kind: 'passed', expected: 3, present: 2, yes: 2 });
  });

  it('keeps a vote cast before leaving office and counts the silent leaver absent (edge #4)', () => {
    const roster = [
      ...reps(2),
      { personId: 'early', leftAt: OPENS - 1 },
      { personId: 'mid', leftAt: OPENS + 500 },
      { personId: 'gone', leftAt: OPENS + 500 },
    ];
    let b = castAll(book(roster), [
      ['r1', 'agree'],
      ['mid', 'agree'],
    ]);
    b = checkIn(b, 'gone', OPENS + 10);
    // early left before the window: the roster is 4 (r1, r2, mid, gone); mid's vote stands; gone is absent
    expect(tallyVotes(b, settings)).toMatchObject({ kind: 'inquorate', expected: 4, present: 2, needed: 3 });
    // once mid and gone have left, everyone who can still vote is r1 and r2
    b = castVote(b, { voterId: 'r2', choice: 'disagree' }, OPENS + 600).book;
    expect(allVoted(b, OPENS + 600)).toBe(true);
  });

  it('uses the stricter community rule "> half of all members" when configured', () => {
    const strict = resolveMotionSettings({
      dayMs: DAY,
      bodyRules: {
        representatives_meeting: { quorum: 'atLeastTwoThirds', pass: 'moreThanHalf', passBase: 'expected' },
      },
    });
    const b = castAll(openVoteBook({ questionId: 'q', roster: reps(9), opensAt: OPENS }, strict), [
      ['r1', 'agree'],
      ['r2', 'agree'],
      ['r3', 'agree'],
      ['r4', 'agree'],
      ['r5', 'disagree'],
      ['r6', 'disagree'],
    ]);
    expect(tallyVotes(b, settings)).toMatchObject({ kind: 'passed' }); // 4 of 6 present
    expect(tallyVotes(b, strict)).toMatchObject({ kind: 'notPassed', yesNeeded: 5 }); // 4 of 9 members
  });
});

describe('from vote book to stage', () => {
  it('feeds the closed vote into recordResolution', () => {
    const system = SYSTEM_ACTOR;
    const c = (now: number) => ({ now, settings });
    let s: MotionSnapshot = newMotion({
      motionId: 'm',
      createdAt: OPENS - 20 * DAY,
      matter: { majorReasons: ['public_project'] },
    });
    const pass = { kind: 'counts', tally: { expected: 3, present: 3, yes: 3, no: 0, abstain: 0 } } as const;
    const secretary = { roles: ['party_secretary'] } as const;
    const director = { roles: ['committee_member'], committeeOffice: 'director' } as const;
    s = applyMotionEvent(s, { type: 'recordPartyCommitteeDecision', record: pass }, secretary, c(OPENS - 19 * DAY));
    s = applyMotionEvent(s, { type: 'conveneJointMeeting', opensAt: OPENS - 15 * DAY }, secretary, c(OPENS - 19 * DAY));
    s = applyMotionEvent(s, { type: 'recordJointMeeting', record: pass }, secretary, c(OPENS - 15 * DAY));
    s = applyMotionEvent(s, { type: 'convenePartyMeeting', opensAt: OPENS - 10 * DAY }, secretary, c(OPENS - 15 * DAY));
    s = applyMotionEvent(s, { type: 'recordPartyMeeting', record: pass }, secretary, c(OPENS - 10 * DAY));
    s = applyMotionEvent(
      s,
      { type: 'scheduleResolutionMeeting', body: 'representatives_meeting', opensAt: OPENS, online: true },
      director,
      c(OPENS - 10 * DAY),
    );
    expect(s.pendingMeeting?.closesAt).toBe(CLOSES);

    let b = castAll(book(reps(3)), [
      ['r1', 'agree'],
      ['r2', 'agree'],
      ['r3', 'disagree'],
    ]);
    const closed = closeVoting(b, OPENS + 100);
    b = closed.book;
    s = applyMotionEvent(
      s,
      { type: 'recordResolution', record: voteRecord(b), closedEarly: closed.closedEarly },
      system,
      c(OPENS + 100),
    );
    expect(s).toMatchObject({
      state: 'resolution_disclosed',
      resolution: { passed: true },
      lastOutcome: { yes: 2, no: 1 },
    });
    expect(s.lastOutcome).not.toHaveProperty('count'); // names stay in the read model, not in workflow state
  });
});
