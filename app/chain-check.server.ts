/**
 * Full re-checks of the disclosure chains (decision 030): a Temporal schedule runs one every night
 * for every community; anyone may start one for a community from its verify page. The page reads
 * progress and results from PostgreSQL (disclosure_checkpoints).
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, WorkflowIdConflictPolicy } from '@temporalio/client';
import { markChainCheckRunning } from '../db/board.server';
import type { Sql } from '../db/client.server';
import { TASK_QUEUE } from '../workflows/config';
import type { chainCheck } from '../workflows/chain-check';
import { temporal } from './temporal.server';

export const CHAIN_CHECK_SCHEDULE = 'disclosure-chain-check';

/** Creates the nightly schedule (03:00 Asia/Shanghai) once; later calls leave it as it is. */
export async function ensureChainCheckSchedule(
  taskQueue = TASK_QUEUE,
  scheduleId = CHAIN_CHECK_SCHEDULE,
): Promise<'created' | 'exists'> {
  const client = await temporal();
  try {
    await client.schedule.create({
      scheduleId,
      spec: { calendars: [{ hour: 3, minute: 0 }], timezone: 'Asia/Shanghai' },
      action: { type: 'startWorkflow', workflowType: 'chainCheck', args: [{}], taskQueue },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
    return 'created';
  } catch (e) {
    if (e instanceof ScheduleAlreadyRunning) return 'exists';
    throw e;
  }
}

/** Starts a full re-check of one community's chain, or joins the one already running. */
export async function startChainCheck(
  sql: Sql,
  communityId: string,
  taskQueue = process.env.MINYI_TASK_QUEUE ?? TASK_QUEUE,
): Promise<void> {
  // Shown as running at once, so the page that follows refreshes itself until the result is in.
  await markChainCheckRunning(sql, communityId);
  try {
    const client = await temporal();
    await client.workflow.start<typeof chainCheck>('chainCheck', {
      args: [{ communityId }],
      taskQueue,
      workflowId: `chain-check-${communityId}`,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowExecutionTimeout: '3 hours',
    });
  } catch (e) {
    await sql`update disclosure_checkpoints set running_since = null where community_id = ${communityId} and running_checked = 0`;
    throw e;
  }
}

export type ChainCheckStatus = {
  running: { since: Date; checked: number; total: number } | null;
  last: { at: Date; ok: boolean; length: number; brokenSeq: number | null; brokenReason: string | null; head: string } | null;
};

export async function chainCheckStatus(sql: Sql, communityId: string): Promise<ChainCheckStatus> {
  const [r] = await sql<
    {
      runningSince: Date | null;
      runningChecked: number | null;
      runningTotal: number | null;
      checkedAt: Date | null;
      length: number;
      brokenSeq: number | null;
      brokenReason: string | null;
      headHash: string;
    }[]
  >`select running_since as "runningSince", running_checked as "runningChecked", running_total as "runningTotal",
           checked_at as "checkedAt", length, broken_seq::int as "brokenSeq", broken_reason as "brokenReason",
           head_hash as "headHash"
    from disclosure_checkpoints where community_id = ${communityId}`;
  if (!r) return { running: null, last: null };
  return {
    running: r.runningSince ? { since: r.runningSince, checked: r.runningChecked ?? 0, total: r.runningTotal ?? 0 } : null,
    last: r.checkedAt
      ? { at: r.checkedAt, ok: r.brokenSeq === null, length: r.length, brokenSeq: r.brokenSeq, brokenReason: r.brokenReason, head: r.headHash }
      : null,
  };
}
