/**
 * The supervision committee's review before publication (DOMAIN.md §3.7 item 3, decision 074) on the
 * real Temporal dev server and PostgreSQL: nothing is published before review; a supervisor's
 * approval publishes it labelled reviewed; nobody else may approve; publishing unreviewed is refused
 * before 2 working days and allowed after, labelled; a worker stopped while a disclosure awaits review
 * loses nothing. "Days" last two seconds, so 2 working days are 4–10 s (a weekend may fall between).
 */
import { signIn } from '../app/auth.server';
import * as motions from '../app/motions.server';
import * as doAction from '../app/routes/c.$communityId.motions.$motionId.do.$action';
import { TEST_PASSWORD } from '../scripts/test-setup/fixtures';
import { closeTemporal } from '../app/temporal.server';
import { verifyCommunityChain } from '../db/disclosures.server';
import { startTestWorker, testSql } from '../scripts/test-setup/services';
import { withMotion } from '../scripts/test-setup/motion';
import { MotionDriver, expectOk, fastSettings, key, setupCommunity, sleep, stateOf, waitFor, waitForState, type TestCommunity } from './motion.testkit';

const sql = testSql();
afterAll(async () => {
  await closeTemporal();
  await sql.end();
});

const DAY = 2_000;
const disclosuresOf = (motionId: string) =>
  sql<{ kind: string; body: { review?: unknown }; published_at: Date; visible_until: Date }[]>`
    select kind, body, published_at, visible_until from disclosures where subject_id = ${motionId} order by seq`;
const tasksOf = async (userId: string, motionId: string) =>
  (await motions.myTasks(userId)).filter((t) => t.subjectId === motionId).map((t) => t.kind);

/** Posts a review form to the motion's action route as `username`; the HTTP status it answers with. */
async function post(c: TestCommunity, motionId: string, username: string, action: string, fields: Record<string, string>): Promise<number> {
  const signedIn = await signIn(username, TEST_PASSWORD);
  if (!signedIn.ok) throw new Error('sign-in');
  const request = new Request(`http://minyi.test/c/${c.slug}/motions/${motionId}/do/${action}`, {
    method: 'POST',
    headers: { Cookie: signedIn.cookie.split(';')[0]!, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ idempotencyKey: key(), ...fields }),
  });
  try {
    const r = (await doAction.action({ request, params: { communityId: c.slug, motionId, action }, context: {} })) as unknown;
    if (r instanceof Response) return r.status;
    return (r as { init?: { status?: number } }).init?.status ?? 200;
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
}

async function passOnline(d: MotionDriver, c: TestCommunity) {
  await d.create();
  await d.toResolving();
  const vote = await d.scheduleVote();
  await d.untilOpen(vote.opensAt);
  for (const p of c.voters) expectOk(await d.vote(p, vote.questionId));
  await waitForState(sql, d.motionId, 'resolution_disclosed', 30_000);
}

describe.concurrent('a disclosure waits for the supervision committee', () => {
  it('is published only once reviewed, or unreviewed with the label after 2 working days, by the right people only', () =>
    withMotion(sql, fastSettings(DAY, { votingWindowDays: 7 }), async ({ c, d }) => {
      await passOnline(d, c);
      await waitFor(async () => (await d.reviewStatus()) === 'pending', 10_000, 'pending review');
      expect(await disclosuresOf(d.motionId)).toHaveLength(0);
      await waitFor(async () => (await tasksOf(c.supervisor.id, d.motionId)).includes('motion.task.reviewDisclosure'), 10_000, 'supervisor task');

      // Nobody but a supervisor approves or asks for a correction; nobody publishes unreviewed yet.
      for (const p of [c.director, c.secretary, c.committee[0]!, c.resident, c.street, c.representatives[0]!]) {
        expect(await motions.approveDisclosure(p.caller, d.motionId, { idempotencyKey: key() })).toEqual({ ok: false, key: 'motion.errors.notPermitted' });
        expect(await motions.requestDisclosureCorrection(p.caller, d.motionId, { idempotencyKey: key(), correctionReason: '不对' })).toEqual({
          ok: false,
          key: 'motion.errors.notPermitted',
        });
      }
      const early = await motions.publishUnreviewed(c.director.caller, d.motionId, { idempotencyKey: key(), confirmed: true });
      expect(early).toMatchObject({ ok: false, key: 'motion.errors.reviewPeriodRunning' });
      expect(await motions.publishUnreviewed(c.supervisor.caller, d.motionId, { idempotencyKey: key(), confirmed: true })).toEqual({
        ok: false,
        key: 'motion.errors.notPermitted',
      });
      // Through the pages: the role guard refuses a non-supervisor; a correction without a reason is refused by the schema.
      expect(await post(c, d.motionId, c.director.username!, 'approveDisclosure', {})).toBe(403);
      expect(await post(c, d.motionId, c.resident.username!, 'publishUnreviewed', { confirmed: 'on' })).toBe(403);
      expect(await post(c, d.motionId, c.supervisor.username!, 'requestDisclosureCorrection', { correctionReason: ' ' })).toBe(400);
      expect(await post(c, d.motionId, c.director.username!, 'publishUnreviewed', {})).toBe(400); // not confirmed
      expect(await d.reviewStatus()).toBe('pending');

      // A correction is asked for: the committee resubmits; then the supervisor approves with a remark.
      expectOk(await motions.requestDisclosureCorrection(c.supervisor.caller, d.motionId, { idempotencyKey: key(), correctionReason: '应写明弃权人数' }));
      await waitFor(async () => (await tasksOf(c.director.id, d.motionId)).includes('motion.task.resubmitDisclosure'), 10_000, 'resubmit task');
      expect(await motions.approveDisclosure(c.supervisor.caller, d.motionId, { idempotencyKey: key() })).toEqual({
        ok: false,
        key: 'motion.errors.disclosureAwaitsResubmission',
      });
      expectOk(await motions.resubmitDisclosure(c.secretary.caller, d.motionId, { idempotencyKey: key(), correctionNote: '已补充弃权人数' }));
      expect(await disclosuresOf(d.motionId)).toHaveLength(0);
      const approvedAt = Date.now();
      await d.approveDisclosure('内容属实');
      const [first] = await waitFor(async () => {
        const rows = await disclosuresOf(d.motionId);
        return rows.length === 1 && rows;
      }, 10_000, 'published');
      expect(first!.kind).toBe('resolution');
      expect(first!.body.review).toMatchObject({ status: 'reviewed', remark: '内容属实' });
      const reviewedAt = Date.parse((first!.body.review as { reviewedAt: string }).reviewedAt);
      expect(reviewedAt).toBeGreaterThanOrEqual(approvedAt - 1_000);
      // The 7 days run from publication.
      expect(first!.visible_until.getTime() - first!.published_at.getTime()).toBe(7 * DAY);
      expect(first!.published_at.getTime()).toBeGreaterThanOrEqual(reviewedAt);

      // 实施结果公开: nobody reviews it; after 2 working days the director publishes it unreviewed.
      await waitForState(sql, d.motionId, 'implementing', 30_000);
      expectOk(await d.complete([{ item: '电梯设备及安装', amountYuan: 598_000 }]));
      await waitFor(async () => (await d.reviewStatus()) === 'pending', 10_000, 'result pending');
      expect(await motions.publishUnreviewed(c.director.caller, d.motionId, { idempotencyKey: key(), confirmed: true })).toMatchObject({
        ok: false,
        key: 'motion.errors.reviewPeriodRunning',
      });
      await waitFor(async () => (await tasksOf(c.director.id, d.motionId)).includes('motion.task.publishUnreviewed'), 30_000, 'publish-unreviewed task');
      expect(await disclosuresOf(d.motionId)).toHaveLength(1);
      expectOk(await motions.publishUnreviewed(c.director.caller, d.motionId, { idempotencyKey: key(), confirmed: true }));
      const rows = await waitFor(async () => {
        const r = await disclosuresOf(d.motionId);
        return r.length === 2 && r;
      }, 10_000, 'result published');
      expect(rows[1]).toMatchObject({ kind: 'implementation_result', body: { review: { status: 'notReviewed' } } });
      expect(await verifyCommunityChain(sql, c.id)).toMatchObject({ ok: true, length: 2 });
      const [events] = await sql<{ actions: string[] }[]>`
        select array_agg(action order by step) as actions from motion_events where motion_id = ${d.motionId}
          and action in ('requestDisclosureCorrection', 'resubmitDisclosure', 'approveDisclosure', 'publishUnreviewed', 'disclosurePublished')`;
      expect(events!.actions).toEqual([
        'requestDisclosureCorrection',
        'resubmitDisclosure',
        'approveDisclosure',
        'disclosurePublished',
        'publishUnreviewed',
        'disclosurePublished',
      ]);
    }));

  it('loses nothing when the worker stops while a disclosure awaits review', async () => {
    let worker = await startTestWorker(sql);
    const queue = worker.taskQueue;
    try {
      const c = await setupCommunity(sql);
      const d = new MotionDriver(sql, c, queue, fastSettings(DAY, { votingWindowDays: 7 }));
      d.quickNotices = true;
      await passOnline(d, c);
      await waitFor(async () => (await d.reviewStatus()) === 'pending', 10_000, 'pending review');
      await worker.stop(); // awaiting review

      // The review period runs out while no worker runs; nothing is published meanwhile.
      await sleep(10 * DAY + 500);
      expect(await disclosuresOf(d.motionId)).toHaveLength(0);
      expect(await stateOf(sql, d.motionId)).toBe('resolution_disclosed');
      worker = await startTestWorker(sql, queue);
      // The durable deadline fired: the director's task appears; the state and review survived.
      await waitFor(async () => (await tasksOf(c.director.id, d.motionId)).includes('motion.task.publishUnreviewed'), 30_000, 'publish-unreviewed task');
      expect(await d.reviewStatus()).toBe('pending');
      expectOk(await motions.publishUnreviewed(c.secretary.caller, d.motionId, { idempotencyKey: key(), confirmed: true }));
      const [row] = await waitFor(async () => {
        const r = await disclosuresOf(d.motionId);
        return r.length === 1 && r;
      }, 10_000, 'published');
      expect(row!.body.review).toEqual({ status: 'notReviewed' });
      await waitFor(async () => !(await tasksOf(c.director.id, d.motionId)).includes('motion.task.publishUnreviewed'), 10_000, 'task done');
    } finally {
      await worker.stop();
    }
  });
});
