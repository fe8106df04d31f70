/**
 * 登记回避 on the pages (DOMAIN.md §8 #12): the director ticks who stands aside from a motion's online
 * vote; nobody ticked is refused beside the list and nothing is written; a representative cannot open
 * the page; the one recused is then told on the vote page and refused by the server.
 */
import { closeTemporal } from './temporal.server';
import { closeDb } from '../db/client.server';
import { withMotion } from '../scripts/test-setup/motion';
import { cookieOf, getWith, postWith, statusOf } from '../scripts/test-setup/route-fixture';
import { testSql } from '../scripts/test-setup/services';
import { fastSettings } from '../workflows/motion.testkit';
import * as motionPage from './routes/c.$communityId.motions.$motionId._index';
import * as recusals from './routes/c.$communityId.motions.$motionId.recusals';
import * as votePage from './routes/c.$communityId.motions.$motionId.vote';

const sql = testSql();
afterAll(async () => {
  await closeTemporal();
  await closeDb();
  await sql.end();
});

type Reply = { data: { reply: { error?: Record<string, string[] | null> }; done?: string }; init: { status: number } | null };

it('the director records a recusal from the page; an empty form and other roles are refused', () =>
  // A 45-s window: the page is used while the vote is open.
  withMotion(sql, fastSettings(15_000), async ({ c, d, worker }) => {
    process.env.MINYI_TASK_QUEUE = worker.taskQueue;
    await d.create();
    await d.toResolving();
    const vote = await d.scheduleVote();
    const params = { communityId: c.slug, motionId: d.motionId };
    const url = `/c/${c.slug}/motions/${d.motionId}/recusals`;
    const director = await cookieOf(c.director.username);
    const rep = await cookieOf(c.representatives[0]!.username);

    // Offered to the director on the motion page, not to a representative; the page itself refuses them.
    expect((await motionPage.loader({ request: getWith(`/c/${c.slug}/motions/${d.motionId}`, director), params, context: {} })).canRecuse).toBe(true);
    expect((await motionPage.loader({ request: getWith(`/c/${c.slug}/motions/${d.motionId}`, rep), params, context: {} })).canRecuse).toBe(false);
    expect(await statusOf(recusals.loader({ request: getWith(url, rep), params, context: {} }))).toBe(403);
    expect(await statusOf(recusals.action({ request: postWith(url, rep, [['personIds', c.representatives[1]!.id]]), params, context: {} }))).toBe(403);

    const page = await recusals.loader({ request: getWith(url, director), params, context: {} });
    expect(page.vote.people.map((p) => p.name).sort()).toEqual(c.voters.map((v) => v.caller.displayName).sort());

    // Nothing ticked: refused beside the list, nothing recorded.
    const empty = (await recusals.action({ request: postWith(url, director, []), params, context: {} })) as unknown as Reply;
    expect(empty.init?.status).toBe(400);
    expect(empty.data.reply.error).toMatchObject({ personIds: ['motion.errors.noneTicked'] });
    const [before] = await sql<{ details: { recusedIds?: string[] } }[]>`select details from motion_meetings where id = ${vote.questionId}`;
    expect(before!.details.recusedIds).toBeUndefined();

    const stands = c.representatives[1]!;
    const done = (await recusals.action({ request: postWith(url, director, [['personIds', stands.id]]), params, context: {} })) as unknown as Reply;
    expect(done.data.done).toContain(stands.caller.displayName);
    const after = await recusals.loader({ request: getWith(url, director), params, context: {} });
    expect(after.vote.people.find((p) => p.personId === stands.id)).toMatchObject({ recused: true });

    await d.untilOpen(vote.opensAt);
    const theirs = await votePage.loader({ request: getWith(`/c/${c.slug}/motions/${d.motionId}/vote`, await cookieOf(stands.username)), params, context: {} });
    expect(theirs.vote).toMatchObject({ open: true, recused: true });
    expect(await d.vote(stands, vote.questionId, 'agree')).toEqual({ ok: false, key: 'motion.errors.recused' });
  }));
