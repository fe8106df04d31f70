/**
 * Quiet hours 免打扰时段 (PLATFORM, fixed): no SMS between 21:00 and 08:00 Asia/Shanghai. A notice
 * that falls in them waits until 08:00; a reminder that would then come too late (after its
 * deadline) goes out before 21:00 instead. Only real days have nights: a drill or test community
 * with a scaled day length (`dayMs` ≠ 24 h) has no quiet hours.
 */
import { HOUR_MS, REAL_DAY_MS, SHANGHAI_OFFSET_MS } from '../calendar';

export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 8;

const hourOf = (t: number) => Math.floor(((t + SHANGHAI_OFFSET_MS) % REAL_DAY_MS) / HOUR_MS);
const midnightOf = (t: number) => t - ((t + SHANGHAI_OFFSET_MS) % REAL_DAY_MS);

export function isQuiet(t: number): boolean {
  const h = hourOf(t);
  return h >= QUIET_FROM_HOUR || h < QUIET_UNTIL_HOUR;
}

/**
 * When an SMS planned for `t` may go: `t` itself outside quiet hours, else the next 08:00 — or,
 * if that is not before `latest`, the last moment before the quiet hours began (20:59).
 */
export function outsideQuietHours(t: number, o: { dayMs: number; latest?: number }): number {
  if (o.dayMs !== REAL_DAY_MS || !isQuiet(t)) return t;
  const midnight = midnightOf(t);
  const morning = hourOf(t) >= QUIET_FROM_HOUR ? midnight + REAL_DAY_MS + QUIET_UNTIL_HOUR * HOUR_MS : midnight + QUIET_UNTIL_HOUR * HOUR_MS;
  if (o.latest === undefined || morning < o.latest) return morning;
  const evening = hourOf(t) >= QUIET_FROM_HOUR ? midnight + QUIET_FROM_HOUR * HOUR_MS : midnight - REAL_DAY_MS + QUIET_FROM_HOUR * HOUR_MS;
  return evening - 60_000;
}
