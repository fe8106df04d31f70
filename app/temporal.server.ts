/**
 * The project's Temporal client: the web process and scripts send commands to workflows through
 * this module only. One connection per process, opened lazily.
 */
import { Client, Connection, WorkflowIdConflictPolicy } from '@temporalio/client';
import { NAMESPACE, TASK_QUEUE } from '../workflows/config';
import type { systemCheck } from '../workflows/system';

let client: Promise<Client> | undefined;

export function temporal(): Promise<Client> {
  client ??= Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' }).then(
    (connection) => new Client({ connection, namespace: NAMESPACE }),
  );
  return client;
}

export async function closeTemporal(): Promise<void> {
  const c = await client;
  client = undefined;
  await c?.connection.close();
}

/**
 * Runs the systemCheck workflow to completion: proves a worker is polling and can write to
 * PostgreSQL. The workflow id derives from `checkId`, so a retried call attaches to the same run.
 */
export async function runSystemCheck(checkId: string, taskQueue = TASK_QUEUE): Promise<{ checkedAt: string }> {
  const c = await temporal();
  const handle = await c.workflow.start<typeof systemCheck>('systemCheck', {
    args: [checkId],
    taskQueue,
    workflowId: `system-check-${checkId}`,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowExecutionTimeout: '2 minutes',
  });
  return handle.result();
}
