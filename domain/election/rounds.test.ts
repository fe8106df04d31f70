import type { BallotForm } from './ballot';
import { MAX_TIE_REVOTES, afterRound, lapse, startProgress, type NextStep } from './rounds';
import { decideRound, type RoundCount, type RoundKind } from './tally';

const margins = { director: 1, deputy: 1, member: 1 };
const form: BallotForm = {
  writeInsAllowed: true,
  sections: [
    { office: 'director', seats: 1, candidateIds: ['d1', 'd2'] },
    { office: 'member', seats: 2, candidateIds: ['m1', 'm2', 'm3'] },
  ],
};
const count = (returned: number, votes: { director?: Record<string, number>; member?: Record<string, number> }, issued = returned): RoundCount => ({
  issued,
  returned,
  votes: { director: votes.director ?? {}, deputy: {}, member: votes.member ?? {} },
  overReturned: returned > issued ? ['box'] : [],
});
const decide = (round: RoundKind, f: BallotForm, c: RoundCount, alreadyElected: string[] = []) =>
  decideRound({ round, electorate: 20, count: c, form: f, alreadyElected });
const round = (kind: RoundKind, f: BallotForm, alreadyElected: string[] = []) => ({ kind, form: f, alreadyElected });
const asRound = (n: NextStep) => {
  if (n.kind !== 'round') throw new Error(`expected a round, got ${n.kind}`);
  return n;
};
const asFinal = (n: NextStep) => {
  if (n.kind !== 'final') throw new Error(`expected final, got ${n.kind}`);
  return n.result;
};

describe('the sequence of rounds', () => {
  it('finishes after a main round that fills every seat', () => {
    const c = count(12, { director: { d1: 10 }, member: { m1: 9, m2: 8, m3: 2 } });
    const { next } = afterRound(startProgress(), round('main', form), decide('main', form, c), margins);
    expect(asFinal(next).members.map((m) => m.personId)).toEqual(['d1', 'm1', 'm2']);
    expect(asFinal(next).vacancies).toEqual([]);
  });

  it('voids the election when the main round misses the turnout (edge #20)', () => {
    const { next } = afterRound(startProgress(), round('main', form), decide('main', form, count(10, { director: { d1: 9 } })), margins);
    expect(next).toMatchObject({ kind: 'void', key: 'election.errors.turnoutShort' });
  });

  it('repeats a round with more ballots returned than issued (edge #19)', () => {
    const { next } = afterRound(startProgress(), round('main', form), decide('main', form, count(12, {}, 11)), margins);
    expect(next).toMatchObject({ kind: 'round', round: 'main', repeated: true });
  });

  it('holds a runoff for unfilled seats, then finishes with its winners', () => {
    const main = decide('main', form, count(12, { director: { d1: 10 }, member: { m1: 9, m2: 5, m3: 4 } }));
    const a = afterRound(startProgress(), round('main', form), main, margins);
    const r = asRound(a.next);
    expect(r).toMatchObject({ round: 'runoff', alreadyElected: ['d1', 'm1'], form: { sections: [{ office: 'member', seats: 1, candidateIds: ['m2', 'm3'] }] } });
    const runoff = decide('runoff', r.form, count(11, { member: { m3: 6, m2: 5 } }), r.alreadyElected);
    const done = asFinal(afterRound(a.progress, round('runoff', r.form, r.alreadyElected), runoff, margins).next);
    expect(done.members.map((m) => `${m.office}:${m.personId}`)).toEqual(['director:d1', 'member:m1', 'member:m3']);
    expect(done.committee).toMatchObject({ works: true, presiding: { personId: 'd1' } }); // ≥ 3 seated
  });

  it('revotes a tie at the cut-off among the tied, then goes on (edge #7)', () => {
    const main = decide('main', form, count(12, { director: { d1: 10 }, member: { m1: 9, m2: 8, m3: 8 } }));
    const a = afterRound(startProgress(), round('main', form), main, margins);
    const tie = asRound(a.next);
    expect(tie).toMatchObject({ round: 'tieRevote', form: { sections: [{ office: 'member', seats: 1, candidateIds: ['m2', 'm3'] }] } });
    const revote = decide('tieRevote', tie.form, count(12, { member: { m2: 5, m3: 7 } }), tie.alreadyElected);
    const done = asFinal(afterRound(a.progress, round('tieRevote', tie.form, tie.alreadyElected), revote, margins).next);
    expect(done.members.map((m) => m.personId).sort()).toEqual(['d1', 'm1', 'm3']);
  });

  it(`leaves tied seats vacant after ${MAX_TIE_REVOTES} tied revotes`, () => {
    const main = decide('main', form, count(12, { director: { d1: 10 }, member: { m1: 9, m2: 8, m3: 8 } }));
    let state = afterRound(startProgress(), round('main', form), main, margins);
    for (let i = 0; i < MAX_TIE_REVOTES; i++) {
      const tie = asRound(state.next);
      state = afterRound(state.progress, round('tieRevote', tie.form, tie.alreadyElected), decide('tieRevote', tie.form, count(12, { member: { m2: 6, m3: 6 } })), margins);
    }
    // The seat still tied is then unfilled like any other: it goes to a runoff between the tied.
    expect(state.next).toMatchObject({ kind: 'round', round: 'runoff', form: { sections: [{ office: 'member', seats: 1, candidateIds: ['m2', 'm3'] }] } });
  });

  it('lapses: a runoff not held in time leaves its seats vacant', () => {
    const main = decide('main', form, count(12, { director: { d1: 10 }, member: { m1: 9, m2: 5, m3: 4 } }));
    const a = afterRound(startProgress(), round('main', form), main, margins);
    const r = asRound(a.next);
    const done = asFinal(lapse(a.progress, r.form, margins).next);
    expect(done.members.map((m) => m.personId)).toEqual(['d1', 'm1']);
    expect(done.vacancies).toEqual([{ office: 'member', seats: 1, key: 'election.errors.roundNotHeld' }]);
  });

  it('lapses: a repeat of a void main round not held voids the election', () => {
    expect(lapse(startProgress(), form, margins).next).toMatchObject({ kind: 'void', key: 'election.errors.repeatNotHeld' });
  });

  it('a runoff that misses the turnout leaves its seats vacant, the main round stands', () => {
    const main = decide('main', form, count(12, { director: { d1: 10 }, member: { m1: 9, m2: 5, m3: 4 } }));
    const a = afterRound(startProgress(), round('main', form), main, margins);
    const r = asRound(a.next);
    const failed = decide('runoff', r.form, count(9, { member: { m2: 5 } }), r.alreadyElected);
    const done = asFinal(afterRound(a.progress, round('runoff', r.form, r.alreadyElected), failed, margins).next);
    expect(done.members.map((m) => m.personId)).toEqual(['d1', 'm1']);
    expect(done.vacancies).toEqual([{ office: 'member', seats: 1, key: 'election.errors.seatsVacant' }]);
  });
});
