/**
 * Delivering the outbox (decision 040). One pass for one community:
 * 1. rows left `sending` past the send timeout belong to an attempt that died mid-send (worker
 *    killed, answer lost): an SMS is looked up at the provider by its OutId — found → `sent`, not
 *    found → sent again; an email is sent again with the same Message-ID;
 * 2. every due row: cancelled if its person already acted (voted) or unsubscribed, or if its
 *    channel is off; otherwise claimed (`sending` + attempt id, committed), handed to the
 *    provider, then `sent` — or `retry` with backoff, and `failed` after the last attempt.
 * The pass heartbeats per row, so Temporal retries it on another worker soon after a crash.
 */
import { Context, activityInfo } from '@temporalio/activity';
import type { Sql } from '../db/client.server';
import {
  addressOf,
  cancelReason,
  claim,
  dueRows,
  hasPendingNotices,
  markCancelled,
  markFailed,
  markRetry,
  markSent,
  nextDueAt,
  staleSending,
  type OutboxRow,
} from '../db/notify-delivery.server';
import { unsubscribeUrl } from '../db/notify-subscriptions.server';
import { toShanghaiDateInput } from '../domain/calendar';
import { afterFailure } from '../domain/notify/delivery';
import { notifyWake, notifyWorkflowId } from '../workflows/notify-api';
import type { notifyDelivery } from '../workflows/notify';
import { notifyConfig, type NotifyConfig } from './notify-config';
import { sendEmail } from './notify-email';
import { sendSms, SMS_TIMEOUT_MS, wasSmsAccepted } from './notify-sms';
import { renderEmail, smsParams } from './notify-text';

/** A `sending` row older than this has no live attempt (the provider call times out before). */
export const STALE_SENDING_MS = SMS_TIMEOUT_MS + 5_000;

const heartbeat = () => {
  try {
    Context.current().heartbeat();
  } catch {
    // called outside an activity (tests of the pass itself)
  }
};

type Outcome = { ok: true; ref: string } | { ok: false; code: string; message: string; uncertain: boolean };

async function send(sql: Sql, cfg: NotifyConfig, row: OutboxRow, to: { address: string; lang: 'zh-CN' | 'en' }): Promise<Outcome> {
  if (row.channel === 'sms') {
    const r = await sendSms(cfg.sms!, { phone: to.address, templateCode: cfg.sms!.templates[row.kind]!, params: smsParams(row.params), outId: row.id });
    return r.ok ? { ok: true, ref: r.bizId } : r;
  }
  const unsubscribe = row.subscriptionId ? await unsubscribeUrl(sql, row.subscriptionId, cfg.publicUrl) : undefined;
  const m = renderEmail(row.kind, row.params, to.lang, unsubscribe);
  const r = await sendEmail(cfg.email!, { to: to.address, subject: m.subject, text: m.text, id: row.id, ...(unsubscribe ? { unsubscribeUrl: unsubscribe } : {}) });
  return r.ok ? { ok: true, ref: r.messageId } : r;
}

/** An attempt that died mid-send: did it arrive? */
async function recover(sql: Sql, cfg: NotifyConfig, row: OutboxRow): Promise<void> {
  if (row.channel === 'sms' && cfg.sms) {
    const to = await addressOf(sql, row);
    if (to) {
      const accepted = await wasSmsAccepted(cfg.sms, { phone: to.address, sendDate: toShanghaiDateInput(row.claimedAt!).replace(/-/g, ''), outId: row.id });
      if (accepted) return markSent(sql, row, row.attemptId, null, 'found');
    }
  }
  await markRetry(sql, row, row.attemptId, Date.now(), 'attempt lost', 'lost');
}

async function deliverOne(sql: Sql, cfg: NotifyConfig, row: OutboxRow): Promise<boolean> {
  const why = await cancelReason(sql, row);
  if (why) {
    await markCancelled(sql, row, why);
    return false;
  }
  if ((row.channel === 'sms' && !cfg.sms) || (row.channel === 'email' && !cfg.email)) {
    await markCancelled(sql, row, 'channelOff');
    return false;
  }
  const to = await addressOf(sql, row);
  if (!to) {
    await markCancelled(sql, row, 'noAddress');
    return false;
  }
  const attemptId = await claim(sql, row);
  if (!attemptId) return false;
  const r = await send(sql, cfg, row, to);
  if (r.ok) {
    await markSent(sql, row, attemptId, r.ref);
    return true;
  }
  if (r.uncertain) return false; // stays `sending`: recovered (asked, then resent) after the timeout
  const next = afterFailure(row.attempts + 1, r.code, Date.now(), cfg.retryBaseMs);
  const error = `${r.code}: ${r.message}`;
  if (next.status === 'failed') await markFailed(sql, row, attemptId, error);
  else await markRetry(sql, row, attemptId, next.at, error);
  return false;
}

/** One delivery pass for a community; answers when the next row is due (null: none waiting). */
export async function deliverDue(sql: Sql, communityId: string, cfg: NotifyConfig = notifyConfig()): Promise<{ sent: number; nextAt: number | null }> {
  for (const row of await staleSending(sql, communityId, new Date(Date.now() - STALE_SENDING_MS))) {
    heartbeat();
    await recover(sql, cfg, row);
  }
  let sent = 0;
  for (;;) {
    const rows = await dueRows(sql, communityId, new Date());
    if (rows.length === 0) break;
    for (const row of rows) {
      heartbeat();
      if (await deliverOne(sql, cfg, row)) sent++;
    }
  }
  return { sent, nextAt: await nextDueAt(sql, communityId, STALE_SENDING_MS) };
}

/** Wakes (or starts) the community's delivery workflow, on the task queue of the calling activity. */
export async function wakeDelivery(communityId: string): Promise<void> {
  const ctx = Context.current();
  await ctx.client.workflow.signalWithStart<typeof notifyDelivery, []>('notifyDelivery', {
    workflowId: notifyWorkflowId(communityId),
    taskQueue: activityInfo().taskQueue,
    args: [{ communityId }],
    signal: notifyWake,
    signalArgs: [],
  });
}

/**
 * After a process step was written: its notices into the outbox (`enqueue`, idempotent), then the
 * delivery workflow woken if anything waits — also on a retry, since the first try may have written
 * the rows and died before waking.
 */
export async function enqueueAndWake(sql: Sql, communityId: string, notifies: boolean, enqueue: () => Promise<number>): Promise<void> {
  if (!notifies) return; // most steps tell nobody: no query, no signal
  await enqueue();
  if (await hasPendingNotices(sql, communityId)) await wakeDelivery(communityId);
}

export function notifyActivities(sql: Sql) {
  return {
    /** One delivery pass (see the file comment). */
    async deliverDueNotices(o: { communityId: string }): Promise<{ sent: number; nextAt: number | null }> {
      return deliverDue(sql, o.communityId);
    },
  };
}
