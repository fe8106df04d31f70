/**
 * A paused implementation on the real Temporal dev server and PostgreSQL (DOMAIN.md §3.5, edges #14
 * and #22, decision 062): the street office lifts its own contest, but never a budget overrun; an
 * amending motion (`amends`) goes through 四议 and, once its resolution is in force, resumes the
 * original's implementation with its budget. Both motions' rows link each other.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signIn } from '../app/auth.server';
import * as motions from '../app/motions.server';
import * as newMotionPage from '../app/routes/c.$communityId.motions.new';
import * as boardPage from '../app/routes/p.$communityId.d.$disclosureId';
import { closeDb } from '../db/client.server';
import { TEST_PASSWORD } from '../scripts/test-setup/fixtures';
import { closeTemporal, temporal } from '../app/temporal.server';
import { resumeImplementationSchema } from '../domain/motion/schemas';
import type { MotionSnapshot } from '../domain/motion/stages';
import { withMotion } from '../scripts/test-setup/motion';
import { testSql } from '../scripts/test-setup/services';
import { motionWorkflowId } from './api';
import { MotionDriver, draftInput, expectOk, fastSettings, historyToJson, key, waitFor, waitForState, type TestCommunity } from './motion.testkit';

const sql = testSql();
afterAll(async () => {
  await closeTemporal();
  await closeDb();
  await sql.end();
});

const historyFile = join(dirname(fileURLToPath(import.meta.url)), '__histories__', 'motion-amended-resumed.json');
const snapshotOf = async (id: string) => (await sql<{ snapshot: MotionSnapshot }[]>`select snapshot from motions where id = ${id}`)[0]!.snapshot;
const resume = () => resumeImplementationSchema.parse({ idempotencyKey: key(), reasons: '经法律审查，决议合法，恢复办理。' });

async function passOnline(d: MotionDriver, c: TestCommunity) {
  await d.toResolving();
  const vote = await d.scheduleVote();
  await d.untilOpen(vote.opensAt);
  for (const p of c.voters) expectOk(await d.vote(p, vote.questionId));
}

describe('a paused implementation', () => {
  it('is resumed by the street office after its contest, by an amending motion after a budget overrun', () =>
    withMotion(sql, fastSettings(1_000, { votingWindowDays: 7 }), async ({ c, d, worker }) => {
      await d.create(); // budget 600,000
      await passOnline(d, c);
      await d.approveDisclosure();
      await waitForState(sql, d.motionId, 'implementing', 30_000);

      // Edge #22: contested by the street office; only the street office resumes it.
      expectOk(await motions.contestResolution(c.street.caller, d.motionId, { idempotencyKey: key(), reasons: '程序有疑问，需法律审查。' }));
      await waitFor(async () => (await snapshotOf(d.motionId)).paused === 'contested', 10_000, 'contested');
      expect(await motions.resumeImplementation(c.director.caller, d.motionId, resume())).toEqual({ ok: false, key: 'motion.errors.notPermitted' });
      expect(await motions.resumeImplementation(c.supervisor.caller, d.motionId, resume())).toEqual({ ok: false, key: 'motion.errors.notPermitted' });
      expectOk(await motions.resumeImplementation(c.street.caller, d.motionId, resume()));
      await waitFor(async () => (await snapshotOf(d.motionId)).paused === undefined, 10_000, 'resumed');
      expect(await motions.resumeImplementation(c.street.caller, d.motionId, resume())).toEqual({ ok: false, key: 'motion.errors.notPaused' });

      // Edge #14: more than 10 % over budget pauses; the street office may not lift that.
      expectOk(await d.progress(660_000.01));
      await waitFor(async () => (await snapshotOf(d.motionId)).paused === 'budgetOverrun', 10_000, 'paused');
      expect(await motions.resumeImplementation(c.street.caller, d.motionId, resume())).toEqual({ ok: false, key: 'motion.errors.resumeNeedsAmendment' });

      // The secretary's new-motion form, opened from the paused motion's page, comes filled with its text.
      const signedIn = await signIn(c.secretary.username!, TEST_PASSWORD);
      if (!signedIn.ok) throw new Error('sign-in');
      const request = new Request(`http://minyi.test/c/${c.slug}/motions/new?amends=${d.motionId}`, { headers: { Cookie: signedIn.cookie.split(';')[0]! } });
      const form = await newMotionPage.loader({ request, params: { communityId: c.slug }, context: {} });
      expect(form.basis).toMatchObject({ kind: 'amends', id: d.motionId, defaults: { estimatedCostYuan: 600_000 } });

      // An amending motion: only of a paused motion of this community, with a note of what changed.
      const a = new MotionDriver(sql, c, worker.taskQueue, fastSettings(1_000, { votingWindowDays: 7 }));
      a.quickNotices = true;
      await a.create({ title: '3号楼加装电梯（调整预算）', estimatedCostYuan: 750_000, amendsMotionId: d.motionId, changeNote: '钢材涨价，预算调整为75万元。' });
      const [row] = await sql`select amends_motion_id from motions where id = ${a.motionId}`;
      expect(row!.amends_motion_id).toBe(d.motionId);
      const other = await motions.createMotion(c.secretary.caller, draftInput({ amendsMotionId: a.motionId, changeNote: '预算调整' }));
      expect(other).toEqual({ ok: false, key: 'motion.errors.amendsNotPaused' });

      // Until the amendment's own resolution is in force, the original stays paused.
      await passOnline(a, c);
      await waitForState(sql, a.motionId, 'resolution_disclosed', 20_000);
      expect((await snapshotOf(d.motionId)).paused).toBe('budgetOverrun');
      await a.approveDisclosure();
      await waitForState(sql, a.motionId, 'closed', 30_000);
      // The board names the link both ways, each side linking to the other's newest disclosure.
      const newest = async (motionId: string) =>
        (await sql<{ id: string }[]>`select id from disclosures where subject_type = 'motion' and subject_id = ${motionId} order by seq desc limit 1`)[0]!.id;
      const board = (disclosureId: string) =>
        boardPage.loader({ request: new Request(`http://minyi.test/p/${c.slug}/d/${disclosureId}`), params: { communityId: c.slug, disclosureId }, context: {} });
      expect((await board(await newest(a.motionId))).related).toEqual([
        expect.objectContaining({ direction: 'basis', kind: 'amends', id: d.motionId, disclosureId: await newest(d.motionId) }),
      ]);
      expect((await board(await newest(d.motionId))).related).toEqual([
        expect.objectContaining({ direction: 'follower', kind: 'amends', id: a.motionId, disclosureId: await newest(a.motionId) }),
      ]);
      await waitFor(async () => (await snapshotOf(d.motionId)).paused === undefined, 15_000, 'resumed by the amendment');
      expect((await snapshotOf(d.motionId)).implementation).toEqual({ approvedBudgetFen: 75_000_000, spentFen: 66_000_001 });
      const [step] = await sql`select details from motion_events where motion_id = ${d.motionId} and action = 'resumeImplementation' order by step desc limit 1`;
      expect(step!.details).toMatchObject({ amendingMotionId: a.motionId, was: 'budgetOverrun' });
      expectOk(await d.complete([{ item: '电梯设备与安装', amountYuan: 720_000 }]));
      await waitForState(sql, d.motionId, 'result_disclosed', 10_000);

      if (process.env.MINYI_RECORD_HISTORIES === '1' || !existsSync(historyFile)) {
        const history = await (await temporal()).workflow.getHandle(motionWorkflowId(a.motionId)).fetchHistory();
        writeFileSync(historyFile, JSON.stringify(historyToJson(history), null, 1) + '\n');
      }
    }));
});
