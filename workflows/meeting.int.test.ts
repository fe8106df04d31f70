/**
 * A meeting with an agenda on the real Temporal dev server and PostgreSQL (issue 12, decision 043):
 * attendance taken once, item counts that count only when a second person typed the same numbers, a
 * mismatch that counts nothing, and a worker killed between entry and confirmation that loses neither.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporal as proto } from '@temporalio/proto';
import * as meetings from '../app/meetings.server';
import { closeTemporal, temporal } from '../app/temporal.server';
import { itemCountSchema, attendanceEntrySchema, meetingConveneFormSchema } from '../domain/meeting/schemas';
import { startTestWorker, testSql, type TestWorker } from '../scripts/test-setup/services';
import { motionWorkflowId } from './api';
import { meetingWorkflowId } from './meeting-api';
import { MotionDriver, expectOk, fastSettings, key, setupCommunity, sleep, stateOf, waitFor, waitForState, type TestCommunity } from './motion.testkit';

const sql = testSql();
afterAll(async () => {
  await closeTemporal();
  await sql.end();
});

const DAY = 1_000;

// Recorded for workflows/meeting-replay.int.test.ts when MINYI_RECORD_HISTORIES=1 (or none is there yet).
const historiesDir = join(dirname(fileURLToPath(import.meta.url)), '__histories__');
const record = process.env.MINYI_RECORD_HISTORIES === '1' || !readdirSync(historiesDir).some((f) => f.startsWith('meeting-'));
async function saveHistory(name: string, workflowId: string) {
  if (!record && existsSync(join(historiesDir, `meeting-${name}.json`))) return;
  const history = await (await temporal()).workflow.getHandle(workflowId).fetchHistory();
  const bytes = proto.api.history.v1.History.encode(history).finish();
  writeFileSync(
    join(historiesDir, `meeting-${name}.json`),
    JSON.stringify({ workflowId, historyBase64: Buffer.from(bytes).toString('base64') }, null, 1) + '\n',
  );
}

/** A community with `n` motions at `resolving` (representatives' meeting), all on one worker's queue. */
async function resolvingMotions(c: TestCommunity, queue: string, n: number, titles: string[]) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = new MotionDriver(sql, c, queue, fastSettings(DAY));
    d.quickNotices = true;
    await d.create({ title: titles[i] ?? `议题${i + 1}` });
    await d.toResolving();
    ids.push(d.motionId);
  }
  return ids;
}

async function convene(c: TestCommunity, queue: string, inMs = 1_500) {
  const opensAt = Date.now() + inMs;
  const form = meetingConveneFormSchema.parse({
    idempotencyKey: key(),
    body: 'representatives_meeting',
    title: '2026年第四次居民代表会议',
    opensAt: '2026-12-01T19:00',
    location: '社区议事厅',
    channels: ['notice_board', 'app'],
    chairId: c.director.id,
  });
  const r = await meetings.conveneSharedMeeting(c.director.caller, { ...form, opensAtMs: opensAt, noticeAt: Date.now() - 12 * DAY }, { taskQueue: queue });
  expectOk(r);
  return { meetingId: r.meetingId, opensAt };
}

const sheet = (present: number, electorate: number, proxies = 0) =>
  attendanceEntrySchema.parse({ idempotencyKey: key(), present, electorate, proxies, scanRef: 'sign-in-sheet-7' });
const attendance = (ids: string[]) => attendanceEntrySchema.parse({ idempotencyKey: key(), presentIds: ids, scanRef: 'sign-in-001' });
const counts = (motionId: string, yes: number, no: number, abstain = 0, recusedIds: string[] = []) =>
  itemCountSchema.parse({ idempotencyKey: key(), motionId, yes, no, abstain, recusedIds, scanRef: 'sign-in-001' });
const entriesOf = (meetingId: string, subject: string) =>
  sql<{ status: string; enteredBy: string; confirmedBy: string | null }[]>`
    select status, entered_by as "enteredBy", confirmed_by as "confirmedBy" from meeting_count_entries
    where meeting_id = ${meetingId} and subject = ${subject} order by entered_at`;

describe.concurrent('a meeting with an agenda', () => {
  it('counts do not count until a second person confirms them; a mismatch counts nothing', async () => {
    const worker = await startTestWorker(sql);
    try {
      const c = await setupCommunity(sql);
      const [a, b] = await resolvingMotions(c, worker.taskQueue, 2, ['社区养老服务项目', '安装监控']);
      const { meetingId, opensAt } = await convene(c, worker.taskQueue, 6_000);
      for (const motionId of [a!, b!]) expectOk(await meetings.addAgendaItem(c.director.caller, meetingId, { idempotencyKey: key(), motionId, noticeAt: Date.now() - 12 * DAY }));
      // A resident cannot set the agenda; the same motion is not put on twice.
      expect(await meetings.addAgendaItem(c.resident.caller, meetingId, { idempotencyKey: key(), motionId: a! })).toEqual({ ok: false, key: 'motion.errors.notPermitted' });
      expect(await meetings.addAgendaItem(c.director.caller, meetingId, { idempotencyKey: key(), motionId: a! })).toEqual({ ok: false, key: 'meeting.errors.alreadyOnAgenda' });
      // Each motion's own meeting row names the shared meeting.
      expect((await sql`select count(*)::int as n from motion_meetings where shared_meeting_id = ${meetingId}`)[0]!.n).toBe(2);

      const everyone = c.voters.map((p) => p.id);
      expect(await meetings.enterAttendance(c.director.caller, meetingId, attendance(everyone))).toEqual({ ok: false, key: 'meeting.errors.meetingNotOpen' });
      await sleep(opensAt - Date.now() + 50);

      // Attendance, once: awaiting until someone else types the same list.
      expect(await meetings.enterAttendance(c.director.caller, meetingId, attendance(everyone))).toEqual({ ok: true, status: 'awaiting' });
      expect(await meetings.enterItemCount(c.director.caller, meetingId, counts(a!, 4, 2))).toEqual({ ok: false, key: 'meeting.errors.attendanceFirst' });
      expect(await meetings.enterAttendance(c.resident.caller, meetingId, attendance(everyone))).toEqual({ ok: false, key: 'meeting.errors.mayNotConfirm' });
      expect(await meetings.enterAttendance(c.committee[0]!.caller, meetingId, attendance([...everyone].reverse()))).toEqual({ ok: true, status: 'confirmed' });
      expect(await meetings.enterAttendance(c.committee[1]!.caller, meetingId, attendance(everyone))).toEqual({ ok: false, key: 'meeting.errors.alreadyConfirmed' });

      // Item A: typed once → nothing counts; a mismatch → nothing counts, both entries kept.
      expect(await meetings.enterItemCount(c.director.caller, meetingId, counts(a!, 4, 2))).toEqual({ ok: true, status: 'awaiting' });
      expect(await meetings.enterItemCount(c.director.caller, meetingId, counts(a!, 7, 0))).toEqual({ ok: false, key: 'motion.errors.votesExceedPresent' });
      expect(await meetings.enterItemCount(c.committee[0]!.caller, meetingId, counts(a!, 5, 1))).toEqual({ ok: true, status: 'mismatch' });
      await sleep(500);
      expect(await stateOf(sql, a!)).toBe('resolving');
      expect((await entriesOf(meetingId, a!)).map((e) => e.status)).toEqual(['mismatch', 'mismatch']);
      const [itemA] = await sql`select counts, tally, delivered from meeting_items where meeting_id = ${meetingId} and motion_id = ${a!}`;
      expect(itemA).toMatchObject({ counts: { status: 'mismatch' }, tally: null, delivered: null });

      // Typed again and confirmed by a supervisor: now it counts, and the motion decides.
      expect(await meetings.enterItemCount(c.committee[0]!.caller, meetingId, counts(a!, 4, 2))).toEqual({ ok: true, status: 'awaiting' });
      expect(await stateOf(sql, a!)).toBe('resolving');
      expect(await meetings.enterItemCount(c.supervisor.caller, meetingId, counts(a!, 4, 2))).toEqual({ ok: true, status: 'confirmed' });
      await waitForState(sql, a!, 'resolution_disclosed');
      const [mA] = await sql`select outcome, details from motion_meetings where shared_meeting_id = ${meetingId} and motion_id = ${a!}`;
      expect(mA!.outcome).toMatchObject({ kind: 'passed', expected: 6, present: 6, yes: 4, no: 2 });
      expect(mA!.details).toMatchObject({ enteredBy: c.committee[0]!.id, confirmedBy: c.supervisor.id, sharedMeetingId: meetingId });
      expect((await entriesOf(meetingId, a!)).map((e) => e.status)).toEqual(['mismatch', 'mismatch', 'confirmed']);

      // Item B: one stood aside; 2 of 5 is not more than half — it fails, and its outcome is recorded too.
      const rep = c.representatives[0]!.id;
      expect(await meetings.enterItemCount(c.director.caller, meetingId, counts(b!, 2, 3, 0, [rep]))).toEqual({ ok: true, status: 'awaiting' });
      expect(await meetings.enterItemCount(c.supervisor.caller, meetingId, counts(b!, 2, 3, 0, [rep]))).toEqual({ ok: true, status: 'confirmed' });
      await waitForState(sql, b!, 'resolution_disclosed');
      const [mB] = await sql`select outcome from motion_meetings where shared_meeting_id = ${meetingId} and motion_id = ${b!}`;
      expect(mB!.outcome).toMatchObject({ kind: 'notPassed', expected: 5, present: 5, yes: 2 });
      const [snapB] = await sql<{ snapshot: { resolution: { passed: boolean } } }[]>`select snapshot from motions where id = ${b!}`;
      expect(snapB!.snapshot.resolution.passed).toBe(false);

      // Every item decided: the meeting's workflow completes; its items carry the motions' answers.
      await (await temporal()).workflow.getHandle(meetingWorkflowId(meetingId)).result();
      const items = await sql`select motion_id, delivered from meeting_items where meeting_id = ${meetingId} order by position`;
      expect(items.map((i) => i.delivered)).toEqual([
        { ok: true, outcome: 'passed', state: 'resolution_disclosed' },
        { ok: true, outcome: 'notPassed', state: 'resolution_disclosed' },
      ]);
      await saveHistory('agenda-mismatch-confirmed', meetingWorkflowId(meetingId));
      await saveHistory('agenda-motion-passed', motionWorkflowId(a!));
    } finally {
      await worker.stop();
    }
  });

  it('a worker killed between entry and confirmation loses neither', async () => {
    let worker: TestWorker = await startTestWorker(sql);
    const queue = worker.taskQueue;
    try {
      const c = await setupCommunity(sql);
      const [a] = await resolvingMotions(c, queue, 1, ['屋顶维修']);
      // A representative whose office ends today (edge #4): on the roster with the day they leave;
      // at a meeting held before then they count like anyone else.
      const leaving = c.representatives[1]!;
      await sql`update memberships set ends_on = current_date, ended_at = now(), end_reason = '任期届满'
                where user_id = ${leaving.id} and role = 'resident_representative'`;
      const { meetingId, opensAt } = await convene(c, queue);
      expectOk(await meetings.addAgendaItem(c.director.caller, meetingId, { idempotencyKey: key(), motionId: a!, noticeAt: Date.now() - 12 * DAY }));
      await sleep(opensAt - Date.now() + 50);
      const present = c.voters.slice(0, 5).map((p) => p.id);
      expect(await meetings.enterAttendance(c.director.caller, meetingId, attendance(present))).toEqual({ ok: true, status: 'awaiting' });
      await worker.stop();

      worker = await startTestWorker(sql, queue);
      expect(await meetings.enterAttendance(c.supervisor.caller, meetingId, attendance(present))).toEqual({ ok: true, status: 'confirmed' });
      expect(await meetings.enterItemCount(c.director.caller, meetingId, counts(a!, 3, 1, 1))).toEqual({ ok: true, status: 'awaiting' });
      await worker.stop();
      await sleep(300);
      expect(await stateOf(sql, a!)).toBe('resolving');

      worker = await startTestWorker(sql, queue);
      expect(await meetings.enterItemCount(c.committee[1]!.caller, meetingId, counts(a!, 3, 1, 1))).toEqual({ ok: true, status: 'confirmed' });
      await waitForState(sql, a!, 'resolution_disclosed');
      const [m] = await sql`select outcome from motion_meetings where shared_meeting_id = ${meetingId}`;
      expect(m!.outcome).toMatchObject({ kind: 'passed', expected: 6, present: 5, yes: 3 });
      const [row] = await sql<{ roster: { personId: string; leftAt?: number }[] }[]>`select roster from meetings where id = ${meetingId}`;
      expect(row!.roster.find((p) => p.personId === leaving.id)!.leftAt).toBeGreaterThan(opensAt);
      await waitFor(async () => (await sql`select delivered from meeting_items where meeting_id = ${meetingId}`)[0]?.delivered);
    } finally {
      await worker.stop();
    }
  });

});

// Alone, after the two above: three meetings at once miss the 6-second opening under a shared machine's load.
describe('numbers-only attendance', () => {
  it('a paper sign-in sheet entered as numbers only waits for a second person and survives a worker kill', async () => {
    let worker: TestWorker = await startTestWorker(sql);
    const queue = worker.taskQueue;
    try {
      const c = await setupCommunity(sql);
      const [a] = await resolvingMotions(c, queue, 1, ['更换公告栏']);
      const { meetingId, opensAt } = await convene(c, queue);
      expectOk(await meetings.addAgendaItem(c.director.caller, meetingId, { idempotencyKey: key(), motionId: a!, noticeAt: Date.now() - 12 * DAY }));
      await sleep(opensAt - Date.now() + 50);
      // Proxies never count at these bodies (§3.3): the form refuses them before anything is sent.
      expect(attendanceEntrySchema.safeParse({ idempotencyKey: key(), present: 5, electorate: 6, proxies: 2, scanRef: 's' }).error?.issues[0]?.message).toBe(
        'meeting.errors.noProxies',
      );
      // The entitled number must be the frozen roster's (6); a resident may not enter at all.
      expect(await meetings.enterAttendance(c.director.caller, meetingId, sheet(5, 7))).toEqual({
        ok: false,
        key: 'meeting.errors.entitledMismatch',
        params: { expected: 6 },
      });
      expect(await meetings.enterAttendance(c.resident.caller, meetingId, sheet(5, 6))).toEqual({ ok: false, key: 'motion.errors.notPermitted' });
      expect(await meetings.enterAttendance(c.supervisor.caller, meetingId, sheet(5, 6))).toEqual({ ok: false, key: 'motion.errors.notPermitted' });
      expect(await meetings.enterAttendance(c.director.caller, meetingId, sheet(5, 6))).toEqual({ ok: true, status: 'awaiting' });
      expect((await entriesOf(meetingId, 'attendance')).map((e) => e.status)).toEqual(['awaiting']);
      await worker.stop();

      worker = await startTestWorker(sql, queue);
      // The same person cannot confirm their own sheet; a resident cannot confirm.
      expect(await meetings.enterAttendance(c.director.caller, meetingId, sheet(5, 6))).toEqual({ ok: true, status: 'awaiting' });
      expect(await meetings.enterAttendance(c.resident.caller, meetingId, sheet(5, 6))).toEqual({ ok: false, key: 'meeting.errors.mayNotConfirm' });
      expect(await meetings.enterItemCount(c.director.caller, meetingId, counts(a!, 4, 1))).toEqual({ ok: false, key: 'meeting.errors.attendanceFirst' });
      expect(await meetings.enterAttendance(c.supervisor.caller, meetingId, sheet(5, 6))).toEqual({ ok: true, status: 'confirmed' });
      const [row] = await sql`select attendance from meetings where id = ${meetingId}`;
      expect(row!.attendance).toMatchObject({ status: 'confirmed', entry: { counts: { present: 5, electorate: 6 } } });

      // One representative stands aside: out of this item's present count and denominator (5 → 4 of 6 → 5).
      const rep = c.representatives[0]!.id;
      expect(await meetings.enterItemCount(c.director.caller, meetingId, counts(a!, 4, 1, 0, [rep]))).toEqual({ ok: false, key: 'motion.errors.votesExceedPresent' });
      expect(await meetings.enterItemCount(c.director.caller, meetingId, counts(a!, 3, 1, 0, [rep]))).toEqual({ ok: true, status: 'awaiting' });
      expect(await meetings.enterItemCount(c.committee[0]!.caller, meetingId, counts(a!, 3, 1, 0, [rep]))).toEqual({ ok: true, status: 'confirmed' });
      await waitForState(sql, a!, 'resolution_disclosed');
      const [m] = await sql`select outcome from motion_meetings where shared_meeting_id = ${meetingId}`;
      expect(m!.outcome).toMatchObject({ kind: 'passed', expected: 5, present: 4, yes: 3, no: 1 });
      await (await temporal()).workflow.getHandle(meetingWorkflowId(meetingId)).result();
      await saveHistory('agenda-numbers-only', meetingWorkflowId(meetingId));
    } finally {
      await worker.stop();
    }
  });
});
