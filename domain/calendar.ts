/**
 * Time in the Asia/Shanghai calendar (DOMAIN.md §0). Pure: `now` is always a parameter, never read
 * from a clock, so the same code runs inside Temporal workflows.
 *
 * Instants are epoch milliseconds (`number`); functions also accept a `Date`. Numbers survive
 * JSON and Temporal payloads unchanged, which `Date` does not.
 *
 * Periods are configuration: `dayMs` is the length of one "day" — 86 400 000 in production, e.g.
 * 1 000 in tests so that a whole motion runs in seconds. With real days the arithmetic is calendar
 * arithmetic in Asia/Shanghai; China has kept a fixed UTC+8 offset without daylight saving since
 * 1991, so "the same wall-clock time N calendar days later" is exactly N × 24 h later, and scaled
 * days are the same formula with a shorter day.
 */

export type Instant = Date | number;

export const REAL_DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
/** Asia/Shanghai is UTC+8 all year. */
export const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

export function toMs(at: Instant): number {
  const ms = typeof at === 'number' ? at : at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('invalid instant');
  return ms;
}

export function assertDayMs(dayMs: number): void {
  if (!Number.isSafeInteger(dayMs) || dayMs <= 0)
    throw new RangeError(`dayMs must be a positive integer, got ${dayMs}`);
}

/** N days later (N may be negative). Returns the same kind it was given: Date → Date, number → number. */
export function addDays(at: Date, days: number, dayMs?: number): Date;
export function addDays(at: number, days: number, dayMs?: number): number;
export function addDays(at: Instant, days: number, dayMs = REAL_DAY_MS): Instant {
  assertDayMs(dayMs);
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be a whole number, got ${days}`);
  const ms = toMs(at) + days * dayMs;
  return typeof at === 'number' ? ms : new Date(ms);
}

/**
 * 00:00 of the (possibly scaled) day containing `at`, in Asia/Shanghai. With scaled days the day
 * grid is aligned to Shanghai midnight of the epoch, so a 1-second "day" starts on whole seconds.
 */
export function startOfShanghaiDay(at: Instant, dayMs = REAL_DAY_MS): number {
  assertDayMs(dayMs);
  const local = toMs(at) + SHANGHAI_OFFSET_MS;
  return Math.floor(local / dayMs) * dayMs - SHANGHAI_OFFSET_MS;
}

/**
 * "Published ≥ N days before day E" = published no later than 00:00 of E−N (DOMAIN §0).
 * Returns that latest allowed publication instant for an event at `eventAt`.
 */
export function latestPublicationFor(eventAt: Instant, daysBefore: number, dayMs = REAL_DAY_MS): number {
  return addDays(startOfShanghaiDay(eventAt, dayMs), -daysBefore, dayMs);
}

/** Whether a notice published at `publishedAt` is at least `daysBefore` days before the day of `eventAt`. */
export function isPublishedInTime(
  publishedAt: Instant,
  eventAt: Instant,
  daysBefore: number,
  dayMs = REAL_DAY_MS,
): boolean {
  return toMs(publishedAt) <= latestPublicationFor(eventAt, daysBefore, dayMs);
}

/**
 * The first day (its 00:00) on which an event may be held if its notice is published at `publishedAt`
 * and must come at least `daysBefore` days before — what a date picker offers as its minimum.
 */
export function earliestEventDay(publishedAt: Instant, daysBefore: number, dayMs = REAL_DAY_MS): number {
  const start = startOfShanghaiDay(publishedAt, dayMs);
  const offset = toMs(publishedAt) === start ? daysBefore : daysBefore + 1;
  return addDays(start, offset, dayMs);
}

/** "Published for ≥ N days" = visible for N × 24 h (N scaled days): the earliest allowed end. */
export function windowEnd(openedAt: Instant, days: number, dayMs = REAL_DAY_MS): number {
  return addDays(toMs(openedAt), days, dayMs);
}

/**
 * Day of the week (0 = Sunday … 6 = Saturday) of the (possibly scaled) Asia/Shanghai day containing
 * `at`. Scaled days continue the real grid: day 0 of the epoch (1 Jan 1970, Shanghai) was a Thursday.
 */
export function shanghaiWeekday(at: Instant, dayMs = REAL_DAY_MS): number {
  assertDayMs(dayMs);
  const index = Math.floor((toMs(at) + SHANGHAI_OFFSET_MS) / dayMs);
  return (((index + 4) % 7) + 7) % 7;
}

/** Monday to Friday. Public holidays and the weekend days worked in exchange (调休) are not known here. */
export function isWorkingDay(at: Instant, dayMs = REAL_DAY_MS): boolean {
  const w = shanghaiWeekday(at, dayMs);
  return w !== 0 && w !== 6;
}

/**
 * "Within N working days of `at`": the day of `at` itself does not count (as in Chinese periods, 期间开始之日不计算在内);
 * the period ends when the N-th working day after it ends. Returns that instant (00:00 of the next day).
 * Submitted on a Friday, 2 working days are Monday and Tuesday: the period ends Wednesday 00:00.
 */
export function workingDaysEnd(at: Instant, n: number, dayMs = REAL_DAY_MS): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`n must be a positive whole number, got ${n}`);
  let day = startOfShanghaiDay(at, dayMs);
  for (let counted = 0; counted < n; ) {
    day += dayMs;
    if (isWorkingDay(day, dayMs)) counted++;
  }
  return day + dayMs;
}

/** Converts configured day counts into milliseconds for timers and deadlines. */
export interface Periods {
  readonly dayMs: number;
  /** N days as a duration in ms. */
  days(n: number): number;
  addDays(at: Instant, n: number): number;
  startOfDay(at: Instant): number;
}

export function periods(dayMs = REAL_DAY_MS): Periods {
  assertDayMs(dayMs);
  return {
    dayMs,
    days: (n) => {
      if (!Number.isSafeInteger(n)) throw new RangeError(`days must be a whole number, got ${n}`);
      return n * dayMs;
    },
    addDays: (at, n) => addDays(toMs(at), n, dayMs),
    startOfDay: (at) => startOfShanghaiDay(at, dayMs),
  };
}

/** Wall-clock parts of an instant in Asia/Shanghai (months 1–12). */
export interface ShanghaiParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export function shanghaiParts(at: Instant): ShanghaiParts {
  const d = new Date(toMs(at) + SHANGHAI_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
}

export type Locale = 'zh-CN' | 'en';

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * `2026年11月25日` (zh-CN) or `25 Nov 2026` (en), the date in Asia/Shanghai. Written by hand rather than
 * with Intl so that it is identical on every server, browser and inside the workflow sandbox.
 */
export function formatShanghaiDate(at: Instant, locale: Locale = 'zh-CN'): string {
  const p = shanghaiParts(at);
  return locale === 'en' ? `${p.day} ${EN_MONTHS[p.month - 1]} ${p.year}` : `${p.year}年${p.month}月${p.day}日`;
}

/** `2026年11月25日 14:30` or `25 Nov 2026, 14:30` (24-hour clock, Asia/Shanghai). */
export function formatShanghaiDateTime(at: Instant, locale: Locale = 'zh-CN'): string {
  const p = shanghaiParts(at);
  const time = `${pad2(p.hour)}:${pad2(p.minute)}`;
  return locale === 'en' ? `${formatShanghaiDate(at, 'en')}, ${time}` : `${formatShanghaiDate(at, 'zh-CN')} ${time}`;
}

/** `2026-11-25`, the value of an `<input type="date">` in Asia/Shanghai. */
export function toShanghaiDateInput(at: Instant): string {
  const p = shanghaiParts(at);
  return `${String(p.year).padStart(4, '0')}-${pad2(p.month)}-${pad2(p.day)}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** 00:00 Asia/Shanghai of a `YYYY-MM-DD` string, or `null` if it is not a real date. */
export function parseShanghaiDate(text: string): number | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  return fromParts(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0);
}

/** A `YYYY-MM-DDTHH:mm` (datetime-local) string read as Asia/Shanghai wall-clock time, or `null`. */
export function parseShanghaiDateTime(text: string): number | null {
  const m = DATE_TIME_RE.exec(text);
  if (!m) return null;
  return fromParts(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
}

function fromParts(year: number, month: number, day: number, hour: number, minute: number, second = 0): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(utc);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return utc - SHANGHAI_OFFSET_MS;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
