import { DomainError } from '../errors';
import {
  checkBodyRule,
  checkPaperTally,
  countNamed,
  decide,
  jointMeetingOutcome,
  jointMeetingRoster,
  outcomeMessage,
  partyCommitteeOutcome,
  partyMembersMeetingOutcome,
  representativesMeetingOutcome,
  representativesRosterWarnings,
  residentsMeetingOutcome,
  type BallotMark,
  type NamedMeeting,
  type RosterMember,
  type VoteChoice,
} from './meetings';

const OPEN = 1_000_000;
const people = (prefix: string, n: number): RosterMember[] =>
  Array.from({ length: n }, (_, i) => ({ personId: `${prefix}${i + 1}` }));
const ids = (prefix: string, n: number) => people(prefix, n).map((p) => p.personId);
const ballots = (voters: string[], choice: VoteChoice, at = OPEN + 10): BallotMark[] =>
  voters.map((personId) => ({ personId, choice, at }));

/** A named meeting where the given people voted as listed. */
function meeting(
  roster: RosterMember[],
  votes: { yes?: string[]; no?: string[]; abstain?: string[] },
  extra: Partial<NamedMeeting> = {},
): NamedMeeting {
  return {
    roster,
    opensAt: OPEN,
    ballots: [
      ...ballots(votes.yes ?? [], 'agree'),
      ...ballots(votes.no ?? [], 'disagree'),
      ...ballots(votes.abstain ?? [], 'abstain'),
    ],
    ...extra,
  };
}

describe('party committee', () => {
  const committee = people('p', 7);

  it('passes with yes from more than half of ALL members', () => {
    const o = partyCommitteeOutcome(meeting(committee, { yes: ids('p', 4) }));
    expect(o).toMatchObject({ kind: 'passed', expected: 7, present: 4, quorumNeeded: 4, yesNeeded: 4 });
  });

  it('does not pass when a majority of those present is not a majority of all members', () => {
    const o = partyCommitteeOutcome(meeting(committee, { yes: ids('p', 3), no: ['p4'] }));
    expect(o).toMatchObject({ kind: 'notPassed', present: 4, yes: 3, yesNeeded: 4 });
  });

  it('is inquorate with half or fewer of the members', () => {
    expect(partyCommitteeOutcome(meeting(committee, { yes: ids('p', 3) }))).toMatchObject({
      kind: 'inquorate',
      present: 3,
      needed: 4,
    });
  });
});

describe('joint meeting (edge #11: secretary who is also director counts once)', () => {
  const party = [{ personId: 'sec' }, { personId: 'a' }, { personId: 'b' }];
  const residents = [{ personId: 'sec' }, { personId: 'c' }, { personId: 'd' }, { personId: 'e' }];
  const roster = jointMeetingRoster(party, residents);

  it('builds the roster from distinct persons', () => {
    expect(roster.map((r) => r.personId).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'sec']);
  });

  it('needs more than half of the 6 distinct persons present and voting yes', () => {
    expect(jointMeetingOutcome(meeting(roster, { yes: ['sec', 'a', 'c', 'd'] }))).toMatchObject({
      kind: 'passed',
      expected: 6,
      quorumNeeded: 4,
      yesNeeded: 4,
    });
    // 3 of 6 is a tie: not passed (edge #6)
    expect(jointMeetingOutcome(meeting(roster, { yes: ['sec', 'a', 'c'], no: ['d'] }))).toMatchObject({
      kind: 'notPassed',
      yes: 3,
    });
  });

  it('gives a person on both committees one vote however often they submit it', () => {
    const m = meeting(
      [...party, ...residents],
      {},
      {
        ballots: [
          { personId: 'sec', choice: 'agree', at: OPEN + 1 },
          { personId: 'sec', choice: 'agree', at: OPEN + 2 },
          { personId: 'a', choice: 'agree', at: OPEN + 3 },
          { personId: 'c', choice: 'agree', at: OPEN + 4 },
        ],
      },
    );
    const o = jointMeetingOutcome(m);
    // Counted twice, 'sec' would make 4 of 6 present and 4 yes — a false pass.
    expect(o).toMatchObject({ kind: 'inquorate', expected: 6, present: 3, needed: 4 });
    expect(o.count.presentIds.filter((id) => id === 'sec')).toHaveLength(1);
  });
});

describe("party members' meeting (LAW: yes > half of all full members expected)", () => {
  // 30 full members, 2 excused with approval, 3 probationary
  const full = people('m', 30);
  const probationary = people('prob', 3).map((p) => ({ ...p, hasVote: false }));
  const excused = ['m29', 'm30'];

  it('counts the threshold against those expected (28), not those present', () => {
    const attending = ids('m', 15);
    // 10 of 15 present would be a majority of those present, but not of the 28 expected
    const o = partyMembersMeetingOutcome(
      meeting([...full, ...probationary], { yes: attending.slice(0, 10), no: attending.slice(10) }, { excused }),
    );
    expect(o).toMatchObject({ kind: 'notPassed', expected: 28, present: 15, quorumNeeded: 15, yesNeeded: 15 });
  });

  it('does not pass with exactly half of those expected (14 of 28)', () => {
    const o = partyMembersMeetingOutcome(meeting(full, { yes: ids('m', 14), abstain: ['m15'] }, { excused }));
    expect(o).toMatchObject({ kind: 'notPassed', yes: 14 });
  });

  it('passes with 15 of 28', () => {
    expect(partyMembersMeetingOutcome(meeting(full, { yes: ids('m', 15) }, { excused }))).toMatchObject({
      kind: 'passed',
    });
  });

  it('does not count probationary members, present or voting', () => {
    const o = partyMembersMeetingOutcome(
      meeting([...full, ...probationary], { yes: [...ids('m', 14), ...ids('prob', 3)] }, { excused }),
    );
    expect(o).toMatchObject({ kind: 'inquorate', present: 14, needed: 15, expected: 28 });
  });

  it('takes an excused member who attends anyway back into those expected', () => {
    const o = partyMembersMeetingOutcome(meeting(full, { yes: [...ids('m', 14), 'm29'] }, { excused }));
    expect(o).toMatchObject({ kind: 'passed', expected: 29, present: 15, yes: 15 });
  });

  it('applies the optional community rule raising attendance to two thirds', () => {
    const rule = { quorum: 'atLeastTwoThirds', pass: 'moreThanHalf', passBase: 'expected' } as const;
    const counts = { fullMembers: 30, excused: 2, recused: 0, yes: 18, no: 0, abstain: 0 };
    expect(partyMembersMeetingOutcome({ ...counts, present: 18 }, rule)).toMatchObject({
      kind: 'inquorate',
      needed: 19,
    });
    expect(partyMembersMeetingOutcome({ ...counts, present: 19 }, rule)).toMatchObject({ kind: 'passed' });
  });

  it('accepts counts from a sign-in sheet, recused members taken out of those expected', () => {
    expect(
      partyMembersMeetingOutcome({ fullMembers: 20, excused: 1, recused: 1, present: 10, yes: 10, no: 0, abstain: 0 }),
    ).toMatchObject({ kind: 'passed', expected: 18, yesNeeded: 10 });
  });
});

describe("residents' meeting (Art. 9: yes > half of those present)", () => {
  it('needs more than half of the electorate per mode', () => {
    const base = { mode: 'households', electorate: 200, yes: 60, no: 40, abstain: 0 } as const;
    expect(residentsMeetingOutcome({ ...base, present: 100 })).toMatchObject({ kind: 'inquorate', needed: 101 });
    expect(residentsMeetingOutcome({ ...base, present: 101 })).toMatchObject({ kind: 'passed', yesNeeded: 51 });
  });

  it('does not pass on a tie (edge #6)', () => {
    expect(
      residentsMeetingOutcome({ mode: 'all_adults', electorate: 150, present: 102, yes: 51, no: 51, abstain: 0 }),
    ).toMatchObject({ kind: 'notPassed', yes: 51, yesNeeded: 52 });
  });
});

describe("representatives' meeting (quorum ≥ 2/3, yes > half of those present)", () => {
  const reps = people('r', 15);

  it('is quorate at exactly two thirds (10 of 15), inquorate at 9', () => {
    expect(
      representativesMeetingOutcome(meeting(reps, { yes: ids('r', 6), no: ['r7', 'r8', 'r9', 'r10'] })),
    ).toMatchObject({
      kind: 'passed',
      present: 10,
      quorumNeeded: 10,
      yesNeeded: 6,
    });
    expect(representativesMeetingOutcome(meeting(reps, { yes: ids('r', 9) }))).toMatchObject({
      kind: 'inquorate',
      present: 9,
      needed: 10,
    });
  });

  it('is quorate with 2 of 3 members', () => {
    expect(representativesMeetingOutcome(meeting(people('x', 3), { yes: ['x1', 'x2'] }))).toMatchObject({
      kind: 'passed',
    });
    expect(representativesMeetingOutcome(meeting(people('x', 3), { yes: ['x1'] }))).toMatchObject({
      kind: 'inquorate',
      needed: 2,
    });
  });

  it('does not pass on a tie among those present', () => {
    expect(
      representativesMeetingOutcome(meeting(reps, { yes: ids('r', 5), no: ['r6', 'r7', 'r8', 'r9', 'r10'] })),
    ).toMatchObject({ kind: 'notPassed', yes: 5, yesNeeded: 6 });
  });

  it('counts abstentions and present non-voters as present but not yes', () => {
    const m = meeting(
      reps,
      { yes: ids('r', 5), abstain: ['r6', 'r7'] },
      {
        attendance: ['r8', 'r9', 'r10'].map((personId) => ({ personId, method: 'in_person' as const, at: OPEN })),
      },
    );
    expect(representativesMeetingOutcome(m)).toMatchObject({ kind: 'notPassed', present: 10, abstain: 2, notVoted: 3 });
  });

  it('applies the stricter "more than half of all members" when configured', () => {
    const strict = { quorum: 'atLeastTwoThirds', pass: 'moreThanHalf', passBase: 'expected' } as const;
    expect(
      representativesMeetingOutcome(meeting(reps, { yes: ids('r', 7), no: ['r8', 'r9', 'r10'] }), strict),
    ).toMatchObject({
      kind: 'notPassed',
      yesNeeded: 8,
    });
    expect(representativesMeetingOutcome(meeting(reps, { yes: ids('r', 8), no: ['r9', 'r10'] }), strict)).toMatchObject(
      {
        kind: 'passed',
      },
    );
  });

  it('removes recused members from quorum and denominator (edge #12)', () => {
    const m = meeting(
      reps,
      { yes: [...ids('r', 5), 'r13'], no: ['r6', 'r7', 'r8'] },
      { recused: ['r13', 'r14', 'r15'] },
    );
    const o = representativesMeetingOutcome(m);
    // 12 expected → quorum 8; r13's ballot does not count
    expect(o).toMatchObject({ kind: 'passed', expected: 12, present: 8, quorumNeeded: 8, yes: 5 });
    expect(o.count.recusedIds).toEqual(['r13', 'r14', 'r15']);
    expect(o.count.ignored).toContainEqual({ personId: 'r13', reason: 'recused' });
  });

  it('handles representatives leaving office (edge #4)', () => {
    const roster: RosterMember[] = [
      ...people('r', 6),
      { personId: 'before', leftAt: OPEN - 1 }, // left before the window: off roster and denominator
      { personId: 'votedThenLeft', leftAt: OPEN + 100 }, // vote stands
      { personId: 'leftWithoutVoting', leftAt: OPEN + 100 }, // counted absent
    ];
    const m = meeting(
      roster,
      {},
      {
        // checked in, but left during the window without voting
        attendance: [{ personId: 'leftWithoutVoting', method: 'online', at: OPEN + 1 }],
        ballots: [
          ...ballots(['r1', 'r2', 'r3', 'r4', 'r5', 'votedThenLeft'], 'agree'),
          { personId: 'before', choice: 'agree', at: OPEN + 5 },
          { personId: 'leftWithoutVoting', choice: 'agree', at: OPEN + 200 }, // after leaving: ignored
        ],
      },
    );
    const o = representativesMeetingOutcome(m);
    expect(o.count.removedIds).toEqual(['before']);
    expect(o.count.absentIds.sort()).toEqual(['leftWithoutVoting', 'r6']);
    expect(o.count.presentIds).toContain('votedThenLeft');
    expect(o).toMatchObject({ kind: 'passed', expected: 8, present: 6, quorumNeeded: 6, yes: 6 });
    expect(o.count.ignored).toEqual(
      expect.arrayContaining([
        { personId: 'before', reason: 'leftOffice' },
        { personId: 'leftWithoutVoting', reason: 'leftOffice' },
      ]),
    );
  });

  it('does not treat leaving office after the vote closed as leaving during it', () => {
    const m: NamedMeeting = {
      roster: [...people('r', 2), { personId: 'later', leftAt: OPEN + 5_000 }],
      opensAt: OPEN,
      closesAt: OPEN + 3_000,
      attendance: [{ personId: 'later', method: 'online', at: OPEN + 1 }],
      ballots: ballots(['r1', 'r2'], 'agree'),
    };
    expect(countNamed(m).presentIds).toContain('later');
  });

  it('counts a person once whether they attended in person, voted online, or both', () => {
    const roster = people('r', 3);
    const m: NamedMeeting = {
      roster,
      opensAt: OPEN,
      attendance: [
        { personId: 'r1', method: 'in_person', at: OPEN },
        { personId: 'r1', method: 'paper', at: OPEN },
        { personId: 'r2', method: 'in_person', at: OPEN },
      ],
      ballots: [
        { personId: 'r1', choice: 'disagree', at: OPEN + 1 },
        { personId: 'r1', choice: 'agree', at: OPEN + 2 }, // the last choice counts
        { personId: 'r2', choice: 'agree', at: OPEN + 3 },
      ],
    };
    const c = countNamed(m);
    expect(c.tally).toEqual({ expected: 3, present: 2, yes: 2, no: 0, abstain: 0 });
    expect(c.choices).toEqual({ r1: 'agree', r2: 'agree' });
  });

  it('ignores marks of people not on the roster frozen at notice', () => {
    const c = countNamed(meeting(people('r', 3), { yes: ['r1', 'r2', 'stranger'] }));
    expect(c.tally.yes).toBe(2);
    expect(c.ignored).toEqual([{ personId: 'stranger', reason: 'notOnRoster' }]);
  });
});

describe('decide', () => {
  it('never finds a quorum when nobody is expected', () => {
    expect(decide('representatives_meeting', { expected: 0, present: 0, yes: 0, no: 0, abstain: 0 })).toMatchObject({
      kind: 'inquorate',
      needed: 1,
    });
  });

  it('refuses counts that contradict each other', () => {
    const bad = [
      { expected: 10, present: 11, yes: 0, no: 0, abstain: 0 },
      { expected: 10, present: 5, yes: 4, no: 1, abstain: 1 },
      { expected: 10, present: 5, yes: -1, no: 0, abstain: 0 },
      { expected: 10, present: 5.5, yes: 1, no: 0, abstain: 0 },
    ];
    for (const t of bad) {
      expect(() => decide('residents_meeting', t)).toThrow(DomainError);
      try {
        decide('residents_meeting', t);
      } catch (e) {
        expect((e as DomainError).key).toBe('motion.errors.tallyInconsistent');
      }
    }
  });

  it('gives the UI a message key with the numbers', () => {
    expect(outcomeMessage(decide('joint_meeting', { expected: 9, present: 4, yes: 4, no: 0, abstain: 0 }))).toEqual({
      key: 'motion.outcome.inquorate',
      params: { present: 4, needed: 5, expected: 9 },
    });
    expect(outcomeMessage(decide('joint_meeting', { expected: 9, present: 9, yes: 5, no: 4, abstain: 0 })).key).toBe(
      'motion.outcome.passed',
    );
  });
});

describe('configuration only makes rules stricter', () => {
  it('refuses a representatives quorum below two thirds and a party pass base of those present', () => {
    expect(
      checkBodyRule('representatives_meeting', { quorum: 'moreThanHalf', pass: 'moreThanHalf', passBase: 'present' })
        .ok,
    ).toBe(false);
    expect(
      checkBodyRule('party_members_meeting', { quorum: 'moreThanHalf', pass: 'moreThanHalf', passBase: 'present' }),
    ).toEqual({
      ok: false,
      key: 'motion.errors.ruleLaxerThanLaw',
      params: { body: 'party_members_meeting' },
    });
  });

  it('accepts the stricter variants DOMAIN.md names', () => {
    expect(
      checkBodyRule('party_members_meeting', { quorum: 'atLeastTwoThirds', pass: 'moreThanHalf', passBase: 'expected' })
        .ok,
    ).toBe(true);
    expect(
      checkBodyRule('representatives_meeting', {
        quorum: 'atLeastTwoThirds',
        pass: 'moreThanHalf',
        passBase: 'expected',
      }).ok,
    ).toBe(true);
  });
});

describe('rosters and paper tallies', () => {
  it('warns (never blocks) when representatives are under 4/5 or women under 1/3', () => {
    const member = (isRepresentative: boolean, isWoman: boolean) => ({ isRepresentative, isWoman });
    const ok = [...Array(8)].map((_, i) => member(true, i < 4)).concat([member(false, false), member(false, false)]);
    expect(representativesRosterWarnings(ok)).toEqual([]);
    const few = [...Array(7)]
      .map(() => member(true, false))
      .concat([member(false, true), member(false, true), member(false, false)]);
    expect(representativesRosterWarnings(few)).toEqual([
      'motion.warnings.fewRepresentatives',
      'motion.warnings.fewWomen',
    ]);
  });

  it('counts a paper tally only with a scan and a second person (edge #13)', () => {
    expect(checkPaperTally({ enteredBy: 'a' }).ok).toBe(false);
    expect(checkPaperTally({ enteredBy: 'a', scanRef: 's' })).toMatchObject({
      key: 'motion.errors.paperTallyUnconfirmed',
    });
    expect(checkPaperTally({ enteredBy: 'a', confirmedBy: 'a', scanRef: 's' })).toMatchObject({
      key: 'motion.errors.secondPersonRequired',
    });
    expect(checkPaperTally({ enteredBy: 'a', confirmedBy: 'b', scanRef: 's' }).ok).toBe(true);
  });
});
