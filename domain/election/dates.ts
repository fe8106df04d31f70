/**
 * Civil-date arithmetic for election timelines. Dates are `YYYY-MM-DD` strings meaning a calendar
 * day in Asia/Shanghai (DOMAIN.md §0). Shanghai has no daylight saving, so a day is always 24 h and
 * its start is 16:00 UTC of the previous day. Pure: `Date` is used only as a calculator.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export type CivilDate = string;

function parts(date: CivilDate): [number, number, number] | null {
  const m = DATE_RE.exec(date);
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** A real calendar date written `YYYY-MM-DD` (year 1800–2999). */
export function isCivilDate(value: unknown): value is CivilDate {
  if (typeof value !== 'string') return false;
  const p = parts(value);
  if (!p) return false;
  const [y, m, d] = p;
  return y >= 1800 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function assertDate(date: CivilDate): [number, number, number] {
  const p = parts(date);
  if (!p || !isCivilDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return p;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function fromUtcMs(ms: number): CivilDate {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function toUtcMs(date: CivilDate): number {
  const [y, m, d] = assertDate(date);
  return Date.UTC(y, m - 1, d);
}

export function addDays(date: CivilDate, days: number): CivilDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/**
 * Calendar months later. A missing day clamps to the month's last day (Civil Code Art. 202:
 * "没有对应日的，月末日为期间的最后一日"), e.g. 2026-11-30 + 3 months = 2027-02-28.
 */
export function addMonths(date: CivilDate, months: number): CivilDate {
  const [y, m, d] = assertDate(date);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return `${pad(ny, 4)}-${pad(nm)}-${pad(Math.min(d, daysInMonth(ny, nm)))}`;
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: CivilDate, b: CivilDate): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / DAY_MS);
}

export const compareDates = (a: CivilDate, b: CivilDate): number => (a < b ? -1 : a > b ? 1 : 0);
export const minDate = (a: CivilDate, b: CivilDate): CivilDate => (a <= b ? a : b);

/** The instant (epoch ms) at which `date` begins in Asia/Shanghai. */
export function shanghaiDayStartMs(date: CivilDate): number {
  return toUtcMs(date) - SHANGHAI_OFFSET_MS;
}

/** The Asia/Shanghai calendar date containing the instant `ms`. */
export function shanghaiDateOf(ms: number): CivilDate {
  return fromUtcMs(ms + SHANGHAI_OFFSET_MS);
}
