/**
 * Drill in `npm test`: 1,000 concurrent duplicate ballots by one voter → exactly one recorded
 * (drills/duplicates.ts). The representative's vote goes through a Temporal Update, and Temporal
 * takes 10 in flight per workflow: 30 copies here, 50 in `npm run drills`.
 */
import { closeTemporal } from '../app/temporal.server';
import { duplicateBallotsDrill, duplicateVotesDrill } from '../drills/duplicates';
import { Report } from '../drills/kit';
import { fileWorker, testSql } from './test-setup/services';

const sql = testSql();
const worker = fileWorker(sql, closeTemporal);

it('1,000 copies of one secret ballot at once: one ballot, 999 "already voted"', async () => {
  const report = new Report('duplicate ballots');
  await duplicateBallotsDrill({ sql, databaseUrl: process.env.DATABASE_URL!, taskQueue: worker.taskQueue, report });
  expect(report.failures).toEqual([]);
});

it('30 copies of one representative vote at once (same idempotency key): one vote, one log entry', async () => {
  const report = new Report('duplicate motion votes');
  await duplicateVotesDrill({ sql, taskQueue: worker.taskQueue, report, copies: 30 });
  expect(report.failures).toEqual([]);
});
