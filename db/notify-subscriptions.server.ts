/**
 * Board subscriptions 订阅公开栏 (decision 042): double opt-in (a six-digit code sent to the address,
 * kept only as a keyed hash, 30 minutes, 5 tries) and a one-click unsubscribe link signed with a key
 * derived from the data key (HMAC-SHA-256 over the subscription id: no database lookup can forge it).
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { maskEmail, type Channel } from '../domain/notify/contacts';
import { maskPhone } from '../domain/privacy';
import type { Queryable } from './client.server';
import { derivedDataKey } from './elections.server';
import { encryptAddress, hashAddress } from './notify.server';

export const CODE_TTL_MS = 30 * 60 * 1000;
export const MAX_CODE_FAILURES = 5;

let tokenKey: Buffer | undefined;
const mac = (purpose: string, s: string) => createHmac('sha256', (tokenKey ??= derivedDataKey('notify-subscription-tokens'))).update(`${purpose}:${s}`).digest();

/** `<subscription id>.<base64url HMAC>` */
export const unsubscribeToken = (subscriptionId: string) => `${subscriptionId}.${mac('unsubscribe', subscriptionId).toString('base64url')}`;

/** The subscription a token names, if its signature holds. */
export function verifyUnsubscribeToken(token: string): string | null {
  const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const want = mac('unsubscribe', m[1]!);
  const got = Buffer.from(m[2]!, 'base64url');
  return got.length === want.length && timingSafeEqual(got, want) ? m[1]! : null;
}

export async function unsubscribeUrl(q: Queryable, subscriptionId: string, publicUrl: string): Promise<string> {
  const [s] = await q<{ slug: string }[]>`
    select c.slug from notify_subscriptions s join communities c on c.id = s.community_id where s.id = ${subscriptionId}`;
  return `${publicUrl}/p/${s?.slug ?? ''}/unsubscribe?token=${unsubscribeToken(subscriptionId)}`;
}

const codeHash = (id: string, code: string) => mac('code', `${id}:${code}`).toString('hex');

/**
 * Starts (or restarts) a subscription: pending with a fresh code, which the caller sends. An
 * address already active stays active (nothing to confirm: answer as if a code was sent, so the
 * form does not tell who subscribed).
 */
export async function startSubscription(
  q: Queryable,
  o: { communityId: string; channel: Channel; address: string; lang: 'zh-CN' | 'en' },
): Promise<{ subscriptionId: string; code: string | null; masked: string }> {
  const masked = o.channel === 'sms' ? maskPhone(o.address) : maskEmail(o.address);
  const hash = hashAddress(o.channel, o.address);
  const [row] = await q<{ id: string; status: string }[]>`
    insert into notify_subscriptions (community_id, channel, address_cipher, address_hash, address_masked, lang)
    values (${o.communityId}, ${o.channel}, ${encryptAddress(o.address)}, ${hash}, ${masked}, ${o.lang})
    on conflict (community_id, channel, address_hash) do update set lang = excluded.lang
    returning id, status`;
  if (row!.status === 'active') return { subscriptionId: row!.id, code: null, masked };
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await q`update notify_subscriptions set status = 'pending', code_hash = ${codeHash(row!.id, code)},
            code_expires_at = ${new Date(Date.now() + CODE_TTL_MS)}, code_failures = 0, unsubscribed_at = null
          where id = ${row!.id}`;
  return { subscriptionId: row!.id, code, masked };
}

export type ConfirmResult = { ok: true } | { ok: false; key: 'notify.errors.codeWrong' | 'notify.errors.tooManyCodes' };

/** Confirms with the code sent to the address; wrong codes are counted and end the try after 5. */
export async function confirmSubscription(q: Queryable, communityId: string, subscriptionId: string, code: string): Promise<ConfirmResult> {
  const [s] = await q<{ status: string; codeHash: string | null; expires: Date | null; failures: number }[]>`
    select status, code_hash as "codeHash", code_expires_at as expires, code_failures as failures
    from notify_subscriptions where id = ${subscriptionId} and community_id = ${communityId} for update`;
  if (!s) return { ok: false, key: 'notify.errors.codeWrong' };
  if (s.status === 'active') return { ok: true };
  if (s.failures >= MAX_CODE_FAILURES) return { ok: false, key: 'notify.errors.tooManyCodes' };
  const good = s.codeHash !== null && s.expires !== null && s.expires.getTime() > Date.now() && timingSafeEqual(Buffer.from(s.codeHash), Buffer.from(codeHash(subscriptionId, code)));
  if (!good) {
    await q`update notify_subscriptions set code_failures = code_failures + 1 where id = ${subscriptionId}`;
    return { ok: false, key: s.failures + 1 >= MAX_CODE_FAILURES ? 'notify.errors.tooManyCodes' : 'notify.errors.codeWrong' };
  }
  await q`update notify_subscriptions set status = 'active', confirmed_at = now(), code_hash = null, code_expires_at = null where id = ${subscriptionId}`;
  return { ok: true };
}

/** One click: the signed token ends the subscription (again: no change). */
export async function unsubscribe(q: Queryable, communityId: string, token: string): Promise<boolean> {
  const id = verifyUnsubscribeToken(token);
  if (!id) return false;
  const rows = await q`update notify_subscriptions set status = 'unsubscribed', unsubscribed_at = coalesce(unsubscribed_at, now()), code_hash = null
                       where id = ${id} and community_id = ${communityId} returning id`;
  return rows.length > 0;
}
