import { DomainError } from '../errors';
import { EMPTY, assertMayEnter, confirmedCounts, sameCounts, submitCount, visibleTo, type Confirmation } from './confirmation';

type C = { yes: number; no: number; abstain: number };
const entry = (by: string, counts: C, scanRef = 'scan-1', at = 1) => ({ counts, enteredBy: by, enteredAt: at, scanRef });
const director = { roles: ['committee_member' as const], committeeOffice: 'director' as const };
const supervisor = { roles: ['supervisor' as const] };
const resident = { roles: ['resident' as const] };
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.key;
    throw e;
  }
  return 'allowed';
};

describe('second-person confirmation of typed counts', () => {
  const n = { yes: 5, no: 1, abstain: 0 };

  it('a first entry awaits confirmation and counts nothing', () => {
    const c = submitCount<C>(EMPTY, entry('a', n));
    expect(c.status).toBe('awaiting');
    expect(confirmedCounts(c)).toBeUndefined();
  });

  it('the same person typing again replaces the entry and still awaits', () => {
    const c = submitCount<C>(submitCount<C>(EMPTY, entry('a', n)), entry('a', { ...n, yes: 4 }));
    expect(c).toMatchObject({ status: 'awaiting', entry: { counts: { yes: 4 } } });
    expect(confirmedCounts(c)).toBeUndefined();
  });

  it('a different person typing the same numbers confirms them', () => {
    const c = submitCount<C>(submitCount<C>(EMPTY, entry('a', n)), entry('b', { abstain: 0, no: 1, yes: 5 }, 'x', 2));
    expect(c).toMatchObject({ status: 'confirmed', confirmedBy: 'b', confirmedAt: 2, entry: { enteredBy: 'a' } });
    expect(confirmedCounts(c)).toEqual(n);
  });

  it('a mismatch keeps both entries and counts nothing; a new entry starts again', () => {
    const first = submitCount<C>(EMPTY, entry('a', n));
    const m = submitCount<C>(first, entry('b', { ...n, no: 2 }));
    expect(m).toMatchObject({ status: 'mismatch', entry: { enteredBy: 'a' }, other: { enteredBy: 'b', counts: { no: 2 } } });
    expect(confirmedCounts(m)).toBeUndefined();
    const again = submitCount<C>(m, entry('b', n));
    expect(again.status).toBe('awaiting');
    expect(submitCount<C>(again, entry('a', n)).status).toBe('confirmed');
  });

  it('once confirmed nothing changes', () => {
    const c = submitCount<C>(submitCount<C>(EMPTY, entry('a', n)), entry('b', n));
    expect(refusal(() => submitCount<C>(c, entry('c', n)))).toBe('meeting.errors.alreadyConfirmed');
    expect(refusal(() => assertMayEnter(c, director, 'c'))).toBe('meeting.errors.alreadyConfirmed');
  });

  it('without the sheet scan nothing is confirmed (checkPaperTally)', () => {
    const first = submitCount<C>(EMPTY, entry('a', n, ''));
    expect(refusal(() => submitCount<C>(first, entry('b', n)))).toBe('motion.errors.scanRequired');
  });

  it('who may enter and who may confirm (§3.2)', () => {
    expect(refusal(() => assertMayEnter(EMPTY, resident, 'r'))).toBe('motion.errors.notPermitted');
    // A supervisor confirms but never enters first.
    expect(refusal(() => assertMayEnter(EMPTY, supervisor, 's'))).toBe('motion.errors.notPermitted');
    const awaiting: Confirmation<C> = submitCount<C>(EMPTY, entry('a', n));
    expect(refusal(() => assertMayEnter(awaiting, supervisor, 's'))).toBe('allowed');
    expect(refusal(() => assertMayEnter(awaiting, resident, 'r'))).toBe('meeting.errors.mayNotConfirm');
    const secretary = { roles: ['party_secretary' as const] };
    expect(refusal(() => assertMayEnter(EMPTY, secretary, 'p'))).toBe('allowed');
    expect(refusal(() => assertMayEnter(awaiting, secretary, 'p'))).toBe('meeting.errors.mayNotConfirm');
  });

  it('the second person does not see the first numbers before typing; a mismatch is shown to both', () => {
    const awaiting = submitCount<C>(EMPTY, entry('a', n));
    expect(visibleTo(awaiting, 'b')).toEqual({ status: 'awaiting', enteredBy: 'a', enteredAt: 1 });
    expect(visibleTo(awaiting, 'a')).toBe(awaiting);
    const m = submitCount<C>(awaiting, entry('b', { ...n, yes: 4 }));
    expect(visibleTo(m, 'a')).toBe(m);
    expect(visibleTo(m, 'b')).toBe(m);
  });

  it('compares id lists regardless of order', () => {
    expect(sameCounts({ presentIds: ['x', 'y'] }, { presentIds: ['y', 'x'] })).toBe(true);
    expect(sameCounts({ presentIds: ['x'] }, { presentIds: ['x', 'y'] })).toBe(false);
    expect(sameCounts({ present: 3, electorate: 5 }, { electorate: 5, present: 3 })).toBe(true);
  });
});
