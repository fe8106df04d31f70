/**
 * Service appraisal 对服务单位的民主评议 (DOMAIN.md §9.3): one rating per household per subject,
 * results with n and satisfaction, a reply asked of a subject below the threshold. Pure.
 */
import { permille, totalOf, type GradeCounts } from './rules';

/** A survey window lasts 7–14 days (PLATFORM). */
export const SURVEY_MIN_DAYS = 7;
export const SURVEY_MAX_DAYS = 14;
/** Below this many ratings a subject shows "too few ratings" and no rate (PLATFORM, §9.4). */
export const MIN_SERVICE_RATINGS = 10;
/** Below this satisfaction (per cent, PRACTICE) the subject is asked to reply. */
export const REPLY_THRESHOLD_PERCENT = 60;
/** The reply is due within this many days (PLATFORM). */
export const REPLY_DAYS = 15;
export const SERVICE_KINDS = ['street_department', 'resident_unit', 'utility', 'property_company'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

export type ServiceResult =
  | { kind: 'tooFew'; n: number }
  | { kind: 'rated'; n: number; satisfactionPermille: number; replyRequested: boolean };

/**
 * A subject's result: fewer than 10 ratings → too few (no rate); otherwise satisfaction =
 * (满意 + 基本满意) / n, and a reply is requested when it is below 60 % (exactly 60 % is not below).
 */
export function serviceResult(counts: GradeCounts, threshold = REPLY_THRESHOLD_PERCENT): ServiceResult {
  const n = totalOf(counts);
  if (n < MIN_SERVICE_RATINGS) return { kind: 'tooFew', n };
  const satisfied = counts.good + counts.fair;
  return { kind: 'rated', n, satisfactionPermille: permille(satisfied, n)!, replyRequested: 100 * satisfied < threshold * n };
}
