import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { recheckDisclosureChains } = proxyActivities<Activities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '2 minutes',
  retry: { maximumAttempts: 3 },
});

/** Full re-check of disclosure chains: nightly on a schedule for all communities, or one on demand. */
export async function chainCheck(input: { communityId?: string }) {
  return await recheckDisclosureChains(input);
}
