/**
 * Notices, voting windows and overdue stages (DOMAIN.md §3.4), from community settings.
 */
import { earliestEventDay, isPublishedInTime } from '../calendar';
import { allowed, refuse, type Verdict } from '../errors';
import type { MeetingBody } from './meetings';
import { ESCALATION_AFTER_DAYS, noticeDaysFor, type MotionSettings } from './settings';

/** Whether a notice given at `noticeAt` is early enough for a meeting at `meetingAt` ("≥ N days before day E"). */
export function checkNotice(body: MeetingBody, noticeAt: number, meetingAt: number, settings: MotionSettings): Verdict {
  const days = noticeDaysFor(body, settings);
  if (meetingAt < noticeAt) return refuse('motion.errors.meetingBeforeNotice');
  if (days === 0) return allowed; // no notice period (party committee)
  if (!isPublishedInTime(noticeAt, meetingAt, days, settings.dayMs)) {
    return refuse('motion.errors.noticeTooShort', {
      days,
      earliest: earliestEventDay(noticeAt, days, settings.dayMs),
    });
  }
  return allowed;
}

/** The first day a meeting of this body may be held if notice is given at `noticeAt` (date-picker minimum). */
export function earliestMeetingDay(body: MeetingBody, noticeAt: number, settings: MotionSettings): number {
  return earliestEventDay(noticeAt, noticeDaysFor(body, settings), settings.dayMs);
}

/**
 * The opening to take after a convening refused as "notice too short" — what a secretary does when
 * a day ended between choosing the date and the refusal (on a busy machine a drill's short day can):
 * the earliest day the refusal names, plus as much again as it moved past `tried` (at least
 * `marginMs`). Undefined when the refusal is another one.
 */
export function openingAfterRefusal(r: { ok: boolean; key?: string; params?: Record<string, unknown> }, tried: number, marginMs: number): number | undefined {
  if (r.ok || r.key !== 'motion.errors.noticeTooShort') return undefined;
  const earliest = Number(r.params?.earliest);
  if (!Number.isFinite(earliest)) return undefined;
  return earliest + Math.max(earliest - tried, marginMs);
}

/** The online voting window opening at `opensAt`; it may close early only when everyone has voted. */
export function votingWindow(opensAt: number, settings: MotionSettings): { opensAt: number; closesAt: number } {
  return { opensAt, closesAt: opensAt + settings.votingWindowDays * settings.dayMs };
}

export type OverdueLevel = 'onTime' | 'reminder' | 'escalation';

/** Reminder from the due date; street-office escalation 7 days later (fixed). Never advances the stage. */
export function overdueLevel(dueAt: number, now: number, settings: MotionSettings): OverdueLevel {
  if (now < dueAt) return 'onTime';
  return now < escalationAt(dueAt, settings) ? 'reminder' : 'escalation';
}

export function escalationAt(dueAt: number, settings: MotionSettings): number {
  return dueAt + ESCALATION_AFTER_DAYS * settings.dayMs;
}
