/** Motion integration tests' fixture: a worker, a community and a driver (see workflows/motion.testkit.ts). */
import type { Sql } from '../../db/client.server';
import type { MotionSettingsInput } from '../../domain/motion/settings';
import { MotionDriver, setupCommunity, type TestCommunity } from '../../workflows/motion.testkit';
import { withWorker, type TestWorker } from './services';

/**
 * What most motion tests start with: a worker of their own, a fresh community and a driver for one
 * motion (meetings open at once unless `quickNotices: false`). The worker stops whatever happens.
 */
export function withMotion<T>(
  sql: Sql,
  settings: MotionSettingsInput,
  fn: (m: { c: TestCommunity; d: MotionDriver; worker: TestWorker }) => Promise<T>,
  o: { quickNotices?: boolean; historyLimit?: number } = {},
): Promise<T> {
  return withWorker(sql, async (worker) => {
    const c = await setupCommunity(sql);
    const d = new MotionDriver(sql, c, worker.taskQueue, settings, o.historyLimit);
    d.quickNotices = o.quickNotices ?? true;
    return fn({ c, d, worker });
  });
}
