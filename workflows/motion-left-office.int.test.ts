/**
 * §8 edge case 4 for online votes on the real Temporal dev server and PostgreSQL: the roster frozen at
 * notice carries each representative's departure date into the workflow's vote book (as a meeting's
 * roster does), so `domain/motion/votes.ts` can count a ballot cast before leaving and refuse one after.
 */
import * as motions from '../app/motions.server';
import { closeTemporal, temporal } from '../app/temporal.server';
import { testSql } from '../scripts/test-setup/services';
import { withMotion } from '../scripts/test-setup/motion';
import { motionStateQuery, motionWorkflowId } from './api';
import { fastSettings } from './motion.testkit';

const sql = testSql();
afterAll(async () => {
  await closeTemporal();
  await sql.end();
});

it('carries the departure date of a representative whose office ends during the vote into the vote book', () =>
  withMotion(sql, fastSettings(1_000), async ({ c, d }) => {
    await d.create();
    await d.toResolving();
    const leaving = c.representatives[2]!;
    // Today is the last day of their term: they leave at 00:00 Asia/Shanghai tomorrow.
    await sql`update memberships set ends_on = (now() at time zone 'Asia/Shanghai')::date
              where user_id = ${leaving.id} and community_id = ${c.id} and role = 'resident_representative'`;
    const [row] = await sql<{ today: string }[]>`select to_char((now() at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as today`;
    const leftAt = Date.parse(`${row!.today}T00:00:00+08:00`) + 86_400_000;

    const vote = await d.scheduleVote();
    const handle = (await temporal()).workflow.getHandle(motionWorkflowId(d.motionId));
    const state = await handle.query(motionStateQuery);
    const inBook = state.book!.roster.find((m) => m.personId === leaving.id);
    expect(inBook).toEqual({ personId: leaving.id, leftAt });
    // Those who stay carry no date.
    expect(state.book!.roster.find((m) => m.personId === c.representatives[0]!.id)).toEqual({ personId: c.representatives[0]!.id });

    // Before leaving, their ballot counts like anyone's (edge 4: a cast vote stands).
    await d.untilOpen(vote.opensAt);
    expect(await d.vote(leaving, vote.questionId, 'agree')).toEqual({ ok: true, version: 1, replaced: false });
    const detail = await motions.motionDetail(c.id, d.motionId, leaving.caller);
    expect(detail!.currentVote).toMatchObject({ onRoster: true, myBallot: { choice: 'agree', version: 1 } });
  }));
