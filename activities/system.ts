import { Context } from '@temporalio/activity';
import type { Sql } from '../db/client.server';

export function systemActivities(sql: Sql) {
  return {
    /** Idempotent: a retried activity finds its row already there. */
    async recordSystemCheck(checkId: string): Promise<{ checkedAt: string }> {
      const identity = Context.current().info.taskQueue + '@' + process.pid;
      const [row] = await sql<{ checked_at: Date }[]>`
        insert into system_checks (id, worker_identity) values (${checkId}, ${identity})
        on conflict (id) do update set id = excluded.id
        returning checked_at`;
      return { checkedAt: row!.checked_at.toISOString() };
    },
  };
}
