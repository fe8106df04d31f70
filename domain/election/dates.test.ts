import { addDays, addMonths, daysBetween, isCivilDate, shanghaiDateOf, shanghaiDayStartMs } from './dates';
import { atLeastOneThird, moreThanHalf } from './numbers';

describe('civil dates (Asia/Shanghai)', () => {
  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isCivilDate('2026-02-28')).toBe(true);
    expect(isCivilDate('2028-02-29')).toBe(true);
    expect(isCivilDate('2026-02-29')).toBe(false);
    expect(isCivilDate('1900-02-29')).toBe(false);
    expect(isCivilDate('1799-12-31')).toBe(false);
    expect(isCivilDate('2000-02-29')).toBe(true);
    expect(isCivilDate('2026-13-01')).toBe(false);
    expect(isCivilDate('2026-1-01')).toBe(false);
    expect(isCivilDate(20260101)).toBe(false);
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-12-10', -50)).toBe('2026-10-21');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysBetween('2026-10-21', '2026-12-10')).toBe(50);
  });

  it('adds calendar months, clamping a missing day to the month end', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addMonths('2026-10-15', 3)).toBe('2027-01-15');
  });

  it('starts a Shanghai day at 16:00 UTC the day before', () => {
    const ms = shanghaiDayStartMs('2026-12-10');
    expect(new Date(ms).toISOString()).toBe('2026-12-09T16:00:00.000Z');
    expect(shanghaiDateOf(ms)).toBe('2026-12-10');
    expect(shanghaiDateOf(ms - 1)).toBe('2026-12-09');
  });
});

describe('threshold arithmetic', () => {
  it('more than half never passes on a tie', () => {
    expect(moreThanHalf(50, 100)).toBe(false);
    expect(moreThanHalf(51, 100)).toBe(true);
    expect(moreThanHalf(50, 99)).toBe(true);
  });

  it('one third is met exactly', () => {
    expect(atLeastOneThird(33, 99)).toBe(true);
    expect(atLeastOneThird(32, 99)).toBe(false);
    expect(atLeastOneThird(34, 100)).toBe(true);
    expect(atLeastOneThird(33, 100)).toBe(false);
  });
});
