/**
 * Delivery as durable work (decision 040): one workflow per community drains its outbox. Each pass
 * is one activity (`deliverDueNotices`) that sends every due row and answers when the next one is
 * due; the workflow sleeps until then or until a process step wakes it (`notifyWake`, sent with
 * signal-with-start by the step's activity). Idle for an hour → it ends; the next wake starts it again.
 * Deterministic: time from the workflow clock only.
 */
import { condition, continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { notifyWake, type NotifyDeliveryInput } from './notify-api';

const { deliverDueNotices } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  // A pass heartbeats per row: a worker killed mid-send is noticed within seconds.
  heartbeatTimeout: '5 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const IDLE_MS = 60 * 60 * 1000;
const PASSES_BEFORE_CONTINUE = 200;

export async function notifyDelivery(input: NotifyDeliveryInput): Promise<void> {
  let woken = false;
  setHandler(notifyWake, () => {
    woken = true;
  });
  for (let pass = 0; pass < PASSES_BEFORE_CONTINUE; pass++) {
    woken = false;
    const { nextAt } = await deliverDueNotices({ communityId: input.communityId });
    const wait = nextAt === null ? IDLE_MS : Math.max(100, nextAt - Date.now());
    const signalled = await condition(() => woken, wait);
    if (!signalled && nextAt === null) return;
  }
  await continueAsNew<typeof notifyDelivery>(input);
}
