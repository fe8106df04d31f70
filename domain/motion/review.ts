/**
 * The supervision committee's review of a motion's disclosures before publication (DOMAIN.md §3.7
 * item 3, decision 074). Entering `resolution_disclosed` or `result_disclosed` makes the disclosure
 * wait for review:
 * - a `supervisor` approves it (optionally with a remark) → it is published, labelled reviewed;
 * - or asks for a correction with a reason → the committee (director or party secretary) corrects the
 *   records and resubmits with a note, and the review starts again (2 working days from then);
 * - if no supervisor acted within 2 working days of the (re)submission, the director or the party
 *   secretary may publish it labelled "not reviewed by the supervision committee".
 * Nobody else may do any of this. Pure; part of `./stages` through guards.ts and reducer.ts.
 */
import { allowed, refuse, type Verdict } from '../errors';
import { REVIEW_WORKING_DAYS, reviewPeriodEnd } from '../review-period';
import type { MotionSettings } from './settings';
import type { MotionSnapshot } from './snapshot';

/** PLATFORM, fixed (§3.7 item 3); the same period as the finance account's (domain/review-period.ts). */
export { REVIEW_WORKING_DAYS };

export type ReviewStatus = 'pending' | 'correctionRequested' | 'approved' | 'unreviewed';

export interface DisclosureReview {
  status: ReviewStatus;
  /** When the disclosure was (re)submitted for review: the 2 working days run from here. */
  submittedAt: number;
  /** When a supervisor approved or asked for a correction, or the committee published unreviewed. */
  decidedAt?: number;
  /** The approving supervisor's remark (published with the disclosure). */
  remark?: string;
  /** The latest correction request's reason (the committee sees it). */
  correctionReason?: string;
  /** The committee's note when it resubmitted. */
  resubmitNote?: string;
  /** Corrections asked so far. */
  corrections: number;
}

export type ReviewAction = 'approveDisclosure' | 'requestDisclosureCorrection' | 'resubmitDisclosure' | 'publishUnreviewed';

export type ReviewEvent =
  | { type: 'approveDisclosure'; remark?: string }
  | { type: 'requestDisclosureCorrection'; reason: string }
  | { type: 'resubmitDisclosure'; note: string }
  | { type: 'publishUnreviewed' };

export const newReview = (at: number): DisclosureReview => ({ status: 'pending', submittedAt: at, corrections: 0 });

/** From when the director or party secretary may publish without review (while still pending). */
export function reviewDeadline(r: DisclosureReview, settings: MotionSettings): number {
  return reviewPeriodEnd(r.submittedAt, settings.dayMs);
}

/** The disclosure waiting for review, or undefined (none, already published, or a motion from before reviews). */
export function awaitingReview(s: MotionSnapshot): DisclosureReview | undefined {
  const d = s.disclosure;
  if (!d || d.publishedAt !== undefined || !d.review) return undefined;
  return d.review.status === 'pending' || d.review.status === 'correctionRequested' ? d.review : undefined;
}

/** The system may publish: reviewed, or released unreviewed (a disclosure from before reviews has none). */
export function reviewAllowsPublication(s: MotionSnapshot): boolean {
  const r = s.disclosure?.review;
  return r === undefined || r.status === 'approved' || r.status === 'unreviewed';
}

/** The stage guard of the four review actions (role and state are checked by the action table). */
export function reviewGuard(s: MotionSnapshot, action: ReviewAction, now: number, settings: MotionSettings): Verdict {
  const r = awaitingReview(s);
  if (!r) return refuse('motion.errors.noDisclosureAwaitingReview');
  switch (action) {
    case 'approveDisclosure':
    case 'requestDisclosureCorrection':
      return r.status === 'pending' ? allowed : refuse('motion.errors.disclosureAwaitsResubmission');
    case 'resubmitDisclosure':
      return r.status === 'correctionRequested' ? allowed : refuse('motion.errors.noCorrectionRequested');
    case 'publishUnreviewed': {
      if (r.status !== 'pending') return refuse('motion.errors.disclosureAwaitsResubmission');
      const from = reviewDeadline(r, settings);
      return now >= from ? allowed : refuse('motion.errors.reviewPeriodRunning', { until: from });
    }
  }
}

/** The next snapshot after a valid review event. */
export function applyReviewEvent(s: MotionSnapshot, e: ReviewEvent, now: number): MotionSnapshot {
  const d = s.disclosure!;
  const r = d.review!;
  let review: DisclosureReview;
  switch (e.type) {
    case 'approveDisclosure':
      review = { ...r, status: 'approved', decidedAt: now, ...(e.remark ? { remark: e.remark } : {}) };
      break;
    case 'requestDisclosureCorrection':
      review = { ...r, status: 'correctionRequested', decidedAt: now, correctionReason: e.reason, corrections: r.corrections + 1 };
      break;
    case 'resubmitDisclosure': {
      const { decidedAt: _d, ...rest } = r;
      review = { ...rest, status: 'pending', submittedAt: now, resubmitNote: e.note };
      break;
    }
    case 'publishUnreviewed':
      review = { ...r, status: 'unreviewed', decidedAt: now };
      break;
  }
  return { ...s, disclosure: { ...d, review } };
}

/** What the published content says about its review (hash-chained with the rest of the body). */
export type PublishedReview =
  | { status: 'reviewed'; reviewedAt: string; remark: string | null }
  | { status: 'notReviewed' }
  | { status: 'notRequired' };

export function publishedReview(s: MotionSnapshot): PublishedReview {
  const r = s.disclosure?.review;
  if (!r) return { status: 'notRequired' };
  if (r.status === 'approved') return { status: 'reviewed', reviewedAt: new Date(r.decidedAt ?? r.submittedAt).toISOString(), remark: r.remark ?? null };
  return { status: 'notReviewed' };
}

/** How a printed notice states a published body's review: a message key, the review date, the remark. */
export function reviewNoticeOf(body: unknown): { key: string; reviewedAt?: number; remark?: string } | null {
  const r = body && typeof body === 'object' ? (body as { review?: unknown }).review : undefined;
  if (!r || typeof r !== 'object') return null;
  const x = r as { status?: unknown; reviewedAt?: unknown; remark?: unknown };
  if (x.status === 'notReviewed') return { key: 'motionReview.label.notReviewed' };
  if (x.status !== 'reviewed' || typeof x.reviewedAt !== 'string') return null;
  const at = Date.parse(x.reviewedAt);
  if (Number.isNaN(at)) return null;
  return { key: 'motionReview.label.reviewed', reviewedAt: at, ...(typeof x.remark === 'string' && x.remark ? { remark: x.remark } : {}) };
}
