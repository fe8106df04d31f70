import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import shift from 'postgres-shift';
import type { Sql } from './client.server';

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Needs a pool of at least two connections (the lock holds one).
 * Applies pending SQL migrations (db/migrations/NNNNN_name.sql, in order, in one transaction) with
 * postgres-shift. A session-level advisory lock makes concurrent starts wait rather than race.
 */
export async function migrate(sql: Sql, log: (line: string) => void = () => {}): Promise<void> {
  const lock = await sql.reserve();
  try {
    await lock`select pg_advisory_lock(727001)`;
    await shift({
      sql,
      path: MIGRATIONS,
      before: ({ migration_id, name }: { migration_id: number; name: string }) =>
        log(`  migration ${migration_id} ${name}`),
    });
  } finally {
    await lock`select pg_advisory_unlock(727001)`;
    lock.release();
  }
}
