/**
 * Delivery rules for one outbox row (decision 040): its states, the retry schedule and which provider
 * answers are final. A notice is never dropped: it ends `sent`, `failed` (visible to the committee)
 * or `cancelled` with a reason (the person acted, unsubscribed, left the voter register, or the channel
 * is not configured).
 */
export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'retry', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** `notOnRegister`: a voter removed from the register (an upheld objection) after the notice was planned. */
export const CANCEL_REASONS = ['acted', 'unsubscribed', 'channelOff', 'noAddress', 'notOnRegister'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** Attempts before a notice is marked failed (PLATFORM). */
export const MAX_ATTEMPTS = 5;

/** Wait before attempt `attempt + 1` after `attempt` failed: base × 2^(attempt−1), at most 64 × base. */
export function backoffMs(attempt: number, baseMs: number): number {
  return baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 6);
}

/**
 * Provider answers that no retry can change (a bad number, a template or signature the provider
 * refuses): the notice fails at once. Anything else — throttling, the provider's own errors, a
 * 5xx, a timeout — is retried.
 */
const FINAL_CODES = new Set([
  'isv.MOBILE_NUMBER_ILLEGAL',
  'isv.INVALID_PARAMETERS',
  'isv.SMS_TEMPLATE_ILLEGAL',
  'isv.SMS_SIGNATURE_ILLEGAL',
  'isv.TEMPLATE_MISSING_PARAMETERS',
  'isv.BLACK_KEY_CONTROL_LIMIT',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId.NotFound',
  'EENVELOPE',
]);
export const isFinalError = (code: string): boolean => FINAL_CODES.has(code);

/** What happens after a failed attempt: another try at `at`, or failed for good. */
export function afterFailure(attempts: number, code: string, now: number, baseMs: number): { status: 'retry'; at: number } | { status: 'failed' } {
  if (isFinalError(code) || attempts >= MAX_ATTEMPTS) return { status: 'failed' };
  return { status: 'retry', at: now + backoffMs(attempts, baseMs) };
}
