/**
 * Motions for the benchmarks (issue 15, benchmarks 2, 3 and 5): a community whose representatives'
 * meeting has `roster` members, and a motion driven through its real stages by the motion testkit's
 * driver (app/motions.server.ts commands on a real worker), with residents' opinions during 商议 and
 * the representatives' online vote open. An in-process worker on its own task queue carries it.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Sql } from '../db/client.server';
import type { Role } from '../domain/roles';
import * as motions from '../app/motions.server';
import { residentOpinionSchema } from '../domain/motion/schemas';
import { createUser } from '../scripts/test-setup/fixtures';
import { createWorker, bundleWorkflows } from '../worker/create';
import { MotionDriver, expectOk, fastSettings, key, setupCommunity, waitForState, type TestCommunity } from '../workflows/motion.testkit';
import { quietTemporal } from './http-ballots.bench';

/** The testkit's community (3 committee members, 3 representatives) with more representatives, to `roster` on the meeting's roster. */
export async function communityWithRoster(sql: Sql, roster: number): Promise<TestCommunity> {
  const c = await setupCommunity(sql);
  for (let i = c.voters.length; i < roster; i++) {
    const name = `代表${i}`;
    const u = await createUser(sql, [{ role: 'resident_representative', communityId: c.id }, { role: 'resident', communityId: c.id }], name);
    const p = { id: u.id, username: u.username, caller: { userId: u.id, displayName: name, roles: ['resident', 'resident_representative'] as Role[], communityId: c.id } };
    c.representatives.push(p);
    c.voters.push(p);
  }
  return c;
}

/**
 * A motion from its draft to an open online vote: proposed (提议), `opinions` residents' opinions
 * during 商议 (by the representatives in turn, plain SQL as the web writes them), the joint and
 * party members' meetings (审议), then the representatives' vote scheduled and open (决议).
 */
export async function motionWithOpenVote(sql: Sql, c: TestCommunity, taskQueue: string, o: { dayMs: number; votingWindowDays?: number; opinions?: number }) {
  const d = new MotionDriver(sql, c, taskQueue, fastSettings(o.dayMs, o.votingWindowDays ? { votingWindowDays: o.votingWindowDays } : {}));
  d.quickNotices = true;
  await d.create();
  await d.propose();
  // 商议 begins with the joint meeting's notice; the opinions come in before it is held.
  const joint = await d.convene('joint_meeting');
  expectOk(joint.r);
  for (let i = 0; i < (o.opinions ?? 0); i++) {
    const who = c.representatives[i % c.representatives.length]!;
    const text = `第${i + 1}条意见：建议加装电梯时同步改造${(i % 6) + 1}号楼的楼道照明，并公开施工单位资质和费用分摊方案。`;
    expectOk(await motions.submitOpinion(who.caller, d.motionId, residentOpinionSchema.parse({ idempotencyKey: key(), text })));
  }
  await d.untilOpen(joint.opensAt);
  expectOk(await motions.recordJointMeeting(c.secretary.caller, d.motionId, d.jointMinutes('agree')));
  await d.holdPartyMeeting();
  await waitForState(sql, d.motionId, 'resolving');
  const vote = await d.scheduleVote();
  await d.untilOpen(vote.opensAt);
  return { d, ...vote };
}

/** A worker on its own task queue in this process, and a client to read histories; `stop` ends both. */
export async function benchWorker(stack: { databaseUrl: string; temporalAddress: string }, sql: Sql) {
  process.env.DATABASE_URL = stack.databaseUrl;
  process.env.TEMPORAL_ADDRESS = stack.temporalAddress;
  quietTemporal();
  const taskQueue = `bench-${randomUUID()}`;
  const { worker, connection } = await createWorker({ address: stack.temporalAddress, sql, taskQueue, workflowBundle: await bundleWorkflows() });
  const running = worker.run();
  const clientConnection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection: clientConnection });
  return {
    taskQueue,
    client,
    /** Events of every run of a workflow (a motion continues as new when its history grows). */
    async historyOf(workflowId: string): Promise<{ events: number; runs: number; longestRun: number; types: Record<string, number> }> {
      const runs: number[] = [];
      const types: Record<string, number> = {};
      // The latest run first, then back along each run's "continued from" link.
      for (let runId: string | undefined = undefined; ; ) {
        const h = await client.workflow.getHandle(workflowId, runId).fetchHistory();
        runs.push(h.events?.length ?? 0);
        for (const e of h.events ?? []) {
          // The one `…EventAttributes` field an event carries names its type (activityTaskScheduled, timerFired, …).
          const attrs = Object.entries(e).find(([k, v]) => k.endsWith('EventAttributes') && v);
          const t = attrs ? attrs[0].replace(/EventAttributes$/, '') : `type ${String(e.eventType)}`;
          types[t] = (types[t] ?? 0) + 1;
        }
        runId = h.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
        if (!runId) break;
      }
      return { events: runs.reduce((a, b) => a + b, 0), runs: runs.length, longestRun: Math.max(0, ...runs), types };
    },
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
      await clientConnection.close();
    },
  };
}
