/**
 * §8 edge case 4 for online votes on the real Temporal dev server and PostgreSQL: the roster frozen at
 * notice carries each representative's departure date into the workflow's vote book (as a meeting's
 * roster does), so `domain/motion/votes.ts` can count a ballot cast before leaving and refuse one after;
 * and a departure recorded after the notice reaches the frozen roster of the open vote.
 */
import * as motions from '../app/motions.server';
import { closeTemporal, temporal } from '../app/temporal.server';
import { testSql } from '../scripts/test-setup/services';
import { withMotion } from '../scripts/test-setup/motion';
import { motionStateQuery, motionWorkflowId } from './api';
import { endRole } from '../db/roster.server';
import { createUser } from '../scripts/test-setup/fixtures';
import { fastSettings, waitForState } from './motion.testkit';

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

it('takes a departure recorded after the notice: refused, out of the count, and not holding up the early close', () =>
  // A 45-s window (3 days of 15 s): the early close is seen long before the window would end.
  withMotion(sql, fastSettings(15_000), async ({ c, d }) => {
    // A fourth representative whose office began last month.
    const u = await createUser(sql, [], '冯代表');
    await sql`insert into memberships (user_id, role, community_id, starts_on) values (${u.id}, 'resident_representative', ${c.id}, current_date - 30)`;
    const leaving = { id: u.id, caller: { userId: u.id, displayName: '冯代表', roles: ['resident_representative' as const], communityId: c.id } };
    await d.create();
    await d.toResolving();
    const vote = await d.scheduleVote();
    // After the notice, the director records that their office ended yesterday.
    const [seat] = await sql<{ id: string; yesterday: string }[]>`
      select id, to_char((now() at time zone 'Asia/Shanghai')::date - 1, 'YYYY-MM-DD') as yesterday from memberships
      where user_id = ${leaving.id} and community_id = ${c.id} and role = 'resident_representative'`;
    expect(await endRole(sql, c.id, { membershipId: seat!.id, endsOn: seat!.yesterday, reason: '迁出本社区' }, c.director.id)).toEqual({ ok: true });
    // A role the roster does not seat (resident) changes nothing; another representative is untouched.
    const [row] = await sql<{ roster: { personId: string; leftAt?: number }[] }[]>`select roster from motion_meetings where id = ${vote.questionId}`;
    expect(row!.roster.find((r) => r.personId === leaving.id)?.leftAt).toBe(Date.parse(`${seat!.yesterday}T00:00:00+08:00`) + 86_400_000);
    expect(row!.roster.find((r) => r.personId === c.representatives[0]!.id)?.leftAt).toBeUndefined();

    await d.untilOpen(vote.opensAt);
    expect(await d.vote(leaving, vote.questionId, 'agree')).toEqual({ ok: false, key: 'motion.errors.leftOffice' });
    const page = await motions.motionDetail(c.id, d.motionId, leaving.caller);
    expect(page!.currentVote).toMatchObject({ onRoster: true, leftOffice: true, myBallot: null });

    const staying = c.voters;
    for (const p of staying) expect(await d.vote(p, vote.questionId, 'agree')).toMatchObject({ ok: true });
    // Everyone still in office has voted: the window closes early, without waiting for the one who left.
    await waitForState(sql, d.motionId, 'resolution_disclosed', 25_000);
    const [m] = await sql<{ tally: { expected: number; present: number; yes: number } }[]>`select tally from motion_meetings where id = ${vote.questionId}`;
    expect(m!.tally).toMatchObject({ expected: staying.length, present: staying.length, yes: staying.length });
  }));
