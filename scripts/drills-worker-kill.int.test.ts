/**
 * Fault drills in `npm test` (the long ones run in `npm run drills`, scripts/drills.ts): the worker
 * process killed with SIGKILL during an election's polling and during a motion's voting window;
 * after its restart every accepted ballot or vote is counted exactly once and the processes go on.
 */
import { inject } from 'vitest';
import { electionDrill } from '../drills/election';
import { KillableWorker } from '../drills/faults';
import { Report } from '../drills/kit';
import { closeTemporal } from '../app/temporal.server';
import { temporalAddress, testSql } from './test-setup/services';

const sql = testSql();
const env = { databaseUrl: process.env.DATABASE_URL!, temporalAddress: temporalAddress(), bundlePath: inject('workflowBundlePath') };
const worker = new KillableWorker(env);

beforeAll(() => worker.start());
afterAll(async () => {
  await worker.stop();
  await closeTemporal();
  await sql.end();
});

it('kill -9 of the worker during polling: every accepted ballot is counted once, the election goes on to its result', async () => {
  const report = new Report('worker kill during polling');
  const r = await electionDrill({ sql, taskQueue: worker.taskQueue, report, fault: (rep) => worker.killAndRestart(rep) });
  expect(r.counted).toBe(r.accepted + r.ambiguous);
  expect(report.failures).toEqual([]);
  // ~20 s on a quiet machine. The drill's own limits (a worker ready within 90 s, the election closed
  // within 180 s of the last ballot) say when the system failed; the test's must not cut them short.
}, 300_000);
