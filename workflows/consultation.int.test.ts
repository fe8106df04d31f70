/**
 * A whole consultation on the real Temporal dev server and PostgreSQL, with second-long days:
 * catalogue published, topic set and published, opinions (signed in and by one-time code) within
 * the window, the worker killed and replaced mid-way, meeting, outcome reviewed and published
 * (public disclosure, anonymous opinions), implementation feedback, closed. The histories of these
 * runs are written to workflows/__histories__/ for the replay test when MINYI_RECORD_HISTORIES=1
 * (or when none is there yet).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporal as proto } from '@temporalio/proto';
import {
  approveCatalogue,
  answerOpinion,
  consultationPage,
  issueCodes,
  leaveOpinion,
  leaveOpinionWithCode,
  publicConsultation,
  saveCatalogueItem,
  sendConsultationCommand,
  startConsultation,
  submitCatalogue,
  catalogueItemsFor,
  type Caller,
} from '../app/consultations.server';
import { closeTemporal, temporal } from '../app/temporal.server';
import { closeDb } from '../db/client.server';
import { DEMO_CATALOGUE_ITEMS } from '../domain/consultation';
import { createCommunity, createStreet, createUser } from '../scripts/test-setup/fixtures';
import { sleep, until } from '../scripts/test-setup/wait';
import { startTestWorker, testSql } from '../scripts/test-setup/services';
import { consultationWorkflowId } from './consultation-api';

const DAY = 1000;
const sql = testSql();
const historiesDir = join(dirname(fileURLToPath(import.meta.url)), '__histories__');
const record = process.env.MINYI_RECORD_HISTORIES === '1' || !readdirSync(historiesDir).some((f) => f.startsWith('consultation-'));

afterAll(async () => {
  await closeTemporal();
  await closeDb();
  await sql.end();
});


async function setup() {
  const street = await createStreet(sql);
  const c = await createCommunity(sql, street.id);
  await sql`update communities set settings = ${sql.json({ dayMs: DAY })} where id = ${c.id}`;
  const mk = async (roles: Parameters<typeof createUser>[1][number]['role'][]) => {
    const u = await createUser(sql, roles.map((role) => ({ role, communityId: c.id, streetOfficeId: street.id })));
    return { userId: u.id, roles, communityId: c.id } satisfies Caller;
  };
  return {
    street,
    c,
    secretary: await mk(['party_secretary', 'party_member']),
    director: await mk(['committee_member']),
    supervisor: await mk(['supervisor']),
    resident: await mk(['resident']),
    representative: await mk(['resident', 'resident_representative']),
  };
}

async function publishDemoCatalogue(p: Awaited<ReturnType<typeof setup>>) {
  for (const item of DEMO_CATALOGUE_ITEMS) expect(await saveCatalogueItem(p.director, 2026, item)).toEqual({ ok: true });
  expect(await submitCatalogue(p.director, 2026)).toEqual({ ok: true });
  expect(await approveCatalogue(p.secretary, 2026)).toEqual({ ok: true, version: 1 });
  return catalogueItemsFor(p.c.id, 2026);
}

const key = () => randomUUID();

async function saveHistory(name: string, consultationId: string) {
  if (!record) return;
  const client = await temporal();
  const history = await client.workflow.getHandle(consultationWorkflowId(consultationId)).fetchHistory();
  const bytes = proto.api.history.v1.History.encode(history).finish();
  // Binary protobuf in base64 inside JSON: exact, and independent of protobufjs JSON quirks.
  writeFileSync(
    join(historiesDir, `consultation-${name}.json`),
    JSON.stringify({ workflowId: consultationWorkflowId(consultationId), historyBase64: Buffer.from(bytes).toString('base64') }, null, 1) + '\n',
  );
}

describe('a whole consultation with second-long days', () => {
  it('runs from topic to closed, survives a worker kill, keeps opinions out of history, and publishes anonymously', async () => {
    let worker = await startTestWorker(sql);
    process.env.MINYI_TASK_QUEUE = worker.taskQueue;
    try {
      const p = await setup();
      const items = await publishDemoCatalogue(p);
      const env01 = items.find((i) => i.code === 'ENV-01')!;
      const id = randomUUID();
      expect(
        await startConsultation(p.secretary, {
          consultationId: id,
          title: '3号楼垃圾投放点搬迁',
          description: '投放点离住户窗户太近，拟搬到自行车棚旁。',
          catalogueItemId: env01.id,
        }),
      ).toEqual({ ok: true, id });
      // A resent form (same key) is a no-op.
      expect(await startConsultation(p.secretary, { consultationId: id, title: '3号楼垃圾投放点搬迁', description: '同上', catalogueItemId: env01.id })).toEqual({
        ok: true,
        id,
      });
      const send = (who: Caller, command: Parameters<typeof sendConsultationCommand>[2], k = key()) =>
        sendConsultationCommand(who, id, command, k);

      // Refusals come back as i18n keys and change nothing.
      expect(await send(p.secretary, { action: 'publishTopic' })).toMatchObject({ ok: false, key: 'consultation.errors.partiesNotFixed' });
      expect(await send(p.resident, { action: 'fixParties', parties: [{ type: 'affected_residents', name: '3号楼居民' }] })).toMatchObject({
        ok: false,
        key: 'consultation.errors.roleNotAllowed',
      });
      expect(await send(p.director, { action: 'fixParties', parties: [{ type: 'deputies', name: '人大代表' }] })).toMatchObject({
        ok: false,
        key: 'consultation.errors.partyNotInCatalogue',
      });
      const fixKey = key();
      const parties = [
        { type: 'affected_residents' as const, name: '3号楼居民' },
        { type: 'property_company' as const, name: '幸福物业公司' },
      ];
      expect(await send(p.director, { action: 'fixParties', parties }, fixKey)).toEqual({ ok: true });
      expect(await send(p.director, { action: 'fixParties', parties }, fixKey)).toEqual({ ok: true }); // same key: deduplicated
      expect(await leaveOpinion(p.resident, id, randomUUID(), '太早了')).toMatchObject({ ok: false, key: 'consultation.ui.errors.opinionsClosed' });
      expect(await send(p.secretary, { action: 'publishTopic' })).toEqual({ ok: true });
      const codes = await issueCodes(p.director, id, 2);
      if (!codes.ok) throw new Error(codes.key);
      expect(await send(p.director, { action: 'openCollection' })).toEqual({ ok: true });

      // Opinions: signed in, by code (once), and refused for those who are not residents.
      const op1 = randomUUID();
      expect(await leaveOpinion(p.resident, id, op1, '同意搬迁，我的电话13912345678，住5号楼2单元301室')).toEqual({ ok: true });
      expect(await leaveOpinion(p.resident, id, op1, '同意搬迁，我的电话13912345678，住5号楼2单元301室')).toEqual({ ok: true }); // resent
      expect(await leaveOpinion(p.representative, id, randomUUID(), '车棚旁边也有人住，请再考虑。')).toEqual({ ok: true });
      expect(await leaveOpinion(p.director, id, randomUUID(), '我也想说')).toMatchObject({ ok: false, key: 'consultation.ui.errors.onlyResidents' });
      expect(await leaveOpinion(p.resident, id, randomUUID(), '')).toMatchObject({ ok: false, key: 'consultation.errors.opinionRequired' });
      const byCode = randomUUID();
      expect(await leaveOpinionWithCode(p.c.id, id, byCode, codes.codes[0]!.toLowerCase(), '希望晚上也能扔垃圾。')).toEqual({ ok: true });
      expect(await leaveOpinionWithCode(p.c.id, id, randomUUID(), codes.codes[0]!, '再说一次')).toMatchObject({
        ok: false,
        key: 'consultation.ui.errors.codeInvalid',
      });
      expect(await leaveOpinionWithCode(p.c.id, id, randomUUID(), 'ZZZZ-ZZZZ', '猜一个')).toMatchObject({ ok: false, key: 'consultation.ui.errors.codeInvalid' });

      // The meeting cannot be scheduled while opinions are being collected.
      expect(await send(p.director, { action: 'scheduleMeeting', meetingAt: Date.now() + 60_000, form: 'dialogue', place: '社区活动室' })).toMatchObject({
        ok: false,
        key: 'consultation.errors.commentPeriodRunning',
      });

      // Kill the worker mid-way; a new one takes over the timers and the Updates.
      await worker.stop();
      worker = await startTestWorker(sql, worker.taskQueue);

      const page1 = await consultationPage(p.director, id);
      const closesAt = page1!.opinionsCloseAt!;
      await until('the opinion window timer', async () => {
        const [r] = await sql`select 1 from consultation_events where consultation_id = ${id} and action = 'timer:opinionWindowClosed'`;
        return r;
      });
      expect(Date.now()).toBeGreaterThanOrEqual(closesAt);
      expect(await leaveOpinion(p.resident, id, randomUUID(), '晚了')).toMatchObject({ ok: false, key: 'consultation.ui.errors.opinionWindowEnded' });
      const [task] = await sql`select assignee_role, done_at from tasks where subject_id = ${id} and kind = 'consultation.task.scheduleMeeting'`;
      expect(task).toMatchObject({ assignee_role: 'committee_member', done_at: null });

      const meetingAt = Date.now() + 4000;
      expect(await send(p.director, { action: 'scheduleMeeting', meetingAt, form: 'hearing', place: '社区活动室' })).toMatchObject({
        ok: false,
        key: 'consultation.errors.formNotInCatalogue',
      });
      expect(await send(p.director, { action: 'scheduleMeeting', meetingAt, form: 'dialogue', place: '社区活动室' })).toEqual({ ok: true });
      expect(await send(p.director, { action: 'recordMeeting', attendees: 23, positions: [{ party: '3号楼居民', position: '同意' }] })).toMatchObject({
        ok: false,
        key: 'consultation.errors.meetingNotYetHeld',
      });
      await sleep(meetingAt - Date.now() + 50);
      expect(
        await send(p.director, {
          action: 'recordMeeting',
          attendees: 23,
          positions: [
            { party: '3号楼居民', position: '多数同意搬到车棚旁，要求加装遮雨棚。' },
            { party: '幸福物业公司', position: '同意，负责每日清运两次。' },
          ],
          agreements: '投放点搬到自行车棚旁，加装遮雨棚。',
          disagreements: '车棚旁两户担心气味。',
          strawPoll: { yes: 19, no: 2, abstain: 2 },
        }),
      ).toEqual({ ok: true });

      // The committee answers each opinion, once; residents cannot.
      const all = (await consultationPage(p.director, id))!.opinions!;
      expect(all).toHaveLength(3);
      for (const o of all) expect(await answerOpinion(p.director, id, o.id, '已在协商会上讨论，见协商结果。')).toEqual({ ok: true });
      expect(await answerOpinion(p.director, id, all[0]!.id, '再答一次')).toMatchObject({ ok: false, key: 'consultation.errors.alreadyAnswered' });
      expect(await answerOpinion(p.resident, id, all[0]!.id, '我来答')).toMatchObject({ ok: false, key: 'consultation.errors.roleNotAllowed' });

      expect(await send(p.director, { action: 'draftOutcome', text: '投放点搬到自行车棚旁，物业加装遮雨棚并每日清运两次。' })).toEqual({ ok: true });
      expect(await send(p.director, { action: 'publishOutcome' })).toMatchObject({ ok: false, key: 'consultation.errors.awaitingSupervisorReview' });
      expect(await send(p.director, { action: 'reviewOutcome', verdict: 'approved' })).toMatchObject({ ok: false, key: 'consultation.errors.roleNotAllowed' });
      expect(await send(p.supervisor, { action: 'reviewOutcome', verdict: 'approved', note: '' })).toEqual({ ok: true });
      expect(await send(p.secretary, { action: 'publishOutcome' })).toEqual({ ok: true });

      // Public: topic, outcome, opinions without names, personal data masked; on the disclosure chain.
      const pub = (await publicConsultation(p.c.id, id))!;
      expect(pub.state).toBe('outcome_published');
      expect(pub.outcome).toMatchObject({ reviewed: true });
      expect(pub.opinions).toHaveLength(3);
      const text = JSON.stringify(pub);
      expect(text).not.toContain(p.resident.userId);
      expect(text).not.toContain('13912345678');
      expect(text).toContain('139****5678');
      const disclosures = await sql`select kind from disclosures where subject_type = 'consultation' and subject_id = ${id} order by seq`;
      expect(disclosures.map((d) => d.kind)).toEqual(['consultation_topic', 'consultation_outcome']);

      // Feedback after the outcome's display period, then closed: the workflow ends.
      expect(await send(p.director, { action: 'startFeedback' })).toMatchObject({ ok: false, key: 'consultation.errors.outcomeStillOnDisplay' });
      await until('the display period', async () => (await consultationPage(p.director, id))!.actions.find((a) => a.action === 'startFeedback')?.enabled, 15_000);
      expect(await send(p.director, { action: 'startFeedback' })).toEqual({ ok: true });
      expect(await send(p.director, { action: 'close' })).toMatchObject({ ok: false, key: 'consultation.errors.finalFeedbackMissing' });
      expect(await send(p.director, { action: 'reportFeedback', text: '遮雨棚已装好，投放点已启用。', final: true })).toEqual({ ok: true });
      expect(await send(p.secretary, { action: 'close' })).toEqual({ ok: true });
      const client = await temporal();
      expect(await client.workflow.getHandle(consultationWorkflowId(id)).result()).toEqual({ state: 'closed' });
      const [row] = await sql`select state, step from consultations where id = ${id}`;
      expect(row!.state).toBe('closed');

      // Opinions never entered the workflow history.
      const history = await client.workflow.getHandle(consultationWorkflowId(id)).fetchHistory();
      const raw = Buffer.from(proto.api.history.v1.History.encode(history).finish());
      expect(raw.includes(Buffer.from('同意搬迁'))).toBe(false);
      expect(raw.includes(Buffer.from('3号楼居民'))).toBe(true); // payloads are plain JSON bytes: the check can see text
      expect(history.events!.length).toBeLessThan(400);
      await saveHistory('full', id);
    } finally {
      await worker.stop();
    }
  });

  it('lets the secretary cancel with a reason; cancelled consultations accept nothing more', async () => {
    const worker = await startTestWorker(sql);
    process.env.MINYI_TASK_QUEUE = worker.taskQueue;
    try {
      const p = await setup();
      const id = randomUUID();
      expect(await startConsultation(p.director, { consultationId: id, title: '楼道灯改造', description: '更换为声控灯。' })).toEqual({ ok: true, id });
      expect(await sendConsultationCommand(p.director, id, { action: 'fixParties', parties: [{ type: 'affected_residents', name: '1号楼居民' }] }, key())).toEqual({
        ok: true,
      });
      expect(await sendConsultationCommand(p.director, id, { action: 'cancel', reason: '不需要' }, key())).toMatchObject({ ok: false });
      expect(await sendConsultationCommand(p.secretary, id, { action: 'cancel', reason: '' }, key())).toMatchObject({
        ok: false,
        key: 'consultation.errors.reasonRequired',
      });
      expect(await sendConsultationCommand(p.secretary, id, { action: 'cancel', reason: '街道统一改造，不再单独协商。' }, key())).toEqual({ ok: true });
      const client = await temporal();
      expect(await client.workflow.getHandle(consultationWorkflowId(id)).result()).toEqual({ state: 'cancelled' });
      await saveHistory('cancelled', id);
      expect(existsSync(historiesDir)).toBe(true);
    } finally {
      await worker.stop();
    }
  });
});
