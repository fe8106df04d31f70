/** The worker process: `node --import tsx worker/main.ts` (started by `npm start`). */
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { closeDb, db } from '../db/client.server';
import { surviveLostPostgresWrites } from '../db/postgres-crash';
import { assertProductionConfig } from '../app/production.server';
import { createWorker } from './create';

assertProductionConfig(); // MINYI_PRODUCTION=1 without MINYI_DATA_KEY: refuse to start (decision 025)
surviveLostPostgresWrites((e) => console.error(`postgres.js lost a write to a closed connection (survived): ${e.message}`));

Runtime.install({
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  logger: new (await import('@temporalio/worker')).DefaultLogger('WARN'),
});

const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
const { worker, connection } = await createWorker({ address, sql: db() });
console.log(`worker ready (task queue ${worker.options.taskQueue})`);
// Worker.run() shuts down gracefully on SIGINT/SIGTERM (the runtime installs those handlers).
await worker.run();
await connection.close();
await closeDb();
