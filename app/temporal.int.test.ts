import { randomUUID } from 'node:crypto';
import { startTestWorker, testSql } from '../scripts/test-setup/services';
import { closeTemporal, runSystemCheck } from './temporal.server';

const sql = testSql();
afterAll(async () => {
  await closeTemporal();
  await sql.end();
});

describe('Temporal wiring', () => {
  it('runs a workflow through the project client; its activity writes to PostgreSQL', async () => {
    const worker = await startTestWorker(sql);
    try {
      const id = randomUUID();
      const { checkedAt } = await runSystemCheck(id, worker.taskQueue);
      const rows = await sql`select worker_identity, checked_at from system_checks where id = ${id}`;
      expect(rows).toHaveLength(1);
      expect(rows[0]!.worker_identity).toContain(worker.taskQueue);
      expect(new Date(rows[0]!.checked_at).toISOString()).toBe(checkedAt);
      // Starting it again attaches to the same workflow: no second row, same answer.
      expect(await runSystemCheck(id, worker.taskQueue)).toEqual({ checkedAt });
      expect(await sql`select 1 from system_checks where id = ${id}`).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  });
});
