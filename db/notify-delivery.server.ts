/**
 * The outbox's delivery side (decision 040): rows due now, claiming a row for one attempt
 * (`sending` + attempt id, committed *before* the provider is called), and every outcome. A row
 * found `sending` after its send timeout belongs to an attempt that died mid-send; the caller asks
 * the provider whether that attempt arrived before sending again.
 */
import { randomUUID } from 'node:crypto';
import type { Channel } from '../domain/notify/contacts';
import type { CancelReason } from '../domain/notify/delivery';
import type { NoticeKind, NoticeParams, Unless } from '../domain/notify/plan';
import type { Queryable, Sql } from './client.server';
import { shanghaiDateOf } from '../domain/election/dates';
import { householdKeyOf } from './appraisal-service.server';
import { vacanciesOf } from './election-vacancies.server';
import { voterAddress } from '../domain/notify/voters';
import { contactsOf, decryptAddress, registerContactsOf } from './notify.server';

export type OutboxRow = {
  id: string;
  communityId: string;
  subjectType: string;
  subjectId: string;
  stepKey: string;
  kind: NoticeKind;
  channel: Channel;
  userId: string | null;
  subscriptionId: string | null;
  /** A voter on an election's register (migration 00018, decision 073). */
  voterId: string | null;
  params: NoticeParams;
  unless: Unless | null;
  status: string;
  attempts: number;
  attemptId: string | null;
  claimedAt: Date | null;
  nextAttemptAt: Date;
};

const columns = (q: Queryable) => q`
  id, community_id as "communityId", subject_type as "subjectType", subject_id as "subjectId", step_key as "stepKey",
  kind, channel, user_id as "userId", subscription_id as "subscriptionId", voter_id as "voterId", params, unless, status, attempts,
  attempt_id as "attemptId", claimed_at as "claimedAt", next_attempt_at as "nextAttemptAt"`;

/** Rows whose attempt began before `staleBefore` and never finished (the sender died or lost the answer). */
export async function staleSending(q: Queryable, communityId: string, staleBefore: Date, limit = 50): Promise<OutboxRow[]> {
  return q<OutboxRow[]>`
    select ${columns(q)} from notify_outbox
    where community_id = ${communityId} and status = 'sending' and claimed_at < ${staleBefore}
    order by claimed_at limit ${limit}`;
}

/** Rows due for an attempt now, oldest first. */
export async function dueRows(q: Queryable, communityId: string, now: Date, limit = 50): Promise<OutboxRow[]> {
  return q<OutboxRow[]>`
    select ${columns(q)} from notify_outbox
    where community_id = ${communityId} and status in ('queued', 'retry') and next_attempt_at <= ${now}
    order by next_attempt_at, id limit ${limit}`;
}

/** When the next row of this community becomes due (a `sending` row: when it counts as stale). */
export async function nextDueAt(q: Queryable, communityId: string, sendTimeoutMs: number): Promise<number | null> {
  const [r] = await q<{ at: Date | null }[]>`
    select min(case when status = 'sending' then claimed_at + ${sendTimeoutMs + 1000} * interval '1 millisecond'
                    else next_attempt_at end) as at
    from notify_outbox where community_id = ${communityId} and status in ('queued', 'retry', 'sending')`;
  return r?.at ? r.at.getTime() : null;
}

/** Whether the community has anything waiting to be sent (else no delivery workflow is woken). */
export async function hasPendingNotices(q: Queryable, communityId: string): Promise<boolean> {
  const [r] = await q`select 1 from notify_outbox where community_id = ${communityId} and status in ('queued', 'retry', 'sending') limit 1`;
  return r !== undefined;
}

/** Marks the row `sending` under a new attempt id (only if still due); the attempt is recorded. */
export async function claim(q: Queryable, row: OutboxRow): Promise<string | null> {
  const attemptId = randomUUID();
  const [r] = await q`
    update notify_outbox set status = 'sending', attempt_id = ${attemptId}, claimed_at = now(), attempts = attempts + 1, updated_at = now()
    where id = ${row.id} and status in ('queued', 'retry') returning id`;
  if (!r) return null;
  await q`insert into notify_attempts (id, outbox_id) values (${attemptId}, ${row.id})`;
  return attemptId;
}

/**
 * A row's new status and its attempt's outcome, in one transaction: no reader sees a delivery sent,
 * retried or failed whose attempt has no outcome yet (two CI runs read between the writes), and a
 * crash between them cannot leave one without the other.
 */
async function finish(q: Sql, attemptId: string | null, outcome: 'sent' | 'error' | 'lost' | 'found', error: string | undefined, setStatus: (tx: Queryable) => Promise<unknown>) {
  await q.begin(async (tx) => {
    await setStatus(tx);
    if (attemptId) await tx`update notify_attempts set finished_at = now(), outcome = ${outcome}, error = ${error?.slice(0, 500) ?? null} where id = ${attemptId}`;
  });
}

export async function markSent(q: Sql, row: OutboxRow, attemptId: string | null, providerRef: string | null, outcome: 'sent' | 'found' = 'sent') {
  await finish(q, attemptId, outcome, undefined, (tx) => tx`
    update notify_outbox set status = 'sent', sent_at = now(), provider_ref = ${providerRef}, last_error = null, updated_at = now() where id = ${row.id}`);
}

export async function markRetry(q: Sql, row: OutboxRow, attemptId: string | null, at: number, error: string, outcome: 'error' | 'lost' = 'error') {
  await finish(q, attemptId, outcome, error, (tx) => tx`
    update notify_outbox set status = 'retry', next_attempt_at = ${new Date(at)}, last_error = ${error.slice(0, 500)}, updated_at = now() where id = ${row.id}`);
}

export async function markFailed(q: Sql, row: OutboxRow, attemptId: string | null, error: string) {
  await finish(q, attemptId, 'error', error, (tx) => tx`
    update notify_outbox set status = 'failed', last_error = ${error.slice(0, 500)}, updated_at = now() where id = ${row.id}`);
}

export async function markCancelled(q: Queryable, row: OutboxRow, reason: CancelReason) {
  await q`update notify_outbox set status = 'cancelled', cancel_reason = ${reason}, updated_at = now()
          where id = ${row.id} and status in ('queued', 'retry')`;
}

/** Whether a register entry took part in the round (its participation flag, online, paper or proxy). */
async function voterActed(q: Queryable, unless: Unless, voterId: string): Promise<boolean> {
  if (!('electionRound' in unless)) return false; // a register entry is reminded of election rounds only
  const [v] = await q`select 1 from election_participation
                      where election_id = ${unless.electionRound.electionId} and round_no = ${unless.electionRound.round} and voter_id = ${voterId}`;
  return v !== undefined;
}

/** Whether the person already did what a reminder asks (the facts each process keeps; no ballot is read). */
async function acted(q: Queryable, unless: Unless, userId: string, communityId: string): Promise<boolean> {
  if ('serviceRated' in unless) {
    const household = await householdKeyOf(q, communityId, userId);
    if (!household) return false;
    const [r] = await q`select 1 from service_ratings where plan_id = ${unless.serviceRated} and household_key = ${household} limit 1`;
    return r !== undefined;
  }
  if ('byElectionVacancy' in unless) {
    const { deadline } = await vacanciesOf(q, unless.byElectionVacancy.communityId, shanghaiDateOf(Date.now()));
    return deadline?.since !== unless.byElectionVacancy.since; // filled, held by a by-election, or the term ended
  }
  const [v] =
    'voted' in unless
      ? await q`select 1 from representative_votes where meeting_id = ${unless.voted} and voter_id = ${userId}`
      : 'electionRound' in unless
        ? await q`select 1 from election_participation p join voters v on v.id = p.voter_id
                  where p.election_id = ${unless.electionRound.electionId} and p.round_no = ${unless.electionRound.round} and v.user_id = ${userId}`
        : await q`select 1 from appraisal_returns where plan_id = ${unless.appraisalReturned} and rater_id = ${userId}`;
  return v !== undefined;
}

/** Why a due row must not be sent any more, if so: the person acted, left the register, or the subscription ended. */
export async function cancelReason(q: Queryable, row: OutboxRow): Promise<CancelReason | null> {
  if (row.voterId) {
    const [entry] = await registerContactsOf(q, row.communityId, { voterId: row.voterId });
    if (!entry?.active) return 'notOnRegister';
    if (row.unless && (await voterActed(q, row.unless, row.voterId))) return 'acted';
    return null;
  }
  if (row.unless && row.userId && (await acted(q, row.unless, row.userId, row.communityId))) return 'acted';
  if (row.subscriptionId) {
    const [s] = await q`select status from notify_subscriptions where id = ${row.subscriptionId}`;
    if (!s || s.status !== 'active') return 'unsubscribed';
  }
  return null;
}

/** The address a row goes to, decrypted only now; null when the person has none any more. */
export async function addressOf(q: Queryable, row: OutboxRow): Promise<{ address: string; lang: 'zh-CN' | 'en' } | null> {
  if (row.subscriptionId) {
    const [s] = await q<{ cipher: string; lang: 'zh-CN' | 'en' }[]>`
      select address_cipher as cipher, lang from notify_subscriptions where id = ${row.subscriptionId}`;
    return s ? { address: decryptAddress(s.cipher), lang: s.lang } : null;
  }
  if (row.voterId) {
    const [entry] = await registerContactsOf(q, row.communityId, { voterId: row.voterId });
    const address = entry ? voterAddress(entry, row.channel) : null;
    return address ? { address, lang: 'zh-CN' } : null;
  }
  const c = (await contactsOf(q, row.communityId, [row.userId!])).get(row.userId!);
  const address = row.channel === 'sms' ? c?.phone : c?.email;
  return address ? { address, lang: 'zh-CN' } : null;
}
