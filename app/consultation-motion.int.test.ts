/**
 * The link to 四议两公开 (DOMAIN.md §3.1, §5.1): a motion on a mandatory catalogue item goes from
 * 商议 to `consulting` and is held there — the motion workflow refuses party review — until its
 * consultation publishes the outcome; the consultation workflow then signals `motion-<id>` with
 * `consultationCompleted` and the motion moves on to `party_review`. Real dev server, real workers.
 */
import { randomUUID } from 'node:crypto';
import { DEMO_CATALOGUE_ITEMS } from '../domain/consultation';
import { startTestWorker, testSql } from '../scripts/test-setup/services';
import { MotionDriver, expectOk, fastSettings, setupCommunity, stateOf, waitForState, type TestCommunity } from '../workflows/motion.testkit';
import {
  approveCatalogue,
  catalogueItemsFor,
  consultationForMotion,
  leaveOpinion,
  saveCatalogueItem,
  sendConsultationCommand,
  startConsultationForMotion,
  submitCatalogue,
  type Caller,
} from './consultations.server';
import * as motions from './motions.server';
import { closeTemporal } from './temporal.server';
import { closeDb } from '../db/client.server';
import { sleep } from '../scripts/test-setup/wait';

const sql = testSql();
afterAll(async () => {
  await closeTemporal();
  await closeDb();
  await sql.end();
});

const DAY = 300;
const as = (p: { caller: { userId: string; roles: string[]; communityId: string } }): Caller => p.caller as Caller;

async function publishCatalogue(c: TestCommunity) {
  const director = as(c.director);
  for (const item of DEMO_CATALOGUE_ITEMS.slice(0, 4)) expect(await saveCatalogueItem(director, 2026, item)).toEqual({ ok: true });
  expect(await submitCatalogue(director, 2026)).toEqual({ ok: true });
  expect(await approveCatalogue(as(c.secretary), 2026)).toMatchObject({ ok: true });
  return catalogueItemsFor(c.id, 2026);
}

/** Drives a consultation from topic to just before its outcome is published. */
async function runUntilOutcomeReady(c: TestCommunity, id: string) {
  const send = (who: Caller, command: Parameters<typeof sendConsultationCommand>[2]) => sendConsultationCommand(who, id, command, randomUUID());
  const director = as(c.director);
  expect(await send(director, { action: 'fixParties', parties: [{ type: 'affected_residents', name: '3号楼居民' }] })).toEqual({ ok: true });
  expect(await send(as(c.secretary), { action: 'publishTopic' })).toEqual({ ok: true });
  expect(await send(director, { action: 'openCollection' })).toEqual({ ok: true });
  expect(await leaveOpinion(as(c.resident), id, randomUUID(), '同意')).toEqual({ ok: true });
  for (let i = 0; ; i++) {
    const r = await send(director, { action: 'scheduleMeeting', meetingAt: Date.now() + 1500, form: 'building_consultation', place: '3号楼楼下' });
    if (r.ok) break;
    expect(['consultation.errors.commentPeriodRunning', 'consultation.errors.meetingTooSoon']).toContain(r.key);
    if (i > 60) throw new Error('comment period never ended');
    await sleep(DAY);
  }
  const [m] = await sql<{ at: number }[]>`select (snapshot->'meeting'->>'at')::float8 as at from consultations where id = ${id}`;
  await sleep(Math.max(0, m!.at - Date.now()) + 50);
  expect(await send(director, { action: 'recordMeeting', attendees: 12, positions: [{ party: '3号楼居民', position: '同意' }] })).toEqual({ ok: true });
  expect(await send(director, { action: 'draftOutcome', text: '同意加装电梯，费用按楼层分摊。' })).toEqual({ ok: true });
  expect(await send(as(c.supervisor), { action: 'reviewOutcome', verdict: 'approved' })).toEqual({ ok: true });
}

describe('a motion on a mandatory catalogue item waits for its consultation', () => {
  it('is held in consulting until the outcome is published, then the consultation releases it to party review', async () => {
    const worker = await startTestWorker(sql);
    process.env.MINYI_TASK_QUEUE = worker.taskQueue;
    try {
      const c = await setupCommunity(sql);
      const items = await publishCatalogue(c);
      const env01 = items.find((i) => i.code === 'ENV-01')!;
      expect(env01.mandatory).toBe(true);
      const d = new MotionDriver(sql, c, worker.taskQueue, fastSettings(DAY));
      d.quickNotices = true;
      const motionId = await d.create({ catalogueItemId: env01.id, title: '3号楼垃圾投放点搬迁', majorReasons: ['public_project'] });
      await d.propose();
      const { r, opensAt } = await d.convene('joint_meeting');
      expectOk(r);
      await d.untilOpen(opensAt);
      expectOk(await motions.recordJointMeeting(c.secretary.caller, motionId, d.jointMinutes('agree')));
      await waitForState(sql, motionId, 'consulting');
      expect(await consultationForMotion(motionId)).toBeNull();

      // Held: the motion workflow refuses to go on to party review.
      const early = await d.convene('party_members_meeting');
      expect(early.r).toMatchObject({ ok: false });

      // Only the party secretary opens the motion's consultation; it takes the motion's catalogue item.
      const consultationId = randomUUID();
      const input = { consultationId, title: '3号楼垃圾投放点搬迁', description: '议案要求先协商。', dayMs: DAY };
      expect(await startConsultationForMotion(as(c.director), motionId, input)).toMatchObject({
        ok: false,
        key: 'consultation.ui.errors.onlySecretaryForMotion',
      });
      expect(await startConsultationForMotion(as(c.secretary), motionId, input)).toEqual({ ok: true, id: consultationId });
      expect(await startConsultationForMotion(as(c.secretary), motionId, input)).toEqual({ ok: true, id: consultationId }); // resent form
      expect(await startConsultationForMotion(as(c.secretary), motionId, { ...input, consultationId: randomUUID() })).toMatchObject({
        ok: false,
        key: 'consultation.ui.errors.motionHasConsultation',
      });
      const [m] = await sql<{ snapshot: { consultation: { id?: string; completed: boolean } } }[]>`select snapshot from motions where id = ${motionId}`;
      expect(m!.snapshot.consultation).toMatchObject({ id: consultationId, completed: false });
      const [row] = await sql`select motion_id, catalogue_item_id from consultations where id = ${consultationId}`;
      expect(row).toMatchObject({ motion_id: motionId, catalogue_item_id: env01.id });

      await runUntilOutcomeReady(c, consultationId);
      // Everything done but the publication: still held.
      await sleep(500);
      expect(await stateOf(sql, motionId)).toBe('consulting');
      expect(await consultationForMotion(motionId)).toMatchObject({ id: consultationId, state: 'meeting_held', outcomePublishedAt: null });
      expect((await d.convene('party_members_meeting')).r).toMatchObject({ ok: false });

      // The outcome is published: the consultation workflow signals the motion, which moves on.
      expect(await sendConsultationCommand(as(c.secretary), consultationId, { action: 'publishOutcome' }, randomUUID())).toEqual({ ok: true });
      await waitForState(sql, motionId, 'party_review');
      const link = await consultationForMotion(motionId);
      expect(link).toMatchObject({ id: consultationId, state: 'outcome_published', url: `/c/${c.slug}/consultations/${consultationId}` });
      expect(link!.outcomePublishedAt).toBeGreaterThan(0);
      const events = await sql`select action from motion_events where motion_id = ${motionId} order by step`;
      expect(events.map((e) => e.action)).toContain('consultationCompleted');
      const [released] = await sql`select 1 from consultation_events where consultation_id = ${consultationId} and action = 'motionReleased'`;
      expect(released).toBeTruthy();
      expectOk((await d.convene('party_members_meeting')).r);
    } finally {
      await worker.stop();
    }
  });
});
