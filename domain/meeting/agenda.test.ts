import { DomainError } from '../errors';
import {
  MAX_AGENDA_ITEMS,
  checkAgendaAdd,
  checkAttendance,
  checkItemCounts,
  entitledCount,
  fitsAgenda,
  itemOutcome,
  itemTally,
  type AttendanceCounts,
  type ItemCounts,
} from './agenda';
import { EMPTY, submitCount, type Confirmation } from './confirmation';
import { attendanceEntrySchema } from './schemas';

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
});

describe('numbers-only paper attendance (a sign-in sheet typed as numbers)', () => {
  const sheet = (present: number, electorate = 6): AttendanceCounts => ({ present, electorate });
  const items = (c: Partial<ItemCounts>) => confirmed<ItemCounts>({ yes: 0, no: 0, abstain: 0, recusedIds: [], ...c });

  it('a representatives’ meeting may be entered as numbers: 4 of 6 is two thirds (quorate), 3 is not', () => {
    const at4 = itemOutcome('representatives_meeting', roster, opensAt, confirmed(sheet(4)), items({ yes: 3, no: 1 }));
    const at3 = itemOutcome('representatives_meeting', roster, opensAt, confirmed(sheet(3)), items({ yes: 3 }));
    expect(at4).toMatchObject({ kind: 'passed', expected: 6, present: 4 });
    expect(at3).toMatchObject({ kind: 'inquorate' });
  });

  it('the entitled number must be the frozen roster’s (less those who left before the meeting)', () => {
    expect(entitledCount(roster, opensAt)).toBe(6);
    expect(key(() => checkAttendance(roster, sheet(5, 6), 'representatives_meeting', opensAt))).toBe('allowed');
    expect(key(() => checkAttendance(roster, sheet(5, 7), 'representatives_meeting', opensAt))).toBe('meeting.errors.entitledMismatch');
    const left = roster.map((p) => (p.personId === 'r3' ? { ...p, leftAt: opensAt - 1 } : p));
    expect(entitledCount(left, opensAt)).toBe(5);
    expect(key(() => checkAttendance(left, sheet(5, 5), 'representatives_meeting', opensAt))).toBe('allowed');
    // A residents' meeting's electorate is typed (no named roster of every adult).
    expect(key(() => checkAttendance([], sheet(90, 150), 'residents_meeting', opensAt))).toBe('allowed');
    expect(key(() => checkAttendance(roster, sheet(7, 6), 'representatives_meeting', opensAt))).toBe('motion.errors.tallyInconsistent');
  });

  it('a recusal leaves both the present count and the denominator of that item only', () => {
    const t = itemTally(roster, opensAt, sheet(5), ['r1'], { yes: 3, no: 1, abstain: 0 });
    expect(t).toMatchObject({ expected: 5, present: 4, recused: 1 });
    // 4 of 6 present, two stand aside: 2 of 4 is not two thirds → that item is inquorate.
    expect(itemOutcome('representatives_meeting', roster, opensAt, confirmed(sheet(4)), items({ yes: 2, recusedIds: ['r1', 'r2'] }))).toMatchObject({ kind: 'inquorate' });
    expect(key(() => itemTally(roster, opensAt, sheet(1), ['r1', 'r2'], { yes: 0, no: 0, abstain: 0 }))).toBe('meeting.errors.recusedNotPresent');
    expect(key(() => checkItemCounts(roster, opensAt, sheet(5), ['r1'], { yes: 4, no: 1, abstain: 0 }))).toBe('motion.errors.votesExceedPresent');
  });

  it('a numbers-only sheet waits for a second person like any count; different numbers count nothing', () => {
    const first = submitCount<AttendanceCounts>(EMPTY, { counts: sheet(5), enteredBy: 'a', enteredAt: 1, scanRef: 's' });
    expect(itemOutcome('representatives_meeting', roster, opensAt, first, items({ yes: 4 }))).toBeUndefined();
    const other = submitCount<AttendanceCounts>(first, { counts: sheet(4), enteredBy: 'b', enteredAt: 2, scanRef: 's' });
    expect(other.status).toBe('mismatch');
    expect(itemOutcome('representatives_meeting', roster, opensAt, other, items({ yes: 4 }))).toBeUndefined();
  });

  it('the form refuses proxies (none count in any meeting body, §3.3) and more present than entitled', () => {
    const base = { idempotencyKey: '00000000-0000-4000-8000-000000000001', scanRef: 'sheet-1' };
    const issues = (v: Record<string, unknown>) => {
      const r = attendanceEntrySchema.safeParse({ ...base, ...v });
      return r.success ? r.data : r.error.issues.map((i) => i.message);
    };
    expect(issues({ present: 5, electorate: 6, proxies: 0 })).toEqual({ ...base, present: 5, electorate: 6 });
    expect(issues({ present: 5, electorate: 6, proxies: 1 })).toEqual(['meeting.errors.noProxies']);
    expect(issues({ present: 7, electorate: 6 })).toEqual(['meeting.errors.presentOverEntitled']);
    expect(issues({ present: 5 })).toEqual(['form.invalid']);
    expect(issues({ present: -1, electorate: 6 })).toEqual(['form.negative']);
  });
});
