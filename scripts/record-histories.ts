/**
 * Regenerates workflows/__histories__/motion-*.json: runs representative motions on a real Temporal server
 * and PostgreSQL (through app/motions.server.ts, as the web would) and saves each run's event
 * history. workflows/replay.int.test.ts replays them against the current workflow code, so a change
 * that would break running motions fails the tests (ARCHITECTURE.md "Workflows").
 *
 *   node --import tsx scripts/record-histories.ts
 *
 * Uses DATABASE_URL and TEMPORAL_ADDRESS when set (e.g. a stack from `npm start`), otherwise brings
 * up a throw-away PostgreSQL and Temporal dev server like `npm test` does. Writes only when every
 * scenario ended where it should.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import * as motions from '../app/motions.server';
import { closeTemporal, temporal } from '../app/temporal.server';
import { closeDb, db } from '../db/client.server';
import {
  acceptObjectionReplySchema,
  objectionReplySchema,
  objectionRulingSchema,
  objectionSchema,
  residentOpinionSchema,
} from '../domain/motion/schemas';
import { bundleWorkflows, createWorker } from '../worker/create';
import { consultationCompleted, motionWorkflowId } from '../workflows/api';
import {
  MotionDriver,
  expectOk,
  fastSettings,
  historyToJson,
  key,
  setupCommunity,
  type TestCommunity,
  waitFor,
  waitForState,
} from '../workflows/motion.testkit';
import type { Service } from './lib/procs';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'workflows', '__histories__');
const log = (line: string) => console.log(line);

Runtime.install({
  logger: new DefaultLogger('WARN'),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
});

async function main(): Promise<void> {
  const services: Service[] = [];
  let tmp: string | undefined;
  if (!process.env.DATABASE_URL || !process.env.TEMPORAL_ADDRESS) {
    const { bringUpStack } = await import('./lib/stack');
    tmp = mkdtempSync(join(tmpdir(), 'minyi-histories-'));
    chmodSync(tmp, 0o755);
    const stack = await bringUpStack({ dir: tmp, persistent: false, useEnv: false, log, services });
    process.env.DATABASE_URL = stack.databaseUrl;
    process.env.TEMPORAL_ADDRESS = stack.temporalAddress;
  }
  try {
    await record();
  } finally {
    await closeTemporal();
    await closeDb();
    for (const s of services.reverse()) await s.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

async function record(): Promise<void> {
  // db() and temporal() read DATABASE_URL / TEMPORAL_ADDRESS on first use, i.e. after main() set them.
  const sql = db();
  const taskQueue = `record-histories-${Date.now()}`;
  log('› bundling workflows');
  const { worker, connection } = await createWorker({
    address: process.env.TEMPORAL_ADDRESS!,
    sql,
    taskQueue,
    workflowBundle: await bundleWorkflows(),
  });
  const running = worker.run();
  const client = await temporal();
  const recorded: { name: string; motionId: string; runs: string[] }[] = [];

  const scenario = async (name: string, fn: () => Promise<string>) => {
    log(`› ${name}`);
    const motionId = await fn();
    const handle = client.workflow.getHandle(motionWorkflowId(motionId));
    await handle.result();
    // Every run of the chain (continueAsNew starts new runs), oldest first.
    const runs: string[] = [];
    for await (const w of client.workflow.list({ query: `WorkflowId = '${motionWorkflowId(motionId)}'` })) runs.push(w.runId);
    recorded.push({ name, motionId, runs: runs.reverse() });
  };

  try {
    const c = await setupCommunity(sql);

    await scenario('closed-online-vote-objection', () => closedOnlineVoteObjection(sql, c, taskQueue));

    await scenario('consultation-hand-votes-correction', async () => {
      const d = new MotionDriver(sql, c, taskQueue, fastSettings(400));
      d.quickNotices = true;
      await d.create({ title: '中心花园改造', consultOptIn: true });
      await d.propose();
      await d.holdJoint('agree');
      const consultationId = randomUUID();
      expectOk(await motions.openConsultation(c.secretary.caller, d.motionId, { idempotencyKey: key(), consultationId }));
      await client.workflow.getHandle(motionWorkflowId(d.motionId)).signal(consultationCompleted, { consultationId });
      await waitForState(sql, d.motionId, 'party_review');
      await d.holdPartyMeeting();
      const { r, opensAt } = await d.convene('representatives_meeting');
      expectOk(r);
      await d.untilOpen(opensAt);
      const present = c.voters.slice(0, 5);
      expectOk(await motions.recordAttendance(c.committee[0]!.caller, d.motionId, { idempotencyKey: key(), meetingId: r.meetingId, personIds: present.slice(0, 3).map((p) => p.id), method: 'in_person' }));
      expectOk(await motions.recordAttendance(c.committee[0]!.caller, d.motionId, { idempotencyKey: key(), meetingId: r.meetingId, personIds: present.slice(3).map((p) => p.id), method: 'paper', scanRef: 'scan-1' }));
      expectOk(await motions.confirmPaperAttendance(c.supervisor.caller, d.motionId, { idempotencyKey: key(), meetingId: r.meetingId }));
      expectOk(await motions.recordHandVotes(c.director.caller, d.motionId, { idempotencyKey: key(), questionId: r.meetingId, votes: present.map((p) => ({ personId: p.id, choice: 'agree' as const })), recusedIds: [] }));
      await d.approveDisclosure();
      await waitFor(async () => (await sql`select 1 from disclosures where subject_id = ${d.motionId}`).length === 1);
      const o = await motions.raiseObjection(c.supervisor.caller, d.motionId, objectionSchema.parse({ idempotencyKey: key(), text: '公示有误', blocking: true }));
      expectOk(o);
      expectOk(await motions.ruleOnObjection(c.street.caller, d.motionId, objectionRulingSchema.parse({ idempotencyKey: key(), objectionId: o.objectionId, ruling: 'upheld', reasons: '应更正' })));
      expectOk(await motions.correctDisclosure(c.committee[1]!.caller, d.motionId, { idempotencyKey: key(), reason: '更正', substantive: false }));
      await waitForState(sql, d.motionId, 'implementing', 30_000);
      expectOk(await d.complete([{ item: '绿化', amountYuan: 500_000 }]));
      await d.approveDisclosure();
      await waitForState(sql, d.motionId, 'closed', 30_000);
      return d.motionId;
    });

    await scenario('rejected-after-returns', async () => {
      const d = new MotionDriver(sql, c, taskQueue, fastSettings(400));
      d.quickNotices = true;
      await d.create({ title: '小区停车改造' });
      for (let i = 0; i < 3; i++) {
        await d.propose();
        await d.holdJoint('reject');
      }
      await waitForState(sql, d.motionId, 'rejected');
      return d.motionId;
    });

    await scenario('withdrawn', async () => {
      const d = new MotionDriver(sql, c, taskQueue, fastSettings(400));
      d.quickNotices = true;
      await d.create({ title: '垃圾分类投放点调整' });
      await d.propose();
      expectOk(await d.withdraw());
      return d.motionId;
    });

    await scenario('lapsed-with-escalation', async () => {
      const d = new MotionDriver(sql, c, taskQueue, fastSettings(40));
      await d.create({ title: '健身器材更新' });
      await d.propose();
      await waitForState(sql, d.motionId, 'lapsed', 30_000);
      return d.motionId;
    });

    await scenario('timer-closed-vote-continued-as-new', async () => {
      // 800-ms days: the 3-day window (2.4 s) must outlast four votes on a busy machine.
      const d = new MotionDriver(sql, c, taskQueue, fastSettings(800, { votingWindowDays: 3 }), 150);
      d.quickNotices = true;
      await d.create({ title: '楼道照明改造' });
      await d.toResolving();
      const vote = await d.scheduleVote();
      await d.untilOpen(vote.opensAt);
      for (const p of c.voters.slice(0, 4)) expectOk(await d.vote(p, vote.questionId));
      await d.approveDisclosure();
      await waitForState(sql, d.motionId, 'implementing', 30_000);
      for (let i = 0; i < 12; i++) expectOk(await d.progress(1_000));
      expectOk(await d.complete([{ item: '灯具', amountYuan: 12_000 }]));
      await d.approveDisclosure();
      await waitForState(sql, d.motionId, 'closed', 30_000);
      return d.motionId;
    });

    mkdirSync(outDir, { recursive: true });
    for (const f of readdirSync(outDir)) if (/^motion-(?!amended-).*\.json$/.test(f)) unlinkSync(join(outDir, f));
    for (const r of recorded) {
      for (const [i, runId] of r.runs.entries()) {
        const history = await client.workflow.getHandle(motionWorkflowId(r.motionId), runId).fetchHistory();
        const file = join(outDir, r.runs.length > 1 ? `motion-${r.name}.run${i + 1}.json` : `motion-${r.name}.json`);
        writeFileSync(file, JSON.stringify(historyToJson(history), null, 1) + '\n');
        log(`  ✓ ${file} (${history.events?.length ?? 0} events)`);
      }
    }
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);

/**
 * An online vote with an objection settled by the supervisors; the review before publication
 * (§3.7.3): the resolution's correction asked for, resubmitted and approved, the result published
 * unreviewed after 2 working days.
 */
async function closedOnlineVoteObjection(sql: ReturnType<typeof db>, c: TestCommunity, taskQueue: string): Promise<string> {
  const d = new MotionDriver(sql, c, taskQueue, fastSettings(1_000, { votingWindowDays: 7 }));
  d.quickNotices = true;
  await d.create();
  await d.propose();
  const { r, opensAt } = await d.convene('joint_meeting');
  expectOk(r);
  expectOk(await motions.submitOpinion(c.resident.caller, d.motionId, residentOpinionSchema.parse({ idempotencyKey: key(), text: '支持加装电梯' })));
  await d.untilOpen(opensAt);
  expectOk(await motions.recordJointMeeting(c.secretary.caller, d.motionId, d.jointMinutes('agree', '增加施工期间的安全措施')));
  await d.holdPartyMeeting();
  const vote = await d.scheduleVote();
  await d.untilOpen(vote.opensAt);
  expectOk(await d.vote(c.voters[0]!, vote.questionId, 'disagree'));
  for (const p of c.voters) expectOk(await d.vote(p, vote.questionId));
  await waitForState(sql, d.motionId, 'resolution_disclosed');
  // The supervision committee's review (§3.7.3): a correction asked for, resubmitted, approved.
  await waitFor(async () => (await d.reviewStatus()) === 'pending');
  expectOk(await motions.requestDisclosureCorrection(c.supervisor.caller, d.motionId, { idempotencyKey: key(), correctionReason: '到会人数写错' }));
  expectOk(await motions.resubmitDisclosure(c.director.caller, d.motionId, { idempotencyKey: key(), correctionNote: '已更正到会人数' }));
  await d.approveDisclosure('核对无误');
  const o = await motions.raiseObjection(c.supervisor.caller, d.motionId, objectionSchema.parse({ idempotencyKey: key(), text: '资质未公示', blocking: true }));
  expectOk(o);
  expectOk(await motions.replyToObjection(c.director.caller, d.motionId, objectionReplySchema.parse({ idempotencyKey: key(), objectionId: o.objectionId, text: '已补充' })));
  expectOk(await motions.acceptObjectionReply(c.supervisor.caller, d.motionId, acceptObjectionReplySchema.parse({ idempotencyKey: key(), objectionId: o.objectionId })));
  await waitForState(sql, d.motionId, 'implementing');
  expectOk(await d.progress(100_000));
  expectOk(await d.complete([{ item: '电梯', amountYuan: 590_000 }]));
  // Nobody reviews the result within 2 working days: the director publishes it unreviewed.
  await waitFor(async () => (await d.reviewStatus()) === 'pending');
  await waitFor(async () => (await motions.publishUnreviewed(c.director.caller, d.motionId, { idempotencyKey: key(), confirmed: true })).ok, 30_000, 'publish unreviewed');
  await waitForState(sql, d.motionId, 'closed');
  return d.motionId;
}
