/** Helpers for integration tests: real PostgreSQL and Temporal, a worker per test file. */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { connect, type Sql } from '../../db/client.server';
import { DefaultLogger, GracefulShutdownPeriodExpiredError, IllegalStateError, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { createWorker } from '../../worker/create';

// One Temporal runtime per test process (vitest forks one per file); keep its logs to warnings.
try {
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
} catch {
  // already installed in this process
}

export function testSql(): Sql {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run with `npm test`');
  return connect(url, 5);
}

export function temporalAddress(): string {
  const a = process.env.TEMPORAL_ADDRESS;
  if (!a) throw new Error('TEMPORAL_ADDRESS is not set: run with `npm test`');
  return a;
}

/** A real worker on its own task queue, running the shared workflow bundle. */
export async function startTestWorker(sql: Sql, taskQueue = `test-${randomUUID()}`) {
  const { worker, connection } = await createWorker({
    address: temporalAddress(),
    sql,
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    // A stop waits for running tasks at most this long, then the worker is terminated: from
    // Temporal's view the same as a crash, which is what resume tests stop a worker for (a stop that
    // waited on a task for the rest of a test's two minutes failed CI once).
    shutdownForceTime: '10s',
  });
  const running = worker.run();
  return {
    taskQueue,
    worker,
    /** Stops polling and waits for the worker to finish (a "crash" for resume tests is the same from Temporal's view). */
    async stop() {
      const from = Date.now();
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch((e: unknown) => {
        if (e instanceof GracefulShutdownPeriodExpiredError) {
          console.warn(`worker ${taskQueue} terminated: its tasks outlasted the 10-s shutdown`);
          return;
        }
        // After a forced shutdown the SDK's native finalizer can still find a call in flight ("Worker
        // still in use: Expected 1 reference, but got 2"; the .NET SDK reports the same race): the
        // worker is stopped either way, which is all a test's stop (a "crash") asks for.
        if (e instanceof IllegalStateError && /Worker still in use/.test(e.message)) {
          console.warn(`worker ${taskQueue} stopped with a call still in flight: ${e.message}`);
          return;
        }
        throw e;
      });
      if (Date.now() - from > 5_000) console.warn(`worker ${taskQueue} took ${Date.now() - from} ms to stop`);
      await connection.close();
    },
  };
}

export type TestWorker = Awaited<ReturnType<typeof startTestWorker>>;

/** Runs `fn` with a worker of its own (on a fresh task queue unless given), stopped afterwards whatever happens. */
export async function withWorker<T>(sql: Sql, fn: (worker: TestWorker) => Promise<T>, taskQueue?: string): Promise<T> {
  const worker = await startTestWorker(sql, taskQueue);
  try {
    return await fn(worker);
  } finally {
    await worker.stop();
  }
}

/**
 * One worker for a whole test file: started before its tests; after them the worker stops, then
 * `close` (e.g. the web's Temporal client) runs and the pool ends.
 */
export function fileWorker(sql: Sql, close: () => Promise<void>): { readonly taskQueue: string } {
  let worker: TestWorker | undefined;
  beforeAll(async () => {
    worker = await startTestWorker(sql);
  });
  afterAll(async () => {
    await worker?.stop();
    await close();
    await sql.end();
  });
  return {
    get taskQueue() {
      if (!worker) throw new Error('the file worker starts in beforeAll');
      return worker.taskQueue;
    },
  };
}
