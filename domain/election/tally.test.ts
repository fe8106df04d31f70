import { emptyVotes, type BallotForm } from './ballot';
import type { Office } from './plan';
import {
  applyTieRevote,
  checkPaperTotalsConfirmed,
  checkPaperTotalsConsistent,
  combineCounts,
  committeeOutcome,
  decideRound,
  electedIds,
  electionVoidReasons,
  electorateSize,
  planRunoff,
  tieRevoteForm,
  turnoutValid,
  vacanciesAfterRunoff,
  type PaperTotals,
  type RoundCount,
  type RoundOutcome,
} from './tally';
import { byElectionLastDay, rerunLastDay } from './timeline';

type Decided = Extract<RoundOutcome, { kind: 'decided' }>;

const form: BallotForm = {
  writeInsAllowed: true,
  sections: [
    { office: 'director', seats: 1, candidateIds: ['d1', 'd2'] },
    { office: 'deputy', seats: 1, candidateIds: ['v1', 'v2'] },
    { office: 'member', seats: 3, candidateIds: ['m1', 'm2', 'm3', 'm4'] },
  ],
};
const margins = { director: 1, deputy: 1, member: 1 };

function count(returned: number, votes: Partial<Record<Office, Record<string, number>>>, issued = returned): RoundCount {
  return { issued, returned, votes: { ...emptyVotes(), ...votes }, overReturned: [] };
}

function decided(o: RoundOutcome): Decided {
  if (o.kind !== 'decided') throw new Error(`round was void: ${o.key}`);
  return o;
}

const office = (o: Decided, name: Office) => o.offices.find((r) => r.office === name)!;
const winners = (o: Decided, name: Office) => office(o, name).elected.map((s) => s.personId);

describe('electorate per mode (§4.1)', () => {
  const c = { registeredVoters: 1200, registeredHouseholds: 480, groupRepresentatives: 36 };
  it('uses voters, households or all group representatives', () => {
    expect(electorateSize('direct', c)).toBe(1200);
    expect(electorateSize('household', c)).toBe(480);
    expect(electorateSize('group_representatives', c)).toBe(36);
  });
});

describe('turnout (§8 #20)', () => {
  it('50 of 100 is not valid, 51 is', () => {
    expect(turnoutValid(50, 100)).toBe(false);
    expect(turnoutValid(51, 100)).toBe(true);
    expect(turnoutValid(50, 99)).toBe(true);
  });

  it('voids the election when turnout misses, with the numbers and the re-run deadline', () => {
    const o = decideRound({ round: 'main', electorate: 100, count: count(50, { director: { d1: 50 } }), form });
    expect(o).toEqual({ kind: 'void', key: 'election.errors.turnoutShort', params: { returned: 50, electorate: 100, needed: 51 } });
    expect(rerunLastDay('2026-12-10')).toBe('2027-01-09');
    expect(decideRound({ round: 'main', electorate: 100, count: count(51, {}), form }).kind).toBe('decided');
  });

  it('applies to a runoff too', () => {
    const runoffForm: BallotForm = { writeInsAllowed: false, sections: [{ office: 'member', seats: 1, candidateIds: ['m3', 'm4'] }] };
    expect(decideRound({ round: 'runoff', electorate: 100, count: count(50, { member: { m3: 40 } }), form: runoffForm }).kind).toBe('void');
  });
});

describe('ballots returned > issued (§8 #19)', () => {
  it('voids the round', () => {
    const o = decideRound({ round: 'main', electorate: 100, count: count(81, { director: { d1: 70 } }, 80), form });
    expect(o).toEqual({ kind: 'void', key: 'election.errors.ballotsExceedIssued', params: { issued: 80, returned: 81 } });
  });

  it('voids the round when one box has more back than issued, even if the total does not', () => {
    const box = (boxId: string, issued: number, returned: number): PaperTotals => ({ boxId, issued, returned, votes: {}, enteredBy: 'a', confirmedBy: 'b', scanAttached: true });
    const c = combineCounts(null, [box('central', 60, 58), box('mobile-1', 20, 21)]);
    expect(c.kind === 'ready' && c.count.overReturned).toEqual(['mobile-1']);
    if (c.kind !== 'ready') return;
    expect(decideRound({ round: 'main', electorate: 100, count: c.count, form })).toMatchObject({ kind: 'void', key: 'election.errors.ballotsExceedIssued' });
  });
});

describe('elected: yes > half of ballots returned — 双过半 (§4.7)', () => {
  it('50 yes of 100 returned is not elected, 51 is', () => {
    const o = decided(decideRound({ round: 'main', electorate: 150, count: count(100, { director: { d1: 50, d2: 30 }, deputy: { v1: 51, v2: 40 } }), form }));
    expect(winners(o, 'director')).toEqual([]);
    expect(office(o, 'director').unfilled).toBe(1);
    expect(winners(o, 'deputy')).toEqual(['v1']);
  });

  it('counts blank and void ballots in the denominator', () => {
    // 100 returned, 20 of them blank or void for director: 50 yes is most of the 80 valid, yet not elected
    const o = decided(decideRound({ round: 'main', electorate: 150, count: count(100, { director: { d1: 50, d2: 30 } }), form }));
    expect(winners(o, 'director')).toEqual([]);
    const ifOnlyValid = decided(decideRound({ round: 'main', electorate: 150, count: count(80, { director: { d1: 50, d2: 30 } }), form }));
    expect(winners(ifOnlyValid, 'director')).toEqual(['d1']);
  });

  it('lets most votes win when more qualify than there are seats', () => {
    const o = decided(decideRound({ round: 'main', electorate: 150, count: count(100, { member: { m1: 80, m2: 70, m3: 60, m4: 55 } }), form }));
    expect(winners(o, 'member')).toEqual(['m1', 'm2', 'm3']);
    expect(office(o, 'member')).toMatchObject({ tieAtCutoff: null, unfilled: 0 });
  });

  it('elects a write-in who passes the threshold', () => {
    const o = decided(decideRound({ round: 'main', electorate: 150, count: count(100, { member: { m1: 80, w9: 60, m2: 40 } }), form }));
    expect(winners(o, 'member')).toEqual(['m1', 'w9']);
    expect(office(o, 'member').unfilled).toBe(1);
  });

  it('seats a person in the higher office only; the next in line takes the lower seat', () => {
    const o = decided(
      decideRound({ round: 'main', electorate: 150, count: count(100, { director: { d1: 70 }, member: { d1: 90, m1: 80, m2: 70, m3: 60 } }), form }),
    );
    expect(winners(o, 'director')).toEqual(['d1']);
    expect(winners(o, 'member')).toEqual(['m1', 'm2', 'm3']);
  });

  it('keeps the order of the ranking: votes, then list order', () => {
    const o = decided(decideRound({ round: 'main', electorate: 150, count: count(100, { member: { m4: 10 } }), form }));
    expect(office(o, 'member').ranking.map((s) => s.personId)).toEqual(['m4', 'm1', 'm2', 'm3']);
  });
});

describe('tie at the cut-off (§8 #7)', () => {
  it('returns the tied for a revote instead of breaking the tie', () => {
    const o = decided(decideRound({ round: 'main', electorate: 150, count: count(100, { member: { m1: 80, m2: 60, m3: 60, m4: 60 } }), form }));
    expect(office(o, 'member')).toMatchObject({ elected: [{ personId: 'm1', votes: 80 }], tieAtCutoff: { personIds: ['m2', 'm3', 'm4'], seats: 2, votes: 60 }, unfilled: 0 });
  });

  it('does not call a tie among people who all win', () => {
    const o = decided(decideRound({ round: 'main', electorate: 150, count: count(100, { member: { m1: 70, m2: 70, m3: 70, m4: 55 } }), form }));
    expect(winners(o, 'member')).toEqual(['m1', 'm2', 'm3']);
    expect(office(o, 'member').tieAtCutoff).toBeNull();
  });

  it('does not call a tie among people below the threshold', () => {
    const o = decided(decideRound({ round: 'main', electorate: 150, count: count(100, { member: { m1: 80, m2: 40, m3: 40 } }), form }));
    expect(winners(o, 'member')).toEqual(['m1']);
    expect(office(o, 'member')).toMatchObject({ tieAtCutoff: null, unfilled: 2 });
  });

  it('revotes among the tied only, and folds the result back', () => {
    const main = decided(decideRound({ round: 'main', electorate: 150, count: count(100, { director: { d1: 60, d2: 20 }, member: { m1: 80, m2: 60, m3: 60, m4: 60 } }), form }));
    const revoteForm = tieRevoteForm(main)!;
    expect(revoteForm).toEqual({ writeInsAllowed: false, sections: [{ office: 'member', seats: 2, candidateIds: ['m2', 'm3', 'm4'] }] });
    const revote = decided(decideRound({ round: 'tieRevote', electorate: 150, count: count(90, { member: { m2: 50, m3: 45, m4: 20, w1: 30 } }), form: revoteForm, alreadyElected: electedIds(main) }));
    expect(winners(revote, 'member')).toEqual(['m2', 'm3']);
    const merged = applyTieRevote(main, revote);
    expect(winners(merged, 'member')).toEqual(['m1', 'm2', 'm3']);
    expect(office(merged, 'member')).toMatchObject({ tieAtCutoff: null, unfilled: 0 });
    expect(tieRevoteForm(merged)).toBeNull();
  });

  it('revotes again when the revote ties', () => {
    const oneSeat: BallotForm = { writeInsAllowed: true, sections: [{ office: 'member', seats: 1, candidateIds: ['m1', 'm2'] }] };
    const m = decided(decideRound({ round: 'main', electorate: 150, count: count(100, { member: { m1: 55, m2: 55 } }), form: oneSeat }));
    expect(office(m, 'member').tieAtCutoff).toEqual({ personIds: ['m1', 'm2'], seats: 1, votes: 55 });
    const again = decided(decideRound({ round: 'tieRevote', electorate: 150, count: count(80, { member: { m1: 40, m2: 40 } }), form: tieRevoteForm(m)! }));
    const merged = applyTieRevote(m, again);
    expect(office(merged, 'member')).toMatchObject({ elected: [], tieAtCutoff: { personIds: ['m1', 'm2'], seats: 1, votes: 40 } });
    const last = decided(decideRound({ round: 'tieRevote', electorate: 150, count: count(80, { member: { m1: 41, m2: 39 } }), form: tieRevoteForm(merged)! }));
    expect(office(applyTieRevote(merged, last), 'member').elected).toEqual([{ personId: 'm1', votes: 55 }]);
  });

  it('refuses to plan a runoff while a tie is pending', () => {
    const main = decided(decideRound({ round: 'main', electorate: 150, count: count(100, { member: { m1: 60, m2: 60, m3: 60, m4: 60 } }), form }));
    expect(() => planRunoff(main, margins)).toThrow(RangeError);
  });
});

describe('runoff 另行选举 for unfilled seats', () => {
  const main = decided(
    decideRound({
      round: 'main',
      electorate: 150,
      count: count(100, { director: { d1: 45, d2: 40 }, deputy: { v1: 70, v2: 20 }, member: { m1: 80, m2: 45, m3: 30, m4: 30 } }),
      form,
    }),
  );

  it('takes the best-placed losers, unfilled + margin, including all tied at the last place', () => {
    expect(winners(main, 'member')).toEqual(['m1']);
    const plan = planRunoff(main, margins);
    expect(plan.vacancies).toEqual([]);
    expect(plan.form).toEqual({
      writeInsAllowed: false,
      sections: [
        { office: 'director', seats: 1, candidateIds: ['d1', 'd2'] },
        { office: 'member', seats: 2, candidateIds: ['m2', 'm3', 'm4'] },
      ],
    });
  });

  it('cuts the list at unfilled + margin when there is no tie', () => {
    const m = decided(decideRound({ round: 'main', electorate: 150, count: count(100, { member: { m1: 80, m2: 45, m3: 30, m4: 20, w1: 10 } }), form }));
    expect(planRunoff(m, margins).form!.sections.find((s) => s.office === 'member')!.candidateIds).toEqual(['m2', 'm3', 'm4']);
    expect(planRunoff(m, { ...margins, member: 3 }).form!.sections.find((s) => s.office === 'member')!.candidateIds).toEqual(['m2', 'm3', 'm4', 'w1']);
  });

  it('elects with ≥ 1/3 of ballots returned: 33 of 99 wins, 32 does not', () => {
    const runoffForm: BallotForm = { writeInsAllowed: false, sections: [{ office: 'director', seats: 1, candidateIds: ['d1', 'd2'] }] };
    const won = decided(decideRound({ round: 'runoff', electorate: 150, count: count(99, { director: { d1: 33, d2: 32 } }), form: runoffForm }));
    expect(winners(won, 'director')).toEqual(['d1']);
    const lost = decided(decideRound({ round: 'runoff', electorate: 150, count: count(99, { director: { d1: 32, d2: 30 } }), form: runoffForm }));
    expect(winners(lost, 'director')).toEqual([]);
    const hundred = decided(decideRound({ round: 'runoff', electorate: 150, count: count(100, { director: { d1: 33, d2: 32 } }), form: runoffForm }));
    expect(winners(hundred, 'director')).toEqual([]);
  });

  it('lets most votes win among those above one third, and reports a tie', () => {
    const runoffForm: BallotForm = { writeInsAllowed: false, sections: [{ office: 'member', seats: 2, candidateIds: ['m2', 'm3', 'm4'] }] };
    const r = decided(decideRound({ round: 'runoff', electorate: 150, count: count(90, { member: { m2: 50, m3: 40, m4: 35 } }), form: runoffForm, alreadyElected: ['m1'] }));
    expect(winners(r, 'member')).toEqual(['m2', 'm3']);
    const tie = decided(decideRound({ round: 'runoff', electorate: 150, count: count(90, { member: { m2: 50, m3: 35, m4: 35 } }), form: runoffForm }));
    expect(office(tie, 'member')).toMatchObject({ elected: [{ personId: 'm2' }], tieAtCutoff: { personIds: ['m3', 'm4'], seats: 1 } });
  });

  it('leaves seats still unfilled vacant, with a by-election within 3 months (§8 #21)', () => {
    const runoffForm: BallotForm = { writeInsAllowed: false, sections: [{ office: 'member', seats: 2, candidateIds: ['m2', 'm3', 'm4'] }] };
    const r = decided(decideRound({ round: 'runoff', electorate: 150, count: count(90, { member: { m2: 30, m3: 29, m4: 20 } }), form: runoffForm }));
    expect(winners(r, 'member')).toEqual(['m2']);
    expect(vacanciesAfterRunoff(r)).toEqual([{ office: 'member', seats: 1, key: 'election.errors.seatsVacant' }]);
    expect(byElectionLastDay('2026-12-17')).toBe('2027-03-17');
  });

  it('makes a seat vacant when there are not more losers than open seats', () => {
    // a candidate withdrew after E−3 and stayed on the ballot; the others: one elected, one loser for two open seats
    const thin: BallotForm = { writeInsAllowed: false, sections: [{ office: 'deputy', seats: 3, candidateIds: ['v1', 'v2', 'v3'] }] };
    const m = decided(decideRound({ round: 'main', electorate: 150, count: count(100, { deputy: { v1: 70, v2: 60, v3: 10 } }), form: thin }));
    expect(winners(m, 'deputy')).toEqual(['v1', 'v2']);
    expect(planRunoff(m, margins)).toEqual({ form: null, vacancies: [{ office: 'deputy', seats: 1, key: 'election.errors.runoffTooFewCandidates' }] });
    const twoSeats: BallotForm = { ...thin, sections: [{ office: 'deputy', seats: 2, candidateIds: ['v1', 'v2', 'v3'] }] };
    const enough = decided(decideRound({ round: 'main', electorate: 150, count: count(100, { deputy: { v1: 70, v2: 30, v3: 10 } }), form: twoSeats }));
    expect(planRunoff(enough, margins).form!.sections).toEqual([{ office: 'deputy', seats: 1, candidateIds: ['v2', 'v3'] }]);
  });
});

describe('paper totals (§3.2, §8 #13)', () => {
  const sheet = (over: Partial<PaperTotals> = {}): PaperTotals => ({
    boxId: 'central',
    issued: 60,
    returned: 60,
    votes: { director: { d1: 40, d2: 15 }, member: { m1: 50, m2: 40, m3: 30, m4: 30 } },
    voidSections: { director: 2 },
    enteredBy: 'clerk',
    confirmedBy: 'supervisor',
    scanAttached: true,
    ...over,
  });

  it('count only when a second person confirmed and the scan is attached', () => {
    expect(checkPaperTotalsConfirmed(sheet()).ok).toBe(true);
    expect(checkPaperTotalsConfirmed(sheet({ confirmedBy: null }))).toMatchObject({ key: 'election.errors.paperUnconfirmed' });
    expect(checkPaperTotalsConfirmed(sheet({ confirmedBy: 'clerk' }))).toMatchObject({ key: 'election.errors.paperSelfConfirmed' });
    expect(checkPaperTotalsConfirmed(sheet({ scanAttached: false }))).toMatchObject({ key: 'election.errors.paperScanMissing' });
  });

  it('holds the decision back while any box is unconfirmed', () => {
    const r = combineCounts(null, [sheet(), sheet({ boxId: 'mobile-1', confirmedBy: null })]);
    expect(r).toEqual({ kind: 'awaitingConfirmation', boxes: [{ boxId: 'mobile-1', key: 'election.errors.paperUnconfirmed' }] });
  });

  it('adds online ballots to confirmed paper totals', () => {
    const online = { issued: 40, totals: { returned: 40, votes: { director: { d1: 30 }, deputy: {}, member: { m1: 20 } }, voidSections: { director: 0, deputy: 0, member: 0 }, blankSections: { director: 10, deputy: 40, member: 20 } } };
    const r = combineCounts(online, [sheet()]);
    expect(r.kind).toBe('ready');
    if (r.kind !== 'ready') return;
    expect(r.count).toMatchObject({ issued: 100, returned: 100, overReturned: [] });
    expect(r.count.votes.director).toEqual({ d1: 70, d2: 15 });
    expect(r.count.votes.member.m1).toBe(70);
    const o = decided(decideRound({ round: 'main', electorate: 180, count: r.count, form }));
    expect(winners(o, 'director')).toEqual(['d1']);
    expect(winners(o, 'member')).toEqual(['m1']);
  });

  it('flags online ballots beyond the participation flags as over-returned', () => {
    const online = { issued: 39, totals: { returned: 40, votes: emptyVotes(), voidSections: { director: 0, deputy: 0, member: 0 }, blankSections: { director: 0, deputy: 0, member: 0 } } };
    const r = combineCounts(online, []);
    expect(r.kind === 'ready' && r.count.overReturned).toEqual(['online']);
  });

  it('catches a sheet whose numbers cannot be right', () => {
    expect(checkPaperTotalsConsistent(sheet(), form).ok).toBe(true);
    expect(checkPaperTotalsConsistent(sheet({ votes: { director: { d1: 59, d2: 1 } } }), form)).toMatchObject({ key: 'election.errors.paperTotalsInconsistent', params: { office: 'director' } }); // 60 votes for 1 seat, but 2 sections void
    expect(checkPaperTotalsConsistent(sheet({ votes: { member: { m1: 60, m2: 60, m3: 60, m4: 1 } }, voidSections: {} }), form)).toMatchObject({ key: 'election.errors.paperTotalsInconsistent' });
    expect(checkPaperTotalsConsistent(sheet({ issued: 50 }), form).ok).toBe(true); // more back than issued is a fact to record, not an entry error
    const noWriteIns = { ...form, writeInsAllowed: false };
    expect(checkPaperTotalsConsistent(sheet({ votes: { member: { w1: 3 } } }), noWriteIns)).toMatchObject({ key: 'election.errors.notACandidate' });
  });
});

describe('the new committee', () => {
  it('works with at least 3 members; the director presides', () => {
    const o = committeeOutcome(
      [
        { personId: 'd1', office: 'director', votes: 70 },
        { personId: 'v1', office: 'deputy', votes: 60 },
        { personId: 'm1', office: 'member', votes: 80 },
      ],
      [{ office: 'member', seats: 2, key: 'election.errors.seatsVacant' }],
    );
    expect(o).toMatchObject({ works: true, presiding: { personId: 'd1' } });
  });

  it('lets the deputy with most votes preside when the director seat is vacant', () => {
    const o = committeeOutcome(
      [
        { personId: 'v1', office: 'deputy', votes: 60 },
        { personId: 'v2', office: 'deputy', votes: 65 },
      ],
      [],
    );
    expect(o).toMatchObject({ works: false, presiding: { personId: 'v2' } });
    const tie = committeeOutcome([{ personId: 'v1', office: 'deputy', votes: 60 }, { personId: 'v2', office: 'deputy', votes: 60 }, { personId: 'm1', office: 'member', votes: 90 }], []);
    expect(tie).toMatchObject({ works: true, presiding: { tied: ['v1', 'v2'] } });
    expect(committeeOutcome([{ personId: 'm1', office: 'member', votes: 90 }], []).presiding).toBeNull();
  });
});

describe('whole-election validity (§4.7)', () => {
  const ok = { electionCommitteeProperlyFormed: true, candidatesLawful: true, contestRuleKept: true, turnoutMet: true, ballotsWithinIssued: true, publicCount: true, announcedOnSpot: true };
  it('lists every ground for voiding', () => {
    expect(electionVoidReasons(ok)).toEqual([]);
    expect(electionVoidReasons({ ...ok, publicCount: false, contestRuleKept: false })).toEqual(['election.void.contestRuleBroken', 'election.void.noPublicCount']);
  });
});
