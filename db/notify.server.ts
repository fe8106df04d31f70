/**
 * The notification outbox's writing side (decision 040): contacts as the planner needs them, the
 * outbox rows of one committed process step (written in the step's own transaction), and people's
 * email addresses (encrypted and masked like phones, DOMAIN.md §7.3).
 */
import { emailAddress, maskEmail, mobileNumber } from '../domain/notify/contacts';
import { planMotionStep, stepNotifies, type PlannedNotice, type Reachable, type Subscriber } from '../domain/notify/plan';
import type { RegisterContact } from '../domain/notify/voters';
import type { MotionStep } from '../domain/motion/facts';
import { maskPhone } from '../domain/privacy';
import { decryptPhone, encryptPhone, hashPhone } from './admin-people.server';
import type { Queryable } from './client.server';
import { decryptAddress, encryptAddress, hashAddress } from './notify-crypto.server';

export { decryptAddress, encryptAddress, hashAddress };

export type Contacts = { userId: string; phone: string | null; email: string | null };

/** The register's phone (or the sign-in phone) and email of these users in one community, decrypted. */
export async function contactsOf(q: Queryable, communityId: string, userIds: readonly string[]): Promise<Map<string, Contacts>> {
  if (userIds.length === 0) return new Map();
  const rows = await q<{ userId: string; phoneCipher: string | null; emailCipher: string | null; signInPhone: string | null }[]>`
    select u.id as "userId", p.phone_cipher as "phoneCipher", p.email_cipher as "emailCipher", u.phone as "signInPhone"
    from users u left join people p on p.user_id = u.id and p.community_id = ${communityId} and p.status = 'active'
    where u.id = any(${[...userIds]}::text[])`;
  return new Map(
    rows.map((r) => [
      r.userId,
      {
        userId: r.userId,
        phone: r.phoneCipher ? decryptPhone(r.phoneCipher) : r.signInPhone,
        email: r.emailCipher ? decryptAddress(r.emailCipher) : null,
      },
    ]),
  );
}

/**
 * Entries of an election's register 选民名单 as notices reach them (domain/notify/voters.ts): the
 * register's phone and the linked account's contacts. `{ electionId }`: the active entries, in id
 * order; `{ voterId }`: that entry, active or not (a removed voter is told nothing more).
 */
export async function registerContactsOf(
  q: Queryable,
  communityId: string,
  by: { electionId: string } | { voterId: string },
): Promise<(RegisterContact & { active: boolean })[]> {
  const rows = await q<{ voterId: string; phone: string | null; userId: string | null; active: boolean }[]>`
    select id as "voterId", phone, user_id as "userId", status = 'active' as active from voters
    where community_id = ${communityId}
      and ${'electionId' in by ? q`election_id = ${by.electionId} and status = 'active'` : q`id = ${by.voterId}`}
    order by id`;
  const accounts = await contactsOf(q, communityId, [...new Set(rows.flatMap((r) => (r.userId ? [r.userId] : [])))]);
  return rows.map((r) => {
    const a = r.userId ? accounts.get(r.userId) : undefined;
    return { voterId: r.voterId, phone: r.phone, active: r.active, account: a ? { phone: a.phone, email: a.email } : null };
  });
}

export const reachable = (c: Contacts): Reachable => ({ userId: c.userId, sms: mobileNumber(c.phone) !== null, email: c.email !== null });

export async function activeSubscribers(q: Queryable, communityId: string): Promise<Subscriber[]> {
  return q<Subscriber[]>`
    select id as "subscriptionId", channel from notify_subscriptions
    where community_id = ${communityId} and status = 'active' order by created_at, id`;
}

/** Writes planned notices in one statement; a (recipient, step, channel) already in the outbox is left alone (migration 00018's key). */
export async function insertNotices(q: Queryable, o: { communityId: string; subjectType: string; subjectId: string }, notices: readonly PlannedNotice[]): Promise<number> {
  if (notices.length === 0) return 0;
  const rows = notices.map((n) => ({
    community_id: o.communityId,
    subject_type: o.subjectType,
    subject_id: o.subjectId,
    step_key: n.stepKey,
    kind: n.kind,
    channel: n.channel,
    user_id: 'userId' in n.to ? n.to.userId : null,
    subscription_id: 'subscriptionId' in n.to ? n.to.subscriptionId : null,
    voter_id: 'voterId' in n.to ? n.to.voterId : null,
    params: q.json(n.params),
    unless: n.unless ? q.json(n.unless) : null,
    not_before: new Date(n.notBefore),
    next_attempt_at: new Date(n.notBefore),
  }));
  const inserted = await q`
    insert into notify_outbox ${q(rows as never)}
    on conflict (step_key, channel, (coalesce(user_id, subscription_id::text, voter_id::text))) do nothing
    returning id`;
  return inserted.length;
}

/**
 * The notices one committed motion step causes, into the outbox — called inside writeMotionStep's
 * transaction, so a step and its notices are committed together or not at all.
 */
export async function enqueueMotionNotices(q: Queryable, w: MotionStep): Promise<number> {
  if (!stepNotifies(w)) return 0;
  const [m] = await q<{ title: string; dayMs: number | null }[]>`
    select title, (settings->>'dayMs')::bigint as "dayMs" from motions where id = ${w.motionId}`;
  if (!m) return 0;
  const people = w.facts.flatMap((f) => (f.type === 'meetingConvened' ? f.notice.roster.map((p) => p.personId) : []));
  const contacts = await contactsOf(q, w.communityId, [...new Set(people)]);
  const notices = planMotionStep(w, {
    title: m.title,
    dayMs: Number(m.dayMs ?? 86_400_000),
    reach: (id) => {
      const c = contacts.get(id);
      return c ? reachable(c) : undefined;
    },
    subscribers: w.action === 'disclosurePublished' ? await activeSubscribers(q, w.communityId) : [],
  });
  return insertNotices(q, { communityId: w.communityId, subjectType: 'motion', subjectId: w.motionId }, notices);
}

/**
 * Sets a person's phone and email in the register (a row is created for an account that has none):
 * encrypted, hashed and masked. `null` clears a field, `undefined` keeps it.
 */
export async function setPersonContacts(
  q: Queryable,
  o: { communityId: string; userId: string; name: string; phone?: string | null; email?: string | null },
): Promise<void> {
  const phone = o.phone === undefined ? undefined : o.phone === null ? null : mobileNumber(o.phone) ?? o.phone;
  const email = o.email === undefined ? undefined : o.email === null ? null : emailAddress(o.email);
  if (o.email && !email) throw new Error('notify.errors.emailInvalid');
  const phoneCols =
    phone === undefined ? {} : phone ? { phone_cipher: encryptPhone(phone), phone_hash: hashPhone(phone), phone_masked: maskPhone(phone) } : { phone_cipher: null, phone_hash: null, phone_masked: null };
  const emailCols = email === undefined ? {} : email ? { email_cipher: encryptAddress(email), email_masked: maskEmail(email) } : { email_cipher: null, email_masked: null };
  const cols = { ...phoneCols, ...emailCols };
  const [existing] = await q`select id from people where user_id = ${o.userId} and community_id = ${o.communityId}`;
  if (existing) {
    if (Object.keys(cols).length > 0) await q`update people set ${q(cols)}, updated_at = now() where id = ${existing.id}`;
    return;
  }
  await q`insert into people ${q({ community_id: o.communityId, user_id: o.userId, name: o.name, ...cols })}`;
}
