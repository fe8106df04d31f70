/** The delivery workflow's messages, declared once (workflows/notify.ts, activities/notify.ts). */
import { defineSignal } from '@temporalio/workflow';

/** One delivery workflow per community: `notify-<communityId>`. */
export const notifyWorkflowId = (communityId: string) => `notify-${communityId}`;

/** New rows are in the outbox: deliver now rather than at the next planned time. */
export const notifyWake = defineSignal('notifyWake');

export type NotifyDeliveryInput = { communityId: string };
