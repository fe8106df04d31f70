/**
 * Who can be reached how (DOMAIN.md §7.1: a phone is kept for login and notices). SMS goes only to a
 * mainland mobile number 手机号 (11 digits, 1[3-9]…); a landline can only be called, so its holder is
 * on the call list 电话通知单. Email addresses are checked and capped before they are stored.
 */
import { z } from 'zod';
import { normalizePhone } from '../privacy';

const MOBILE = /^1[3-9]\d{9}$/;

/** The mobile number in canonical form (no +86, spaces or dashes), or null when it cannot take an SMS. */
export function mobileNumber(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const p = normalizePhone(raw.trim());
  return MOBILE.test(p) ? p : null;
}

/** RFC 5321 caps a path at 254 characters; the shape check is the common one (no spaces, one @, a dot in the domain). */
export const MAX_EMAIL_LENGTH = 254;
const EMAIL = /^[^\s@<>()",;:]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** An email address, lower-cased domain, or null when malformed. */
export function emailAddress(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const v = raw.trim();
  if (v.length > MAX_EMAIL_LENGTH || !EMAIL.test(v)) return null;
  const at = v.lastIndexOf('@');
  return v.slice(0, at) + '@' + v.slice(at + 1).toLowerCase();
}

/** `z***@example.com`: first character and the domain; shown instead of the address (§7.3 by analogy). */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return email[0] + '***' + email.slice(at);
}

export const CHANNELS = ['sms', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The board subscription form's fields (what the browser is told: conform cannot read a transform). */
export const subscribeFields = z.object({
  channel: z.enum(CHANNELS, { error: 'notify.errors.channel' }),
  address: z.string({ error: 'notify.errors.address' }).max(MAX_EMAIL_LENGTH, { error: 'form.tooLong' }),
});

/** The board subscription form: a channel and an address of that kind (bad input → a notify.* key). */
export const subscribeSchema = subscribeFields.transform((v, ctx) => {
    const address = v.channel === 'sms' ? mobileNumber(v.address) : emailAddress(v.address);
    if (!address) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: v.channel === 'sms' ? 'notify.errors.mobileInvalid' : 'notify.errors.emailInvalid' });
      return z.NEVER;
    }
    return { channel: v.channel, address };
  });
export type Subscribe = z.output<typeof subscribeSchema>;

/** A person's email as the committee enters it (empty clears it). */
export const personEmailSchema = z.object({
  email: z
    .string()
    .max(MAX_EMAIL_LENGTH, { error: 'form.tooLong' })
    .optional()
    .transform((v, ctx) => {
      const raw = (v ?? '').trim();
      if (raw === '') return null;
      const e = emailAddress(raw);
      if (!e) {
        ctx.addIssue({ code: 'custom', message: 'notify.errors.emailInvalid' });
        return z.NEVER;
      }
      return e;
    }),
});

/** The six-digit confirmation code of a double opt-in. */
export const confirmCodeSchema = z.object({
  code: z.string({ error: 'notify.errors.code' }).trim().regex(/^\d{6}$/, { error: 'notify.errors.code' }),
});

/** The second step of a board subscription: the code, for the subscription the first step started. */
export const confirmSubscriptionFormSchema = confirmCodeSchema.extend({
  subscriptionId: z.uuid({ error: 'form.invalid' }),
  masked: z.string().max(80).optional(),
});
