import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Sql } from '../db/client.server';
import type { Duration } from '@temporalio/common';
import { NAMESPACE, TASK_QUEUE } from '../workflows/config';

export const workflowsPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'workflows', 'index.ts');

export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, logger: quietLogger });
}

const quietLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
};

/** A worker that runs every Minyi workflow and registers every activity against `sql`. */
export async function createWorker(opts: {
  address: string;
  sql: Sql;
  taskQueue?: string;
  workflowBundle?: WorkflowBundleWithSourceMap | { codePath: string };
  /** How long a shutdown may wait for running tasks before the worker is terminated (default: as long as they take). */
  shutdownForceTime?: Duration;
}): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: opts.address });
  const worker = await Worker.create({
    connection,
    namespace: NAMESPACE,
    taskQueue: opts.taskQueue ?? TASK_QUEUE,
    activities: createActivities(opts.sql),
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath }),
    ...(opts.shutdownForceTime ? { shutdownForceTime: opts.shutdownForceTime } : {}),
  });
  return { worker, connection };
}
