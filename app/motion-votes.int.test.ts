/**
 * Representatives' online votes as guarded SQL (decision 060) on the real Temporal dev server and
 * PostgreSQL: a replaced vote says so and the last choice counts; a recused representative is not
 * offered the item and is refused by the server, and leaves its denominator; the workflow closes the
 * window early from the ballots SQL holds, after which a vote is refused.
 */
import * as motions from './motions.server';
import { closeTemporal } from './temporal.server';
import { testSql } from '../scripts/test-setup/services';
import { withMotion } from '../scripts/test-setup/motion';
import { MotionDriver, fastSettings, waitForState } from '../workflows/motion.testkit';

const sql = testSql();
afterAll(async () => {
  await closeTemporal();
  await sql.end();
});

it('a replaced vote says so, a recused representative is refused and not counted, the window closes early', () =>
  withMotion(sql, fastSettings(2_000), async ({ c, d }) => {
    await d.create();
    await d.toResolving();
    const vote = await d.scheduleVote();
    const [recused, changer, ...others] = c.voters;
    // The director records a conflict of interest before the window opens.
    expect(await motions.recordOnlineRecusals(c.representatives[0]!.caller, d.motionId, { meetingId: vote.questionId, personIds: [recused!.id] }))
      .toEqual({ ok: false, key: 'motion.errors.notPermitted' });
    expect(await motions.recordOnlineRecusals(c.director.caller, d.motionId, { meetingId: vote.questionId, personIds: [recused!.id] }))
      .toEqual({ ok: true, recusedIds: [recused!.id] });
    await d.untilOpen(vote.opensAt);

    const offered = await motions.motionDetail(c.id, d.motionId, recused!.caller);
    expect(offered!.currentVote).toMatchObject({ open: true, recused: true });
    expect(await d.vote(recused!, vote.questionId, 'agree')).toEqual({ ok: false, key: 'motion.errors.recused' });

    expect(await d.vote(changer!, vote.questionId, 'disagree')).toEqual({ ok: true, version: 1, replaced: false });
    expect(await d.vote(changer!, vote.questionId, 'agree')).toEqual({ ok: true, version: 2, replaced: true });
    for (const p of others) expect(await d.vote(p, vote.questionId, 'agree')).toMatchObject({ ok: true, replaced: false });

    // Everyone who may vote has voted: the workflow (signalled) closes the window early and counts.
    await waitForState(sql, d.motionId, 'resolution_disclosed');
    expect(await d.vote(changer!, vote.questionId, 'disagree')).toMatchObject({ ok: false });
    const [m] = await sql<{ tally: { expected: number; present: number; yes: number; no: number } }[]>`
      select tally from motion_meetings where id = ${vote.questionId}`;
    expect(m!.tally).toMatchObject({ expected: c.voters.length - 1, present: c.voters.length - 1, yes: c.voters.length - 1, no: 0 });
    const log = await sql`select version, choice from representative_vote_log where meeting_id = ${vote.questionId} and voter_id = ${changer!.id} order by version`;
    expect(log.map((r) => r.choice)).toEqual(['disagree', 'agree']);
    expect(await sql`select 1 from representative_votes where meeting_id = ${vote.questionId} and voter_id = ${recused!.id}`).toHaveLength(0);
  }));

it('offers the next item open to a representative, item by item, and nothing once each is voted or recused', () =>
  // 45-s windows: both stay open while the items are voted.
  withMotion(sql, fastSettings(15_000), async ({ c, d, worker }) => {
    const d2 = new MotionDriver(sql, c, worker.taskQueue, fastSettings(15_000));
    d2.quickNotices = true;
    await d.create();
    await d.toResolving();
    await d2.create();
    await d2.toResolving();
    const v1 = await d.scheduleVote();
    const v2 = await d2.scheduleVote();
    await d.untilOpen(Math.max(v1.opensAt, v2.opensAt));
    const [rep, other] = c.representatives;
    expect(await motions.nextVoteFor(rep!.caller, d.motionId)).toMatchObject({ motionId: d2.motionId });
    expect(await d2.vote(rep!, v2.questionId, 'agree')).toMatchObject({ ok: true });
    // The item they voted on is not offered again; the one they have not voted on still is.
    expect(await motions.nextVoteFor(rep!.caller, d.motionId)).toBeUndefined();
    expect(await motions.nextVoteFor(rep!.caller, d2.motionId)).toMatchObject({ motionId: d.motionId });
    // A representative recused from the first item is not sent to it.
    expect(await motions.recordOnlineRecusals(c.director.caller, d.motionId, { meetingId: v1.questionId, personIds: [other!.id] })).toMatchObject({ ok: true });
    expect(await motions.nextVoteFor(other!.caller, d2.motionId)).toBeUndefined();
  }));
