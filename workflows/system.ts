import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { recordSystemCheck } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5 },
});

/** Start-up and test probe: the worker ran a workflow and its activity wrote to PostgreSQL. */
export async function systemCheck(checkId: string): Promise<{ checkedAt: string }> {
  return await recordSystemCheck(checkId);
}
