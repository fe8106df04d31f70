/**
 * Notifications for the web (issue 13): the committee's delivery status per notice, the grid
 * worker's call list 电话通知单 (the one place full phone numbers are shown, to the roles below,
 * every view and call logged — DOMAIN.md §7.3–7.4), and board subscriptions with double opt-in.
 */
import { db } from '../db/client.server';
import { writeAudit } from '../db/admin.server';
import { decryptPhone } from '../db/admin-people.server';
import { confirmSubscription, startSubscription, unsubscribe as endSubscription, verifyUnsubscribeToken } from '../db/notify-subscriptions.server';
import { claimAttempt } from '../db/throttle.server';
import type { Role } from '../domain/roles';
import type { Subscribe } from '../domain/notify/contacts';
import { notifyConfig } from '../activities/notify-config';
import { sendSms } from '../activities/notify-sms';
import { sendEmail } from '../activities/notify-email';
import { tFor, type Lang } from './i18n/config';
import { enqueueByElectionReminders } from '../db/notify-steps.server';
import { hasPendingNotices } from '../db/notify-delivery.server';
import { shanghaiDateOf } from '../domain/election/dates';
import { TASK_QUEUE } from '../workflows/config';
import { notifyWake, notifyWorkflowId } from '../workflows/notify-api';
import { temporal } from './temporal.server';

/** Who sees delivery status: the committee, the party secretary, supervisors (they read everything, §3.7). */
export const DELIVERY_READERS: readonly Role[] = ['committee_member', 'party_secretary', 'supervisor'];
/** Who may print the call list with full numbers and record calls: staff who make the calls (网格员 = group leaders). */
export const CALLERS: readonly Role[] = ['committee_member', 'party_secretary', 'group_leader'];

export const channelsOn = () => {
  const c = notifyConfig();
  return { sms: c.sms !== null, email: c.email !== null };
};

export type NoticeSummary = {
  stepKey: string;
  kind: string;
  subjectId: string;
  title: string;
  meetingId: string | null;
  createdAt: string;
  counts: Record<string, number>;
  rows: { channel: string; recipient: string; onRegister: boolean; status: string; cancelReason: string | null; attempts: number; lastError: string | null; sentAt: string | null }[];
};

/**
 * Every notice of the community (newest first) — motions, consultations, elections, appraisals and the
 * board — with each recipient's delivery status; names only, no addresses (a board subscriber shows
 * as its masked address, a voter on an election's register by the register's name, marked so:
 * decision 073). A motion's title is read from the motion; any other notice carries its title in its
 * parameters.
 */
export async function deliveriesOf(communityId: string, limit = 30): Promise<NoticeSummary[]> {
  const sql = db();
  const rows = await sql<
    { stepKey: string; kind: string; subjectId: string; title: string | null; channel: string; recipient: string | null; onRegister: boolean; status: string; cancelReason: string | null; attempts: number; lastError: string | null; sentAt: Date | null; createdAt: Date }[]
  >`
    with recent as (
      select step_key, max(created_at) as at from notify_outbox where community_id = ${communityId}
      group by step_key order by at desc limit ${limit})
    select o.step_key as "stepKey", o.kind, o.subject_id as "subjectId", coalesce(m.title, o.params->>'title') as title, o.channel,
           coalesce(u.display_name, v.name, s.address_masked) as recipient, o.voter_id is not null as "onRegister", o.status, o.cancel_reason as "cancelReason", o.attempts,
           o.last_error as "lastError", o.sent_at as "sentAt", o.created_at as "createdAt"
    from notify_outbox o join recent r on r.step_key = o.step_key
    left join users u on u.id = o.user_id
    left join notify_subscriptions s on s.id = o.subscription_id
    left join voters v on v.id = o.voter_id
    left join motions m on o.subject_type = 'motion' and m.id::text = o.subject_id
    where o.community_id = ${communityId}
    order by r.at desc, o.step_key, recipient, o.channel`;
  const out = new Map<string, NoticeSummary>();
  for (const r of rows) {
    let n = out.get(r.stepKey);
    if (!n) {
      const meeting = /^motion:[^:]+:meeting:([0-9a-f-]{36})/.exec(r.stepKey)?.[1] ?? null;
      n = { stepKey: r.stepKey, kind: r.kind, subjectId: r.subjectId, title: r.title ?? '', meetingId: meeting, createdAt: r.createdAt.toISOString(), counts: {}, rows: [] };
      out.set(r.stepKey, n);
    }
    n.counts[r.status] = (n.counts[r.status] ?? 0) + 1;
    n.rows.push({
      channel: r.channel,
      recipient: r.recipient ?? '',
      onRegister: r.onRegister,
      status: r.status,
      cancelReason: r.cancelReason,
      attempts: r.attempts,
      lastError: r.lastError ? r.lastError.slice(0, 120) : null,
      sentAt: r.sentAt?.toISOString() ?? null,
    });
  }
  return [...out.values()];
}

export type CallEntry = { userId: string; name: string; phone: string | null; reached: boolean; voted: boolean | null; lastCall: { outcome: string; at: string } | null };
export type CallList = { meetingId: string; motionId: string; title: string; body: string; opensAt: string | null; closesAt: string | null; online: boolean; entries: CallEntry[] };

/** The meeting of this community that is still open (not yet recorded; an online vote not yet closed). */
async function openMeeting(communityId: string, meetingId: string) {
  const [m] = await db()<{ id: string; motionId: string; title: string; body: string; opensAt: Date | null; closesAt: Date | null; online: boolean; roster: { personId: string; name: string }[]; open: boolean }[]>`
    select mm.id, mm.motion_id as "motionId", mo.title, mm.body, mm.opens_at as "opensAt", mm.closes_at as "closesAt", mm.online, mm.roster,
           (mm.recorded_at is null and (not mm.online or mm.closes_at > now())) as open
    from motion_meetings mm join motions mo on mo.id = mm.motion_id
    where mm.id = ${meetingId} and mo.community_id = ${communityId}`;
  return m;
}

/**
 * The call list of one open meeting or vote: everyone on its roster not reached by SMS or email,
 * and for an online vote everyone who has not voted — with the full phone number. The view is
 * logged (who, which meeting, how many numbers).
 */
export async function callList(o: { communityId: string; meetingId: string; actor: string }): Promise<CallList | null> {
  const sql = db();
  const m = await openMeeting(o.communityId, o.meetingId);
  if (!m || !m.open) return null;
  const ids = m.roster.map((p) => p.personId);
  const stepKey = `motion:${m.motionId}:meeting:${m.id}`;
  const [reached, voted, calls, phones] = await Promise.all([
    sql<{ userId: string }[]>`select distinct user_id as "userId" from notify_outbox where step_key = ${stepKey} and status = 'sent' and user_id is not null`,
    sql<{ userId: string }[]>`select voter_id as "userId" from representative_votes where meeting_id = ${m.id}`,
    sql<{ userId: string; outcome: string; at: Date }[]>`
      select distinct on (user_id) user_id as "userId", outcome, recorded_at as at from notify_calls
      where meeting_id = ${m.id} order by user_id, recorded_at desc`,
    sql<{ userId: string; cipher: string | null; signIn: string | null }[]>`
      select u.id as "userId", p.phone_cipher as cipher, u.phone as "signIn"
      from users u left join people p on p.user_id = u.id and p.community_id = ${o.communityId} and p.status = 'active'
      where u.id = any(${ids}::text[])`,
  ]);
  const reachedSet = new Set(reached.map((r) => r.userId));
  const votedSet = new Set(voted.map((r) => r.userId));
  const callOf = new Map(calls.map((c) => [c.userId, { outcome: c.outcome, at: c.at.toISOString() }]));
  const phoneOf = new Map(phones.map((p) => [p.userId, p.cipher ? decryptPhone(p.cipher) : p.signIn]));
  const seen = new Set<string>();
  const entries: CallEntry[] = [];
  for (const p of m.roster) {
    if (seen.has(p.personId)) continue;
    seen.add(p.personId);
    const isReached = reachedSet.has(p.personId);
    const hasVoted = m.online ? votedSet.has(p.personId) : null;
    if (isReached && hasVoted !== false) continue;
    entries.push({ userId: p.personId, name: p.name, phone: phoneOf.get(p.personId) ?? null, reached: isReached, voted: hasVoted, lastCall: callOf.get(p.personId) ?? null });
  }
  await writeAudit(sql, {
    communityId: o.communityId,
    actor: o.actor,
    action: 'notify.callListViewed',
    subjectType: 'meeting',
    subjectId: m.id,
    details: { phonesShown: entries.filter((e) => e.phone).length },
  });
  return {
    meetingId: m.id,
    motionId: m.motionId,
    title: m.title,
    body: m.body,
    opensAt: m.opensAt?.toISOString() ?? null,
    closesAt: m.closesAt?.toISOString() ?? null,
    online: m.online,
    entries,
  };
}

/** Records one call's result (audited); refused for a meeting that is over or a person not on its roster. */
export async function recordCall(o: { communityId: string; meetingId: string; userId: string; outcome: 'will_attend' | 'no_answer'; actor: string }): Promise<{ ok: true } | { ok: false; key: string }> {
  const m = await openMeeting(o.communityId, o.meetingId);
  if (!m || !m.open) return { ok: false, key: 'notify.errors.notOpen' };
  if (!m.roster.some((p) => p.personId === o.userId)) return { ok: false, key: 'form.invalid' };
  await db().begin(async (tx) => {
    await tx`insert into notify_calls (community_id, meeting_id, user_id, outcome, recorded_by)
             values (${o.communityId}, ${o.meetingId}, ${o.userId}, ${o.outcome}, ${o.actor})`;
    await writeAudit(tx, { communityId: o.communityId, actor: o.actor, action: 'notify.callRecorded', subjectType: 'meeting', subjectId: o.meetingId, details: { person: o.userId, outcome: o.outcome } });
  });
  return { ok: true };
}

/** Starts a subscription and sends its confirmation code; answers the same whether or not the address was known. */
export async function subscribe(communityId: string, s: Subscribe, lang: Lang): Promise<{ ok: true; subscriptionId: string; masked: string } | { ok: false; key: string }> {
  const cfg = notifyConfig();
  if ((s.channel === 'sms' && !cfg.sms) || (s.channel === 'email' && !cfg.email)) return { ok: false, key: 'notify.errors.channelOff' };
  const r = await startSubscription(db(), { communityId, channel: s.channel, address: s.address, lang });
  if (r.code) {
    const t = tFor(lang);
    const sent =
      s.channel === 'sms'
        ? await sendSms(cfg.sms!, { phone: s.address, templateCode: cfg.sms!.templates.confirm!, params: { code: r.code }, outId: `${r.subscriptionId}-confirm` })
        : await sendEmail(cfg.email!, { to: s.address, subject: t('notify.template.confirm.subject'), text: t('notify.template.confirm.body', { code: r.code }), id: `${r.subscriptionId}-${Date.now()}` });
    if (!sent.ok) return { ok: false, key: 'notify.errors.channelOff' };
  }
  return { ok: true, subscriptionId: r.subscriptionId, masked: r.masked };
}

export const confirm = (communityId: string, subscriptionId: string, code: string) => confirmSubscription(db(), communityId, subscriptionId, code);
export const unsubscribe = (communityId: string, token: string) => endSubscription(db(), communityId, token);

export { verifyUnsubscribeToken };

const ADDRESS_RULE = { free: 3, baseSeconds: 60, capSeconds: 60 * 60, forgetSeconds: 24 * 60 * 60 };
const CLIENT_RULE = { free: 10, baseSeconds: 30, capSeconds: 60 * 60, forgetSeconds: 60 * 60 };

/** Codes sent to one address, and requests from one client, are throttled (nobody floods a number). */
export const claimSubscribeAttempt = (s: Subscribe, client: string | undefined) =>
  claimAttempt(db(), [
    { key: `notify-sub:addr:${s.channel}:${s.address}`, rule: ADDRESS_RULE },
    ...(client ? [{ key: `notify-sub:client:${client}`, rule: CLIENT_RULE }] : []),
  ]);

/**
 * The street office's by-election reminders for the community's oldest open vacancy (DOMAIN.md §4.7,
 * §8 #21; planned in domain/notify/steps.ts): written to the outbox (once per vacancy — its unique
 * key), then the delivery workflow is woken; it sleeps until the reminders are due. Called after a
 * role ends or a recall passes and when the roles page is read. A Temporal outage only delays the
 * wake: the rows stay in the outbox and go with the community's next delivery pass.
 */
export async function remindByElection(communityId: string): Promise<void> {
  if ((await enqueueByElectionReminders(db(), communityId, shanghaiDateOf(Date.now()))) === 0 || !(await hasPendingNotices(db(), communityId))) return;
  try {
    await (await temporal()).workflow.signalWithStart('notifyDelivery', {
      workflowId: notifyWorkflowId(communityId),
      taskQueue: process.env.MINYI_TASK_QUEUE ?? TASK_QUEUE,
      args: [{ communityId }],
      signal: notifyWake,
      signalArgs: [],
    });
  } catch (e) {
    console.warn(`by-election reminders written, delivery not woken: ${(e as Error).message}`);
  }
}
