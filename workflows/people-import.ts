import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { runPeopleImport } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});

/**
 * 居民信息导入 off the web process (issue 11 item 2): one upload, stored in its `people_imports`
 * row by the web, checked and stored by an activity; the page reads the progress from that row.
 */
export async function peopleImport(input: { importId: string }): Promise<string> {
  return await runPeopleImport(input.importId);
}
