/**
 * Starting a motion from an earlier one, as the party secretary does it on the pages (DOMAIN.md §3.5):
 * a withdrawn (or rejected, lapsed) motion is changed and proposed again; a paused one gets an
 * amending motion. The motion page offers the link to the secretary only; the new-motion form comes
 * filled with the earlier text, asks what changed, and the motion it creates names the earlier one.
 */
import { closeTemporal } from './temporal.server';
import { closeDb } from '../db/client.server';
import { withMotion } from '../scripts/test-setup/motion';
import { testSql } from '../scripts/test-setup/services';
import { fastSettings, waitForState } from '../workflows/motion.testkit';
import * as motionPage from './routes/c.$communityId.motions.$motionId._index';
import * as newMotion from './routes/c.$communityId.motions.new';
import { cookieOf, getWith, postWith, statusOf } from '../scripts/test-setup/route-fixture';

const sql = testSql();
afterAll(async () => {
  await closeTemporal();
  await closeDb();
  await sql.end();
});

const cookie = cookieOf;
const get = getWith;
const post = postWith;
it('a withdrawn motion is changed and proposed again from its page; the form asks what changed; others are not offered it', () =>
  withMotion(sql, fastSettings(1_000), async ({ c, d, worker }) => {
    process.env.MINYI_TASK_QUEUE = worker.taskQueue;
    await d.create({ title: '小区北门加装监控', estimatedCostYuan: 86_000 });
    const secretary = await cookie(c.secretary.username);
    const params = { communityId: c.slug, motionId: d.motionId };
    // Not withdrawn yet: no link, and the form refuses it as a basis.
    expect((await motionPage.loader({ request: get(`/c/${c.slug}/motions/${d.motionId}`, secretary), params, context: {} })).canPropose).toBe(true);
    expect(await statusOf(newMotion.loader({ request: get(`/c/${c.slug}/motions/new?supersedes=${d.motionId}`, secretary), params, context: {} }))).toBe(404);
    expect(await statusOf(newMotion.loader({ request: get(`/c/${c.slug}/motions/new?amends=${d.motionId}`, secretary), params, context: {} }))).toBe(404); // not paused

    await d.withdraw();
    await waitForState(sql, d.motionId, 'withdrawn', 20_000);
    // The director sees the page but is not offered it (only the party secretary proposes).
    const director = await cookie(c.director.username);
    expect((await motionPage.loader({ request: get(`/c/${c.slug}/motions/${d.motionId}`, director), params, context: {} })).canPropose).toBe(false);
    expect(await statusOf(newMotion.loader({ request: get(`/c/${c.slug}/motions/new?supersedes=${d.motionId}`, director), params, context: {} }))).toBe(403);

    const form = await newMotion.loader({ request: get(`/c/${c.slug}/motions/new?supersedes=${d.motionId}`, secretary), params, context: {} });
    expect(form.basis).toMatchObject({ kind: 'supersedes', id: d.motionId, title: '小区北门加装监控', defaults: { title: '小区北门加装监控', estimatedCostYuan: 86_000 } });
    expect(await statusOf(newMotion.loader({ request: get(`/c/${c.slug}/motions/new?supersedes=not-a-motion`, secretary), params, context: {} }))).toBe(404);

    const fields = (over: [string, string][]): [string, string][] => {
      const b = form.basis!.defaults;
      return [
        ['idempotencyKey', crypto.randomUUID()], ['title', `${b.title}（调整）`], ['category', b.category], ...b.majorReasons.map((r): [string, string] => ['majorReasons', r]),
        ['background', b.background], ['proposalText', b.proposalText], ['estimatedCostYuan', '60000'], ['fundingSource', b.fundingSource], ['scope', b.scope],
        ['scopeDetail', b.scopeDetail], ['resolutionBody', b.resolutionBody], ['supersedesMotionId', d.motionId], ...over,
      ];
    };
    // Without saying what changed: refused beside the field, nothing written.
    const before = (await sql`select count(*)::int as n from motions where community_id = ${c.id}`)[0]!.n;
    const refused = await newMotion.action({ request: post(`/c/${c.slug}/motions/new`, secretary, fields([])), params, context: {} });
    expect((refused as unknown as { init: { status: number } }).init.status).toBe(400);
    expect((refused as unknown as { data: { error: Record<string, string[]> } }).data.error.changeNote).toEqual(['motion.errors.changeNoteRequired']);
    expect((await sql`select count(*)::int as n from motions where community_id = ${c.id}`)[0]!.n).toBe(before);

    const made = await statusOf(newMotion.action({ request: post(`/c/${c.slug}/motions/new`, secretary, fields([['changeNote', '只装北门两处，预算减为6万元。']])), params, context: {} }));
    expect(made).toBe(302);
    const [row] = await sql<{ title: string; supersedes: string; note: string }[]>`
      select title, supersedes_motion_id as supersedes, change_note as note from motions where community_id = ${c.id} and id <> ${d.motionId}`;
    expect(row).toEqual({ title: '小区北门加装监控（调整）', supersedes: d.motionId, note: '只装北门两处，预算减为6万元。' });

    // Each page names the other: the new one what it re-proposes and what changed, the earlier one what followed.
    // The new motion is a draft: its link is shown to those who prepare motions, not to a resident.
    const [made2] = await sql<{ id: string; number: number }[]>`select id, number from motions where community_id = ${c.id} and id <> ${d.motionId}`;
    const newPage = await motionPage.loader({ request: get(`/c/${c.slug}/motions/${made2!.id}`, secretary), params: { ...params, motionId: made2!.id }, context: {} });
    expect(newPage.detail.related).toEqual([expect.objectContaining({ direction: 'basis', kind: 'supersedes', id: d.motionId, title: '小区北门加装监控', state: 'withdrawn' })]);
    expect(newPage.detail.motion.changeNote).toBe('只装北门两处，预算减为6万元。');
    const oldPage = await motionPage.loader({ request: get(`/c/${c.slug}/motions/${d.motionId}`, director), params, context: {} });
    expect(oldPage.detail.related).toEqual([expect.objectContaining({ direction: 'follower', kind: 'supersedes', id: made2!.id, number: made2!.number, state: 'draft' })]);
    const resident = await cookie(c.resident.username);
    expect((await motionPage.loader({ request: get(`/c/${c.slug}/motions/${d.motionId}`, resident), params, context: {} })).detail.related).toEqual([]);
  }));
