// The web's door to the people import (db/admin-import.server.ts): the upload is stored in its import
// row and the durable `peopleImport` workflow (workflows/people-import.ts) checks and stores it.
import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { createPeopleImport, type NewPeopleImport } from '../db/admin-import.server';
import { db } from '../db/client.server';
import { TASK_QUEUE } from '../workflows/config';
import type { peopleImport } from '../workflows/people-import';
import { temporal } from './temporal.server';

export { db } from '../db/client.server';
export { peopleImports, readSpreadsheet, type PeopleImport } from '../db/admin-import.server';

export const peopleImportWorkflowId = (importId: string) => `people-import-${importId}`;

/** Queues the upload and starts its workflow; if Temporal cannot take it, the import says so and the error goes on (503). */
export async function queuePeopleImport(a: NewPeopleImport & { taskQueue?: string }): Promise<string> {
  const sql = db();
  const importId = await createPeopleImport(sql, a);
  try {
    const client = await temporal();
    await client.workflow.start<typeof peopleImport>('peopleImport', {
      args: [{ importId }],
      taskQueue: a.taskQueue ?? process.env.MINYI_TASK_QUEUE ?? TASK_QUEUE,
      workflowId: peopleImportWorkflowId(importId),
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
  } catch (e) {
    await sql`update people_imports set status = 'refused', failure_key = 'admin.errors.importNotStarted', file = null, finished_at = now() where id = ${importId}`;
    throw e;
  }
  return importId;
}
