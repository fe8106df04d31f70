/**
 * DOMAIN.md §3.7 item 3: the supervision committee reviews every disclosure before publication; if
 * no supervisor acts within 2 working days, the committee may publish it labelled "not reviewed by
 * the supervision committee" (PLATFORM). One period for a motion's disclosures (domain/motion/review.ts)
 * and the quarterly finance account (domain/finance/account.ts).
 */
import { workingDaysEnd } from './calendar';

export const REVIEW_WORKING_DAYS = 2;

/**
 * When the committee may publish unreviewed: the end of the second working day (Monday–Friday,
 * Asia/Shanghai; public holidays are not known here) after the day of submission — the day itself
 * does not count. `dayMs` scales the day for tests.
 */
export const reviewPeriodEnd = (submittedAt: number, dayMs?: number): number => workingDaysEnd(submittedAt, REVIEW_WORKING_DAYS, dayMs);
