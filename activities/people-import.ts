/**
 * The people import's one activity (workflows/people-import.ts): reads, checks and stores a queued
 * upload (db/admin-import.server.ts `runPeopleImport`), heartbeating the rows checked so far. A
 * retry after a crash starts the check again; nothing is stored before the last transaction, which
 * re-reads the import's status, so a retry never stores anyone twice.
 */
import { Context } from '@temporalio/activity';
import { runPeopleImport } from '../db/admin-import.server';
import type { Sql } from '../db/client.server';

export function peopleImportActivities(sql: Sql) {
  return {
    async runPeopleImport(importId: string): Promise<string> {
      const activity = Context.current(); // captured here: postgres.js calls back outside the activity's async context
      return runPeopleImport(sql, importId, (processed) => activity.heartbeat({ importId, processed }));
    },
  };
}
