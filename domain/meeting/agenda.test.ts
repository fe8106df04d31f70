import { DomainError } from '../errors';
import {
  MAX_AGENDA_ITEMS,
  checkAgendaAdd,
  checkAttendance,
  checkItemCounts,
  fitsAgenda,
  itemOutcome,
  itemTally,
  mustNotifyInquorate,
  type AttendanceCounts,
  type ItemCounts,
} from './agenda';
import { EMPTY, submitCount, type Confirmation } from './confirmation';

const roster = ['d', 'm1', 'm2', 'r1', 'r2', 'r3'].map((personId) => ({ personId }));
const opensAt = 1_000;
const confirmed = <C>(counts: C): Confirmation<C> =>
  submitCount<C>(submitCount<C>(EMPTY, { counts, enteredBy: 'a', enteredAt: 1, scanRef: 's' }), {
    counts,
    enteredBy: 'b',
    enteredAt: 2,
    scanRef: 's',
  });
const key = (f: () => unknown) => {
  try {
    f();
    return 'allowed';
  } catch (e) {
    return e instanceof DomainError ? e.key : 'other';
  }
};

describe('agenda items decided from the shared attendance', () => {
  const five: AttendanceCounts = { presentIds: ['d', 'm1', 'm2', 'r1', 'r2'] };

  it('one attendance, several items: each its own outcome (representatives: ≥ 2/3 present, yes > half of present)', () => {
    const a = confirmed(five);
    const pass = itemOutcome('representatives_meeting', roster, opensAt, a, confirmed<ItemCounts>({ yes: 3, no: 2, abstain: 0, recusedIds: [] }));
    const tie = itemOutcome('representatives_meeting', roster, opensAt, a, confirmed<ItemCounts>({ yes: 2, no: 2, abstain: 1, recusedIds: [] }));
    expect(pass).toMatchObject({ kind: 'passed', expected: 6, present: 5, yes: 3, yesNeeded: 3 });
    // 2 of 5 present is not more than half: not passed (a tie never passes).
    expect(tie).toMatchObject({ kind: 'notPassed', yes: 2, yesNeeded: 3 });
  });

  it('a recusal leaves that item’s quorum and denominator, not the others’', () => {
    const t = itemTally(roster, opensAt, five, ['r1'], { yes: 2, no: 2, abstain: 0 });
    expect(t).toMatchObject({ expected: 5, present: 4, recused: 1 });
    const a = confirmed(five);
    // Without the recusal 2 yes of 5 present fails; with it 3 of 4 passes.
    expect(itemOutcome('representatives_meeting', roster, opensAt, a, confirmed<ItemCounts>({ yes: 3, no: 1, abstain: 0, recusedIds: ['r1'] })))
      .toMatchObject({ kind: 'passed', expected: 5, present: 4 });
  });

  it('quorum at exactly two thirds holds; one fewer is inquorate', () => {
    const four = confirmed<AttendanceCounts>({ presentIds: ['d', 'm1', 'r1', 'r2'] });
    const three = confirmed<AttendanceCounts>({ presentIds: ['d', 'm1', 'r1'] });
    const counts = confirmed<ItemCounts>({ yes: 3, no: 0, abstain: 0 });
    expect(itemOutcome('representatives_meeting', roster, opensAt, four, counts)?.kind).toBe('passed');
    expect(itemOutcome('representatives_meeting', roster, opensAt, three, counts)).toMatchObject({ kind: 'inquorate', needed: 4 });
  });

  it('recusals can make one item inquorate while the others are quorate', () => {
    const four = confirmed<AttendanceCounts>({ presentIds: ['d', 'm1', 'r1', 'r2'] });
    // Two present people recused: 2 of 4 expected present < ⌈8/3⌉ = 3 — that item only.
    expect(itemOutcome('representatives_meeting', roster, opensAt, four, confirmed<ItemCounts>({ yes: 2, no: 0, abstain: 0, recusedIds: ['r1', 'r2'] }))).toMatchObject({ kind: 'inquorate', expected: 4, present: 2 });
    expect(itemOutcome('representatives_meeting', roster, opensAt, four, confirmed<ItemCounts>({ yes: 3, no: 0, abstain: 0, recusedIds: [] }))?.kind).toBe('passed');
  });

  it('a second person who disagrees only on who stood aside is a mismatch', () => {
    const first = submitCount<ItemCounts>(EMPTY, { counts: { yes: 3, no: 0, abstain: 0, recusedIds: ['r1'] }, enteredBy: 'a', enteredAt: 1, scanRef: 's' });
    const second = submitCount<ItemCounts>(first, { counts: { yes: 3, no: 0, abstain: 0, recusedIds: [] }, enteredBy: 'b', enteredAt: 2, scanRef: 's' });
    expect(second.status).toBe('mismatch');
  });

  it('nothing is decided while attendance or the item’s counts await a second person', () => {
    const awaiting = submitCount<AttendanceCounts>(EMPTY, { counts: five, enteredBy: 'a', enteredAt: 1, scanRef: 's' });
    const counts = confirmed<ItemCounts>({ yes: 5, no: 0, abstain: 0 });
    expect(itemOutcome('representatives_meeting', roster, opensAt, awaiting, counts)).toBeUndefined();
    const itemAwaiting = submitCount<ItemCounts>(EMPTY, { counts: { yes: 5, no: 0, abstain: 0 }, enteredBy: 'a', enteredAt: 1, scanRef: 's' });
    expect(itemOutcome('representatives_meeting', roster, opensAt, confirmed(five), itemAwaiting)).toBeUndefined();
  });

  it('a party members’ meeting passes on yes > half of all expected, not of those present', () => {
    const pm = ['p1', 'p2', 'p3', 'p4', 'p5'].map((personId) => ({ personId }));
    const a = confirmed<AttendanceCounts>({ presentIds: ['p1', 'p2', 'p3', 'p4'] });
    expect(itemOutcome('party_members_meeting', pm, opensAt, a, confirmed<ItemCounts>({ yes: 3, no: 1, abstain: 0, recusedIds: [] }))?.kind).toBe('passed');
    expect(itemOutcome('party_members_meeting', pm, opensAt, a, confirmed<ItemCounts>({ yes: 2, no: 0, abstain: 2, recusedIds: [] }))?.kind).toBe('notPassed');
  });

  it('a residents’ meeting counts in numbers: quorum > half of the electorate, yes > half of present', () => {
    const a = confirmed<AttendanceCounts>({ present: 51, electorate: 100 });
    expect(itemOutcome('residents_meeting', [], opensAt, a, confirmed<ItemCounts>({ yes: 26, no: 25, abstain: 0, recusedIds: [] }))?.kind).toBe('passed');
    expect(itemOutcome('residents_meeting', [], opensAt, confirmed<AttendanceCounts>({ present: 50, electorate: 100 }), confirmed<ItemCounts>({ yes: 50, no: 0, abstain: 0, recusedIds: [] }))?.kind).toBe('inquorate');
  });

  it('a representative who left office before the meeting is off the roster and the denominator (edge #4)', () => {
    const r = roster.map((m) => (m.personId === 'r3' ? { ...m, leftAt: opensAt - 1 } : m));
    expect(itemTally(r, opensAt, { presentIds: ['d', 'm1', 'r1', 'r2'] }, [], { yes: 3, no: 0, abstain: 0 })).toMatchObject({ expected: 5, present: 4 });
  });

  it('a representative whose office ends after the meeting counts as present (edge #4)', () => {
    const r = roster.map((m) => (m.personId === 'r3' ? { ...m, leftAt: opensAt + 86_400_000 } : m));
    expect(itemTally(r, opensAt, { presentIds: ['d', 'm1', 'r1', 'r2', 'r3'] }, [], { yes: 3, no: 0, abstain: 0 })).toMatchObject({ expected: 6, present: 5 });
  });

  it('refuses counts beyond those present, attendance off the roster, duplicates and a full agenda', () => {
    expect(key(() => checkItemCounts(roster, opensAt, five, ['r1'], { yes: 3, no: 1, abstain: 1 }))).toBe('motion.errors.votesExceedPresent');
    expect(key(() => checkItemCounts(roster, opensAt, five, [], { yes: 3, no: 1, abstain: 1 }))).toBe('allowed');
    expect(key(() => checkAttendance(roster, { presentIds: ['stranger'] }))).toBe('meeting.errors.notOnRoster');
    expect(key(() => checkAttendance(roster, { presentIds: ['d', 'd'] }))).toBe('motion.errors.duplicateVoter');
    expect(key(() => checkAttendance([], { present: 6, electorate: 5 }))).toBe('motion.errors.tallyInconsistent');
    expect(key(() => checkAgendaAdd([{ motionId: 'x' }], 'x'))).toBe('meeting.errors.alreadyOnAgenda');
    const full = Array.from({ length: MAX_AGENDA_ITEMS }, (_, i) => ({ motionId: `m${i}` }));
    expect(key(() => checkAgendaAdd(full, 'new'))).toBe('meeting.errors.agendaFull');
    expect(key(() => checkAgendaAdd(full.slice(1), 'new'))).toBe('allowed');
  });

  it('each body takes motions at its own stage', () => {
    expect(fitsAgenda('representatives_meeting', 'resolving')).toBe(true);
    expect(fitsAgenda('representatives_meeting', 'party_review')).toBe(false);
    expect(fitsAgenda('party_members_meeting', 'party_review')).toBe(true);
    expect(fitsAgenda('joint_meeting', 'deliberating')).toBe(true);
  });

  it('supervisors and the street office are told after two inquorate meetings in a row (§3.4)', () => {
    expect(mustNotifyInquorate([])).toBe(false);
    expect(mustNotifyInquorate(['inquorate'])).toBe(false);
    expect(mustNotifyInquorate(['inquorate', 'inquorate'])).toBe(true);
    expect(mustNotifyInquorate(['inquorate', 'passed', 'inquorate'])).toBe(false);
    expect(mustNotifyInquorate(['notPassed', 'inquorate', 'inquorate'])).toBe(true);
  });
});
