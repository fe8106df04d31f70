/**
 * The frame of a notice test file: the local SMS and SMTP servers (notify-servers.ts), one worker on
 * its own task queue (named in MINYI_TASK_QUEUE, which the app's process starters read), and after
 * the file the worker, the servers, the Temporal client and both pools closed.
 */
import { afterAll, beforeAll } from 'vitest';
import { closeTemporal } from '../../app/temporal.server';
import { closeDb, type Sql } from '../../db/client.server';
import { startNotifyServers } from './notify-servers';
import { startTestWorker, type TestWorker } from './services';

type NotifyServers = Awaited<ReturnType<typeof startNotifyServers>>;

export function notifyFrame(sql: Sql): { readonly servers: NotifyServers } {
  let servers: NotifyServers | undefined;
  let worker: TestWorker | undefined;
  beforeAll(async () => {
    servers = await startNotifyServers();
    worker = await startTestWorker(sql);
    process.env.MINYI_TASK_QUEUE = worker.taskQueue;
  });
  afterAll(async () => {
    await worker?.stop();
    await servers?.close();
    await closeTemporal();
    await closeDb();
    await sql.end();
  });
  return {
    get servers() {
      if (!servers) throw new Error('notifyFrame: the servers start in beforeAll; read them inside a test');
      return servers;
    },
  };
}
