/**
 * A worker process for the drills (started by drills/kit.ts, killed with SIGKILL mid-process): the
 * same worker as worker/main.ts, but on the workflow bundle the drill built once
 * (MINYI_WORKFLOW_BUNDLE), so a restart polls again within a second or two.
 */
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { closeDb, db } from '../db/client.server';
import { createWorker } from '../worker/create';

Runtime.install({
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
  logger: new DefaultLogger('ERROR'),
});
const codePath = process.env.MINYI_WORKFLOW_BUNDLE;
const { worker, connection } = await createWorker({
  address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
  sql: db(),
  taskQueue: process.env.MINYI_TASK_QUEUE,
  ...(codePath ? { workflowBundle: { codePath } } : {}),
});
const running = worker.run();
console.log(`worker ready (task queue ${worker.options.taskQueue}, pid ${process.pid})`);
await running;
await connection.close();
await closeDb();
