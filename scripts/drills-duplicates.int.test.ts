/**
 * Drill in `npm test`: 1,000 concurrent duplicate ballots by one voter → exactly one recorded
 * (drills/duplicates.ts); and 1,000 copies of one representative's vote, written by guarded SQL
 * with its idempotency key (decision 060).
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

it('1,000 copies of one representative vote at once (same idempotency key): one vote, one log entry', async () => {
  const report = new Report('duplicate motion votes');
  await duplicateVotesDrill({ sql, taskQueue: worker.taskQueue, report });
  expect(report.failures).toEqual([]);
});
