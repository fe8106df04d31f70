/**
 * A whole 四议两公开 motion through app/motions.server.ts on the real Temporal dev server and
 * PostgreSQL, with one-second "days": the read model is checked at every stage.
 */
import { verifyCommunityChain } from '../db/disclosures.server';
import { startTestWorker, testSql } from '../scripts/test-setup/services';
import {
  MotionDriver,
  expectOk,
  fastSettings,
  key,
  setupCommunity,
  stateOf,
  waitFor,
  waitForState,
} from '../workflows/motion.testkit';
import { residentOpinionSchema, opinionAnswerSchema } from '../domain/motion/schemas';
import * as motions from './motions.server';
import * as votesExport from './routes/c.$communityId.motions.$motionId_.votes.$meetingId.$format';
import { signIn } from './auth.server';
import { TEST_PASSWORD } from '../scripts/test-setup/fixtures';
import { closeTemporal } from './temporal.server';

const sql = testSql();
afterAll(async () => {
  await closeTemporal();
  await sql.end();
});

const events = async (motionId: string) =>
  (await sql<{ action: string; toState: string }[]>`
    select action, to_state as "toState" from motion_events where motion_id = ${motionId} order by step`).map((e) => e.action);

describe('a motion from draft to closed', () => {
  it.concurrent('goes through every step, writing the read model and the disclosure chain', async () => {
    const worker = await startTestWorker(sql);
    try {
      const c = await setupCommunity(sql);
      const d = new MotionDriver(sql, c, worker.taskQueue, fastSettings(700, { votingWindowDays: 7 }));
      const motionId = await d.create();

      const [row] = await sql`select number, state, step, text_version from motions where id = ${motionId}`;
      expect(row).toMatchObject({ number: 1, state: 'draft', step: 0, text_version: 1 });
      // The secretary has a task to take it to the party committee.
      await waitFor(async () => (await motions.myTasks(c.secretary.id)).some((t) => t.kind === 'motion.task.recordPartyCommitteeDecision'));
      expect(await motions.motionDetail(c.id, motionId, c.resident.caller)).toBeUndefined(); // drafts are not public

      // 提议
      await d.propose();
      expect(await stateOf(sql, motionId)).toBe('proposed');
      const [pc] = await sql`select body, tally, outcome from motion_meetings where motion_id = ${motionId} and body = 'party_committee'`;
      expect(pc!.outcome).toMatchObject({ kind: 'passed', expected: 3, present: 3, yes: 3 });

      // 商议: joint meeting with notice; residents may give opinions meanwhile (plain SQL)
      const { r: convened, opensAt } = await d.convene('joint_meeting');
      expectOk(convened);
      expect(await stateOf(sql, motionId)).toBe('deliberating');
      const early = await motions.recordJointMeeting(c.secretary.caller, motionId, d.jointMinutes('agree'));
      expect(early).toEqual({ ok: false, key: 'motion.errors.meetingNotYetHeld' });
      const opinion = await motions.submitOpinion(
        c.resident.caller,
        motionId,
        residentOpinionSchema.parse({ idempotencyKey: key(), text: '希望施工期间注意噪音。' }),
      );
      expectOk(opinion);
      expectOk(
        await motions.answerOpinion(
          c.committee[0]!.caller,
          motionId,
          opinionAnswerSchema.parse({ idempotencyKey: key(), opinionId: opinion.opinionId, text: '会安排在白天施工。' }),
        ),
      );
      await d.untilOpen(opensAt);
      expectOk(await motions.recordJointMeeting(c.secretary.caller, motionId, d.jointMinutes('agree')));
      expect(await stateOf(sql, motionId)).toBe('party_review');
      const [joint] = await sql`select roster, outcome, conclusion from motion_meetings where id = ${convened.meetingId}`;
      expect(joint!.roster).toHaveLength(6);
      expect(joint!.outcome).toMatchObject({ kind: 'passed', expected: 6, yes: 6, quorumNeeded: 4 });

      // 审议
      await d.holdPartyMeeting();
      expect(await stateOf(sql, motionId)).toBe('resolving');

      // 决议: the representatives' online vote; everyone votes, so the window closes early
      const vote = await d.scheduleVote();
      const refusedEarly = await d.vote(c.representatives[0]!, vote.questionId);
      expect(refusedEarly).toEqual({ ok: false, key: 'motion.errors.votingNotOpen' });
      await d.untilOpen(vote.opensAt);
      await waitFor(async () => (await motions.myTasks(c.representatives[0]!.id)).some((t) => t.kind === 'motion.task.vote'), 10_000, 'vote task');
      for (const [i, p] of c.voters.entries()) expectOk(await d.vote(p, vote.questionId, i === 5 ? 'disagree' : 'agree'));
      await waitForState(sql, motionId, 'resolution_disclosed', 10_000);
      expect(Date.now()).toBeLessThan(vote.closesAt); // closed early, not by the timer
      const votes = await sql`select voter_id, choice, version from representative_votes where meeting_id = ${vote.questionId}`;
      expect(votes).toHaveLength(6);
      const [resolution] = await sql`select outcome, tally from motion_meetings where id = ${vote.questionId}`;
      expect(resolution!.outcome).toMatchObject({ kind: 'passed', expected: 6, present: 6, yes: 5, no: 1, quorumNeeded: 4 });
      await waitFor(async () => (await motions.myTasks(c.representatives[0]!.id)).length === 0, 5_000, 'vote tasks done');

      // 决议公开: waits for the supervision committee's review (§3.7.3), then a row in the community's chain
      expect(await d.reviewStatus()).toBe('pending');
      await d.approveDisclosure('公开内容与会议记录一致');
      const disclosure = await waitFor(async () => {
        const [x] = await sql`select kind, body, visible_until, published_at from disclosures where subject_id = ${motionId}`;
        return x;
      });
      expect(disclosure.kind).toBe('resolution');
      expect(disclosure.body).toMatchObject({
        title: '3号楼加装电梯',
        outcome: 'passed',
        tally: { agree: 5, disagree: 1, abstain: 0, notVoted: 0 },
        attendance: { expected: 6, present: 6 },
        quorumRequired: 4,
        review: { status: 'reviewed', remark: '公开内容与会议记录一致' },
      });
      expect(JSON.stringify(disclosure.body)).not.toContain(c.representatives[0]!.id);
      expect(await verifyCommunityChain(sql, c.id)).toMatchObject({ ok: true, length: 1 });

      // The vote table is named for signed-in people of the community, a tally for the public.
      const forResident = await motions.motionDetail(c.id, motionId, c.resident.caller);
      const repMeeting = forResident!.meetings.find((m) => m.id === vote.questionId)!;
      expect(repMeeting.visibility).toBe('named');
      expect(repMeeting.votes!.filter((v) => v.choice === 'agree')).toHaveLength(5);
      // …and downloads as the same table (CSV): names with their choices, for signed-in people only
      const signedIn = await signIn(c.resident.username!, TEST_PASSWORD);
      if (!signedIn.ok) throw new Error('sign-in failed');
      const exportArgs = (cookie: string) => ({
        request: new Request(`http://minyi.test/c/${c.slug}/motions/${motionId}/votes/${vote.questionId}/csv`, { headers: { Cookie: cookie } }),
        params: { communityId: c.slug, motionId, meetingId: vote.questionId, format: 'csv' },
        context: {},
      });
      const csv = Buffer.from(await (await votesExport.loader(exportArgs(signedIn.cookie.split(';')[0]!))).arrayBuffer()).subarray(3).toString('utf8');
      expect(csv.split('\r\n').filter((l) => l.endsWith(',同意,网上投票') || /,同意,/.test(l))).toHaveLength(5);
      await expect(votesExport.loader(exportArgs(''))).rejects.toMatchObject({ status: 302 });
      const forPublic = await motions.motionDetail(c.id, motionId, null);
      const publicMeeting = forPublic!.meetings.find((m) => m.id === vote.questionId)!;
      expect(publicMeeting).toMatchObject({ visibility: 'tally', votes: null, tally: { yes: 5, no: 1 } });
      expect(forPublic!.meetings.find((m) => m.body === 'joint_meeting')).toMatchObject({ visibility: 'outcome', tally: null });
      expect(forPublic!.opinions[0]).toMatchObject({ authorName: null, answer: '会安排在白天施工。' });
      expect(forPublic!.actions).toEqual([]);

      // 实施 after the 7-day window
      await waitForState(sql, motionId, 'implementing', 15_000);
      expectOk(await d.progress(200_000));
      expectOk(await d.complete([
        { item: '电梯设备', amountYuan: 380_000 },
        { item: '土建施工', amountYuan: 190_000.5 },
      ]));
      expect(await stateOf(sql, motionId)).toBe('result_disclosed');
      await d.approveDisclosure();
      const result = await waitFor(async () => {
        const [x] = await sql`select body from disclosures where subject_id = ${motionId} and kind = 'implementation_result'`;
        return x;
      });
      expect(result.body).toMatchObject({ budget: { approvedYuan: 600_000, actualYuan: 570_000.5 }, lines: [{ item: '电梯设备' }, { item: '土建施工' }] });

      // 办结
      await waitForState(sql, motionId, 'closed', 15_000);
      expect(await events(motionId)).toEqual([
        'create',
        'recordPartyCommitteeDecision',
        'conveneJointMeeting',
        'recordJointMeeting',
        'convenePartyMeeting',
        'recordPartyMeeting',
        'scheduleResolutionMeeting',
        // Votes are not workflow steps (decision 060): written by guarded SQL, audited one by one.
        'recordResolution',
        'approveDisclosure',
        'disclosurePublished',
        'endDisclosure',
        'recordProgress',
        'reportCompletion',
        'approveDisclosure',
        'disclosurePublished',
        'endDisclosure',
      ]);
      expect(await verifyCommunityChain(sql, c.id)).toMatchObject({ ok: true, length: 2 });
      const [closed] = await sql`select state, step from motions where id = ${motionId}`;
      expect(closed).toMatchObject({ state: 'closed', step: 15 });
      expect(await sql`select 1 from audit_log where subject_id = ${motionId} and action = 'motion.castVote'`).toHaveLength(6);
      await waitFor(async () => (await sql`select 1 from tasks where subject_id = ${motionId} and done_at is null`).length === 0, 5_000, 'tasks done');
      const detail = await motions.motionDetail(c.id, motionId, c.secretary.caller);
      expect(detail!.timeline.steps.every((s) => s.status === 'done')).toBe(true);
      expect(detail!.disclosures.map((x) => x.kind)).toEqual(['resolution', 'implementation_result']);
      expect((await sql`select count(*)::int as n from audit_log where workflow_id = ${'motion-' + motionId}`)[0]!.n).toBe(22);
    } finally {
      await worker.stop();
    }
  });
});

describe('demo motions (db/seed-motions.server.ts)', () => {
  it.concurrent('seeds 春晖 with a closed motion, an open vote, a deliberation with opinions and a draft', async () => {
    const worker = await startTestWorker(sql);
    try {
      const { seedDemo } = await import('../db/seed.server');
      const { seedDemoMotions } = await import('../db/seed-motions.server');
      const { hashPassword } = await import('./auth.server');
      await seedDemo(sql, hashPassword);
      const [chunhui] = await sql<{ id: string }[]>`select id from communities where slug = 'chunhui'`;
      const seeded = await seedDemoMotions({ sql, communityId: chunhui!.id, hashPassword, taskQueue: worker.taskQueue });
      expect(seeded.motions.map((m) => [m.title, m.state])).toEqual([
        ['1号楼加装电梯', 'closed'],
        ['小区停车改造', 'resolving'],
        ['垃圾分类投放点设置', 'deliberating'],
        ['健身器材更新', 'draft'],
      ]);
      expect(await seedDemoMotions({ sql, communityId: chunhui!.id, hashPassword })).toEqual({ created: false, motions: [] });
      const [lift, parking, waste] = seeded.motions;
      expect(await sql`select kind from disclosures where subject_id = ${lift!.id} order by seq`).toEqual([
        { kind: 'resolution' },
        { kind: 'implementation_result' },
      ]);
      const [rep] = await sql<{ id: string }[]>`select id from users where username = 'representative'`;
      const repCaller = { userId: rep!.id, displayName: '陈桂兰', roles: ['resident', 'resident_representative'] as const, communityId: chunhui!.id };
      const detail = await motions.motionDetail(chunhui!.id, parking!.id, { ...repCaller, roles: [...repCaller.roles] });
      expect(detail!.currentVote).toMatchObject({ open: true, onRoster: true, myBallot: null, votedCount: 5 });
      expect(detail!.actions).toContain('castVote');
      expect(await sql`select 1 from motion_opinions where motion_id = ${waste!.id}`).toHaveLength(4);
      expect(await sql`select username from users where username in ('rep7', 'committee3', 'party-committee3', 'party-member7')`).toHaveLength(4);
      expect((await motions.listMotions(chunhui!.id, { viewer: null })).map((m) => m.title)).not.toContain('健身器材更新');
      const [sec] = await sql<{ id: string }[]>`select id from users where username = 'secretary'`;
      const secretaryView = await motions.listMotions(chunhui!.id, {
        viewer: { userId: sec!.id, displayName: '王建国', roles: ['party_secretary'], communityId: chunhui!.id },
      });
      expect(secretaryView.map((m) => m.title)).toContain('健身器材更新');
      expect((await motions.listMotions(chunhui!.id, { ended: true })).map((m) => m.title)).toEqual(['1号楼加装电梯']);
    } finally {
      await worker.stop();
    }
  });
});
