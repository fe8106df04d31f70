/**
 * A worker in a process of its own, for tests that kill it (SIGKILL) in the middle of an activity:
 * `node --import tsx scripts/test-setup/notify-worker.ts` with DATABASE_URL, TEMPORAL_ADDRESS,
 * MINYI_TEST_TASK_QUEUE and MINYI_TEST_BUNDLE (the shared workflow bundle's path). Prints "ready".
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { connect } from '../../db/client.server';
import { createWorker } from '../../worker/create';

Runtime.install({ logger: new DefaultLogger('ERROR') });
const sql = connect(process.env.DATABASE_URL!, 3);
const { worker } = await createWorker({
  address: process.env.TEMPORAL_ADDRESS!,
  sql,
  taskQueue: process.env.MINYI_TEST_TASK_QUEUE!,
  workflowBundle: { codePath: process.env.MINYI_TEST_BUNDLE! },
});
const running = worker.run();
console.log('ready');
await running;
