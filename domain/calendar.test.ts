import {
  REAL_DAY_MS,
  addDays,
  earliestEventDay,
  formatShanghaiDate,
  formatShanghaiDateTime,
  isPublishedInTime,
  latestPublicationFor,
  parseShanghaiDate,
  parseShanghaiDateTime,
  periods,
  startOfShanghaiDay,
  toShanghaiDateInput,
  windowEnd,
} from './calendar';

/** Wall-clock time in Shanghai → epoch ms. */
const sh = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h - 8, mi, s);

describe('Shanghai days', () => {
  it('starts a day at 00:00 Shanghai, which is 16:00 UTC the day before', () => {
    expect(startOfShanghaiDay(sh(2026, 11, 25, 0, 0))).toBe(Date.UTC(2026, 10, 24, 16));
    expect(startOfShanghaiDay(sh(2026, 11, 25, 23, 59, 59))).toBe(sh(2026, 11, 25));
    // 07:59 UTC on the 25th is already afternoon in Shanghai, same day
    expect(startOfShanghaiDay(Date.UTC(2026, 10, 25, 7, 59))).toBe(sh(2026, 11, 25));
    // 16:00 UTC on the 25th is the next Shanghai day
    expect(startOfShanghaiDay(new Date(Date.UTC(2026, 10, 25, 16, 0)))).toBe(sh(2026, 11, 26));
  });

  it('adds calendar days across month and year ends, returning the kind it was given', () => {
    expect(addDays(sh(2026, 12, 30, 9), 3)).toBe(sh(2027, 1, 2, 9));
    expect(addDays(sh(2028, 2, 28, 9), 1)).toBe(sh(2028, 2, 29, 9));
    const asDate = addDays(new Date(sh(2026, 11, 25, 14)), -2);
    expect(asDate).toBeInstanceOf(Date);
    expect(asDate.getTime()).toBe(sh(2026, 11, 23, 14));
  });

  it('adds scaled days linearly', () => {
    expect(addDays(5_000, 3, 1_000)).toBe(8_000);
    expect(startOfShanghaiDay(12_345, 1_000)).toBe(12_000);
  });

  it('refuses a non-positive or fractional day length and fractional day counts', () => {
    expect(() => addDays(0, 1, 0)).toThrow(RangeError);
    expect(() => addDays(0, 1.5)).toThrow(RangeError);
    expect(() => startOfShanghaiDay(0, -1)).toThrow(RangeError);
  });
});

describe('"published ≥ N days before day E" = no later than 00:00 of E−N', () => {
  const meeting = sh(2026, 11, 25, 14, 0);

  it('takes 00:00 of E−N as the latest moment, whatever the hour of the event', () => {
    expect(latestPublicationFor(meeting, 2)).toBe(sh(2026, 11, 23, 0, 0));
    expect(latestPublicationFor(sh(2026, 11, 25, 0, 0), 2)).toBe(sh(2026, 11, 23, 0, 0));
  });

  it('accepts publication up to and including that moment, refuses a second later', () => {
    expect(isPublishedInTime(sh(2026, 11, 22, 23, 59), meeting, 2)).toBe(true);
    expect(isPublishedInTime(sh(2026, 11, 23, 0, 0), meeting, 2)).toBe(true);
    expect(isPublishedInTime(sh(2026, 11, 23, 0, 0, 1), meeting, 2)).toBe(false);
    expect(isPublishedInTime(sh(2026, 11, 23, 9, 0), meeting, 2)).toBe(false);
  });

  it('offers the first day a meeting may then be held', () => {
    expect(earliestEventDay(sh(2026, 11, 23, 9, 0), 2)).toBe(sh(2026, 11, 26));
    expect(earliestEventDay(sh(2026, 11, 23, 0, 0), 2)).toBe(sh(2026, 11, 25));
    // and that day is indeed in time, the day before is not
    const first = earliestEventDay(sh(2026, 11, 23, 9, 0), 7);
    expect(isPublishedInTime(sh(2026, 11, 23, 9, 0), first, 7)).toBe(true);
    expect(isPublishedInTime(sh(2026, 11, 23, 9, 0), addDays(first, -1), 7)).toBe(false);
  });

  it('works the same with scaled days', () => {
    const day = 1_000;
    const event = 10 * day + 500; // day 10, mid-day
    expect(isPublishedInTime(8 * day, event, 2, day)).toBe(true);
    expect(isPublishedInTime(8 * day + 1, event, 2, day)).toBe(false);
  });
});

describe('"published for ≥ N days" = N × 24 h', () => {
  it('ends exactly N days after opening', () => {
    expect(windowEnd(sh(2026, 11, 25, 15, 30), 7)).toBe(sh(2026, 12, 2, 15, 30));
    expect(windowEnd(3_000, 7, 1_000)).toBe(10_000);
  });
});

describe('periods', () => {
  it('turns configured day counts into milliseconds', () => {
    expect(periods().days(7)).toBe(7 * REAL_DAY_MS);
    const fast = periods(1_000);
    expect(fast.days(180)).toBe(180_000);
    expect(fast.addDays(500, 2)).toBe(2_500);
    expect(fast.startOfDay(2_999)).toBe(2_000);
    expect(() => fast.days(0.5)).toThrow(RangeError);
  });
});

describe('formatting and parsing', () => {
  it('formats dates as 2026年11月25日 and 25 Nov 2026, in Shanghai', () => {
    expect(formatShanghaiDate(sh(2026, 11, 25, 0, 30))).toBe('2026年11月25日');
    expect(formatShanghaiDate(sh(2026, 11, 25, 0, 30), 'en')).toBe('25 Nov 2026');
    // 20:00 UTC on 24 Nov is already the 25th in Shanghai
    expect(formatShanghaiDate(new Date(Date.UTC(2026, 10, 24, 20)))).toBe('2026年11月25日');
    expect(formatShanghaiDate(sh(2027, 1, 5), 'en')).toBe('5 Jan 2027');
  });

  it('formats date and time on a 24-hour clock', () => {
    expect(formatShanghaiDateTime(sh(2026, 11, 25, 14, 5))).toBe('2026年11月25日 14:05');
    expect(formatShanghaiDateTime(sh(2026, 11, 25, 9, 0), 'en')).toBe('25 Nov 2026, 09:00');
  });

  it('reads form dates as Shanghai wall-clock time and refuses impossible ones', () => {
    expect(parseShanghaiDate('2026-11-25')).toBe(sh(2026, 11, 25));
    expect(parseShanghaiDateTime('2026-11-25T14:30')).toBe(sh(2026, 11, 25, 14, 30));
    expect(parseShanghaiDate('2026-02-30')).toBeNull();
    expect(parseShanghaiDate('2026-13-01')).toBeNull();
    expect(parseShanghaiDate('25/11/2026')).toBeNull();
    expect(parseShanghaiDateTime('2026-11-25T24:00')).toBeNull();
    // Browsers send seconds when the input's step is below a minute.
    expect(parseShanghaiDateTime('2026-11-25T14:30:15')).toBe(sh(2026, 11, 25, 14, 30) + 15_000);
    expect(parseShanghaiDateTime('2026-11-25T14:30:60')).toBeNull();
    expect(toShanghaiDateInput(sh(2026, 11, 25, 23, 59))).toBe('2026-11-25');
  });
});
