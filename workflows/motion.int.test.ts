/**
 * The motion workflow on the real Temporal dev server and PostgreSQL: refusals that change nothing,
 * idempotent double submissions, a worker killed mid-process, durable timers (voting window, lapse,
 * reminders, escalation, blocking objections), returns and rejection, withdrawal, continueAsNew.
 * Each test has its own community, worker and task queue; "days" last a second or less.
 */
import * as motions from '../app/motions.server';
import { closeTemporal, temporal } from '../app/temporal.server';
import { verifyCommunityChain } from '../db/disclosures.server';
import {
  acceptObjectionReplySchema,
  objectionReplySchema,
  objectionRulingSchema,
  objectionSchema,
  residentOpinionSchema,
} from '../domain/motion/schemas';
import { randomUUID } from 'node:crypto';
import { startTestWorker, testSql } from '../scripts/test-setup/services';
import { consultationCompleted, motionStateQuery, motionUpdates, motionWorkflowId } from './api';
import {
  MotionDriver,
  draftInput,
  expectOk,
  fastSettings,
  key,
  setupCommunity,
  sleep,
  stateOf,
  waitFor,
  waitForState,
} from './motion.testkit';
import { withMotion } from '../scripts/test-setup/motion';

const sql = testSql();
afterAll(async () => {
  await closeTemporal();
  await sql.end();
});

const count = async (query: Promise<{ n: number }[]>) => (await query)[0]!.n;
const stepOf = async (motionId: string) => (await sql<{ step: number }[]>`select step from motions where id = ${motionId}`)[0]!.step;
const eventCount = (motionId: string) =>
  count(sql<{ n: number }[]>`select count(*)::int as n from motion_events where motion_id = ${motionId}`);

describe.concurrent('the motion workflow', () => {
  it('refuses wrong stage, wrong role, another community and a closed window, changing nothing', () =>
    withMotion(sql, fastSettings(1_000, { votingWindowDays: 5 }), async ({ c, d }) => {
      const other = await setupCommunity(sql);
      const motionId = await d.create();

      // Wrong stage: a party members' meeting for a draft.
      const before = { step: await stepOf(motionId), events: await eventCount(motionId) };
      const { r: wrongStage } = await d.convene('party_members_meeting');
      expect(wrongStage).toEqual({ ok: false, key: 'motion.errors.wrongStage', params: { state: 'draft' } });
      // Wrong role: a resident records the party committee's decision; a representative withdraws.
      expect(await motions.recordPartyCommitteeDecision(c.resident.caller, motionId, {
        idempotencyKey: key(), heldOn: '2026-11-20', attendeeIds: [], votes: [], recusedIds: [], minutes: 'x', attachmentRefs: [],
      })).toEqual({ ok: false, key: 'motion.errors.notPermitted' });
      expect(await motions.withdraw(c.representatives[0]!.caller, motionId, { idempotencyKey: key(), reason: '不要了', partyCommitteeDecisionRef: 'x' }))
        .toEqual({ ok: false, key: 'motion.errors.notPermitted' });
      // Opinions only during deliberation.
      expect(await motions.submitOpinion(c.resident.caller, motionId, residentOpinionSchema.parse({ idempotencyKey: key(), text: '支持' })))
        .toEqual({ ok: false, key: 'motion.errors.wrongStage', params: { state: 'draft' } });
      expect({ step: await stepOf(motionId), events: await eventCount(motionId) }).toEqual(before);

      await d.propose();
      const { r: joint, opensAt } = await d.convene('joint_meeting');
      expectOk(joint);
      await d.untilOpen(opensAt);
      // A resident may not record the joint meeting.
      const atJoint = { step: await stepOf(motionId), events: await eventCount(motionId) };
      expect(await motions.recordJointMeeting(c.resident.caller, motionId, d.jointMinutes('agree'))).toEqual({
        ok: false,
        key: 'motion.errors.notPermitted',
      });
      // The chair's conclusion must agree with the tally.
      const contradicting = { ...d.jointMinutes('agree'), votes: d.jointMinutes('reject').votes };
      expect(await motions.recordJointMeeting(c.secretary.caller, motionId, contradicting)).toEqual({
        ok: false,
        key: 'motion.errors.conclusionContradictsTally',
      });
      expect({ step: await stepOf(motionId), events: await eventCount(motionId) }).toEqual(atJoint);
      expectOk(await motions.recordJointMeeting(c.secretary.caller, motionId, d.jointMinutes('agree')));
      await d.holdPartyMeeting();

      // A committee member who is not the director may not convene the vote.
      const { r: notDirector } = await d.convene('representatives_meeting', { online: true, as: c.committee[0]!.caller });
      expect(notDirector).toEqual({ ok: false, key: 'motion.errors.notPermitted' });
      const vote = await d.scheduleVote();
      await d.untilOpen(vote.opensAt);
      // A representative of another community: refused by the web module, and — should the web be
      // wrong about the community — by the workflow, since they are not on the frozen roster.
      const stranger = other.representatives[0]!;
      expect(await d.vote(stranger, vote.questionId)).toEqual({ ok: false, key: 'motion.errors.notPermitted' });
      const forged = { ...stranger.caller, communityId: c.id };
      expect(await motions.castVote(forged, motionId, { idempotencyKey: key(), questionId: vote.questionId, choice: 'agree', confirmed: true }))
        .toEqual({ ok: false, key: 'motion.errors.notOnRoster' });
      // A resident without a seat may not vote either.
      expect(await d.vote(c.resident, vote.questionId)).toEqual({ ok: false, key: 'motion.errors.notPermitted' });
      // 5 of 6 vote; the window closes on its timer.
      for (const p of c.voters.slice(0, 5)) expectOk(await d.vote(p, vote.questionId));
      await waitForState(sql, motionId, 'resolution_disclosed', vote.closesAt - Date.now() + 5_000);
      const late = await d.vote(c.voters[5]!, vote.questionId);
      expect(late.ok).toBe(false);
      expect(await count(sql`select count(*)::int as n from representative_votes where meeting_id = ${vote.questionId}`)).toBe(5);
      // Votes are guarded SQL, audited one by one, not workflow steps (decision 060).
      expect(await count(sql`select count(*)::int as n from audit_log where subject_id = ${motionId} and action = 'motion.castVote'`)).toBe(5);
    }));

  it('answers a double submission with the first result and keeps every replaced ballot in the log', () =>
    withMotion(sql, fastSettings(1_000), async ({ c, d }) => {
      await d.create();
      // The same party-committee minutes submitted twice at once: one step, one meeting row.
      const minutes = {
        idempotencyKey: key(),
        heldOn: '2026-11-20',
        attendeeIds: [c.secretary.id, ...c.partyCommittee.map((p) => p.id)],
        votes: [c.secretary, ...c.partyCommittee].map((p) => ({ personId: p.id, choice: 'agree' as const })),
        recusedIds: [],
        minutes: '同意',
        attachmentRefs: [],
      };
      const [a, b] = await Promise.all([
        motions.recordPartyCommitteeDecision(c.secretary.caller, d.motionId, minutes),
        motions.recordPartyCommitteeDecision(c.secretary.caller, d.motionId, minutes),
      ]);
      expect(a).toEqual(b);
      expectOk(a);
      // …and a third time later, after the state moved on: still the same answer, not "wrong stage".
      expect(await motions.recordPartyCommitteeDecision(c.secretary.caller, d.motionId, minutes)).toEqual(a);
      expect(await count(sql`select count(*)::int as n from motion_meetings where motion_id = ${d.motionId}`)).toBe(1);
      expect(await count(sql`select count(*)::int as n from motion_events where motion_id = ${d.motionId} and action = 'recordPartyCommitteeDecision'`)).toBe(1);

      await d.holdJoint('agree');
      await d.holdPartyMeeting();
      const vote = await d.scheduleVote();
      await d.untilOpen(vote.opensAt);
      const rep = c.representatives[0]!;
      const first = key();
      const [v1, v1again] = await Promise.all([d.vote(rep, vote.questionId, 'agree', first), d.vote(rep, vote.questionId, 'agree', first)]);
      expect(v1).toEqual({ ok: true, version: 1, replaced: false });
      expect(v1again).toEqual(v1);
      // Changing one's mind inside the window replaces the ballot; the log keeps both.
      expect(await d.vote(rep, vote.questionId, 'disagree')).toEqual({ ok: true, version: 2, replaced: true });
      expect(await d.vote(rep, vote.questionId, 'agree', first)).toEqual(v1); // a stale resubmission changes nothing
      const [ballot] = await sql`select choice, version from representative_votes where meeting_id = ${vote.questionId} and voter_id = ${rep.id}`;
      expect(ballot).toMatchObject({ choice: 'disagree', version: 2 });
      const log = await sql`select version, choice from representative_vote_log where meeting_id = ${vote.questionId} and voter_id = ${rep.id} order by version`;
      expect(log.map((l) => [l.version, l.choice])).toEqual([[1, 'agree'], [2, 'disagree']]);
      const detail = await motions.motionDetail(c.id, d.motionId, rep.caller);
      expect(detail!.currentVote).toMatchObject({ open: true, onRoster: true, votedCount: 1, myBallot: { choice: 'disagree', version: 2 } });
      // While the vote is open, the table says who voted but not how.
      const row = detail!.meetings.find((m) => m.id === vote.questionId)!.votes!.find((v) => v.personId === rep.id);
      expect(row).toMatchObject({ voted: true, choice: null });
    }));

  it('survives a killed worker: earlier votes count and timers fire under a new worker', async () => {
    let worker = await startTestWorker(sql);
    const queue = worker.taskQueue;
    try {
      const c = await setupCommunity(sql);
      // Three-second days: the 21-s window must outlast a worker restart (the sticky queue's timeout included).
      const d = new MotionDriver(sql, c, queue, fastSettings(3_000, { votingWindowDays: 7 }));
      d.quickNotices = true;
      await d.create();
      await d.toResolving();
      const vote = await d.scheduleVote();
      await d.untilOpen(vote.opensAt);
      for (const p of c.voters.slice(0, 3)) expectOk(await d.vote(p, vote.questionId));
      await worker.stop(); // mid-window, between steps

      worker = await startTestWorker(sql, queue);
      for (const p of c.voters.slice(3)) expectOk(await d.vote(p, vote.questionId));
      await waitForState(sql, d.motionId, 'resolution_disclosed', 30_000);
      const [m] = await sql`select outcome from motion_meetings where id = ${vote.questionId}`;
      expect(m!.outcome).toMatchObject({ kind: 'passed', present: 6, yes: 6 });
      await d.approveDisclosure();
      await waitFor(async () => (await sql`select 1 from disclosures where subject_id = ${d.motionId}`).length === 1);

      // Down again while the 7-day disclosure window runs out; the durable timer fires on restart.
      await worker.stop();
      await sleep(21_500);
      expect(await stateOf(sql, d.motionId)).toBe('resolution_disclosed');
      worker = await startTestWorker(sql, queue);
      await waitForState(sql, d.motionId, 'implementing', 30_000);
      expect(await verifyCommunityChain(sql, c.id)).toMatchObject({ ok: true, length: 1 });
    } finally {
      await worker.stop();
    }
  });

  it('reminds at the due date, escalates to the street office 7 days later, and lapses without advancing', () => {
    // One "day" = 200 ms: joint meeting due 7 days after `proposed` (1.4 s), escalation 7 days
    // later (2.8 s), lapse after 90 days (18 s) — far enough apart that a busy machine still
    // sees each step on its own.
    const DAY = 200;
    return withMotion(sql, fastSettings(DAY, { dueDays: { jointMeeting: 7 }, lapseDays: 90 }), async ({ c, d }) => {
      await d.create();
      await d.propose();
      const [{ snapshot }] = (await sql`select snapshot from motions where id = ${d.motionId}`) as unknown as [{ snapshot: { firstProposedAt: number } }];
      const proposedAt = snapshot.firstProposedAt;
      const reminder = await waitFor(
        async () => (await motions.myTasks(c.secretary.id)).find((t) => t.kind === 'motion.task.overdue'),
        20_000,
        'reminder',
      );
      expect(reminder).toMatchObject({ overdue: true, subjectId: d.motionId, params: { state: 'proposed' } });
      expect(reminder.dueAt!.getTime()).toBe(proposedAt + 7 * DAY);
      const [created] = await sql`select created_at from tasks where id = ${reminder.id}`;
      expect(new Date(created!.created_at).getTime()).toBeGreaterThanOrEqual(proposedAt + 7 * DAY);
      expect((await motions.myTasks(c.secretary.id)).find((t) => t.kind === 'motion.task.conveneJointMeeting')).toMatchObject({ overdue: true });
      const escalation = await waitFor(
        async () => (await motions.myTasks(c.street.id)).find((t) => t.kind === 'motion.task.escalation'),
        20_000,
        'escalation',
      );
      expect(escalation).toMatchObject({ escalated: true, communityId: c.id });
      expect(await stateOf(sql, d.motionId)).toBe('proposed'); // never advanced by a timer
      const list = await motions.listMotions(c.id);
      expect(list[0]).toMatchObject({ id: d.motionId, overdue: true, overdueLevel: 'escalation' });

      await waitForState(sql, d.motionId, 'lapsed', 40_000);
      const [lapse] = await sql`select at, actor_user_id from motion_events where motion_id = ${d.motionId} and action = 'lapse'`;
      expect(new Date(lapse!.at).getTime()).toBeGreaterThanOrEqual(proposedAt + 90 * DAY);
      expect(lapse!.actor_user_id).toBeNull();
      await waitFor(async () => (await sql`select 1 from tasks where subject_id = ${d.motionId} and done_at is null`).length === 0, 5_000, 'tasks closed');
      const { r } = await d.convene('joint_meeting');
      expect(r).toEqual({ ok: false, key: 'motion.errors.motionFinished', params: { state: 'lapsed' } });
    }, { quickNotices: false });
  });

  it('holds the end of a disclosure window while a blocking objection is open', () =>
    withMotion(sql, fastSettings(1_000, { votingWindowDays: 7 }), async ({ c, d }) => {
      await d.create();
      await d.toResolving();
      const vote = await d.scheduleVote();
      await d.untilOpen(vote.opensAt);
      for (const p of c.voters) expectOk(await d.vote(p, vote.questionId));
      await waitForState(sql, d.motionId, 'resolution_disclosed', 20_000);
      await d.approveDisclosure();
      await waitFor(async () => (await sql`select 1 from disclosures where subject_id = ${d.motionId}`).length === 1);

      // Residents may object but not block; a supervisor blocks.
      const residentTry = await motions.raiseObjection(c.resident.caller, d.motionId, objectionSchema.parse({ idempotencyKey: key(), text: '预算太高', blocking: true }));
      expect(residentTry).toEqual({ ok: false, key: 'motion.errors.onlySupervisorsBlock' });
      const blocking = await motions.raiseObjection(
        c.supervisor.caller,
        d.motionId,
        objectionSchema.parse({ idempotencyKey: key(), text: '施工单位资质材料未公示', blocking: true }),
      );
      expectOk(blocking);
      await waitFor(async () => (await motions.myTasks(c.committee[0]!.id)).some((t) => t.kind === 'motion.task.replyToObjection'));
      // The 7 days (7 s) pass: the move to implementing waits; the street office is asked to rule.
      await waitFor(async () => (await motions.myTasks(c.street.id)).some((t) => t.kind === 'motion.task.ruleOnObjection'), 20_000, 'ruling task');
      await sleep(300);
      expect(await stateOf(sql, d.motionId)).toBe('resolution_disclosed');
      expectOk(await motions.replyToObjection(c.director.caller, d.motionId, objectionReplySchema.parse({
        idempotencyKey: key(), objectionId: blocking.objectionId, text: '资质材料已补充公示。',
      })));
      await sleep(300);
      expect(await stateOf(sql, d.motionId)).toBe('resolution_disclosed');
      expectOk(await motions.acceptObjectionReply(c.supervisor.caller, d.motionId, acceptObjectionReplySchema.parse({
        idempotencyKey: key(), objectionId: blocking.objectionId,
      })));
      await waitForState(sql, d.motionId, 'implementing', 10_000);

      // Result disclosure: this time the street office rules.
      expectOk(await d.complete([{ item: '电梯设备及安装', amountYuan: 598_000 }]));
      await d.approveDisclosure();
      await waitFor(async () => (await sql`select 1 from disclosures where subject_id = ${d.motionId}`).length === 2);
      const second = await motions.raiseObjection(c.supervisor.caller, d.motionId, objectionSchema.parse({ idempotencyKey: key(), text: '验收记录缺签字', blocking: true }));
      expectOk(second);
      await waitFor(async () => (await motions.myTasks(c.street.id)).some((t) => t.kind === 'motion.task.ruleOnObjection'), 20_000, 'ruling task');
      expect(await stateOf(sql, d.motionId)).toBe('result_disclosed');
      const publicView = await motions.motionDetail(c.id, d.motionId, null);
      expect(publicView!.objections.every((o) => o.raisedByName === null)).toBe(true);
      expect((await motions.motionDetail(c.id, d.motionId, c.supervisor.caller))!.objections[1]!.raisedByName).toBe('钱监督');
      expectOk(await motions.ruleOnObjection(c.street.caller, d.motionId, objectionRulingSchema.parse({
        idempotencyKey: key(), objectionId: second.objectionId, ruling: 'dismissed', reasons: '签字页已在档案中，异议不成立。',
      })));
      await waitForState(sql, d.motionId, 'closed', 10_000);
    }));

  it('returns a failed joint meeting to draft with a new text version, rejects the third failure', () =>
    withMotion(sql, fastSettings(1_000), async ({ c, d }) => {
      await d.create();
      await d.propose();
      await d.holdJoint('reject');
      expect(await stateOf(sql, d.motionId)).toBe('draft');
      // The secretary revises the text: another version.
      const revised = await motions.editDraft(c.secretary.caller, d.motionId, {
        ...draftInput({ proposalText: '改为在3号楼北侧加装电梯，减少对低层住户采光的影响。', changeNote: '位置改到北侧' }),
      });
      expectOk(revised);
      await d.propose();
      await d.holdJoint('revise');
      expect(await stateOf(sql, d.motionId)).toBe('draft');
      await d.propose();
      await d.holdJoint('reject');
      expect(await stateOf(sql, d.motionId)).toBe('rejected');
      const versions = await sql`select version, proposal_text, change_note from motion_versions where motion_id = ${d.motionId} order by version`;
      expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4]);
      expect(versions[2]).toMatchObject({ change_note: '位置改到北侧' });
      const [row] = await sql`select snapshot from motions where id = ${d.motionId}`;
      expect(row!.snapshot).toMatchObject({ returns: 2, state: 'rejected', textVersion: 4 });
      expect(await sql`select 1 from disclosures where subject_id = ${d.motionId}`).toHaveLength(0);
    }));

  it('withdraws before the vote with a disclosure, and refuses withdrawal once the vote is open', () =>
    withMotion(sql, fastSettings(1_000), async ({ c, d, worker }) => {
      await d.create();
      await d.propose();
      expectOk(await d.withdraw('小区规划调整，电梯位置需重新论证'));
      expect(await stateOf(sql, d.motionId)).toBe('withdrawn');
      const disclosure = await waitFor(async () => {
        const [x] = await sql`select kind, body, visible_until, published_at from disclosures where subject_id = ${d.motionId}`;
        return x;
      });
      expect(disclosure).toMatchObject({ kind: 'withdrawal', body: { reason: '小区规划调整，电梯位置需重新论证', stateWhenWithdrawn: 'proposed' } });
      expect(new Date(disclosure.visible_until).getTime() - new Date(disclosure.published_at).getTime()).toBe(7_000);
      expect(await verifyCommunityChain(sql, c.id)).toMatchObject({ ok: true, length: 1 });
      const handle = (await temporal()).workflow.getHandle(motionWorkflowId(d.motionId));
      expect(await handle.result()).toMatchObject({ state: 'withdrawn' });

      const second = new MotionDriver(sql, c, worker.taskQueue, fastSettings(1_000));
      second.quickNotices = true;
      await second.create({ title: '小区停车改造' });
      await second.toResolving();
      const vote = await second.scheduleVote();
      await second.untilOpen(vote.opensAt);
      expect(await second.withdraw()).toEqual({ ok: false, key: 'motion.errors.resolutionVoteOpened' });
    }));

  it('continues as new during a long implementation, keeping state and idempotency keys', () =>
    withMotion(sql, fastSettings(800, { votingWindowDays: 7 }), async ({ c, d }) => {
      await d.create();
      await d.toResolving();
      const vote = await d.scheduleVote();
      await d.untilOpen(vote.opensAt);
      for (const p of c.voters) expectOk(await d.vote(p, vote.questionId));
      await d.approveDisclosure();
      await waitForState(sql, d.motionId, 'implementing', 20_000);
      const client = await temporal();
      const handle = client.workflow.getHandle(motionWorkflowId(d.motionId));
      const firstRun = (await handle.describe()).runId;
      const actor = { userId: c.committee[0]!.id, roles: c.committee[0]!.caller.roles, committeeOffice: 'member' as const };
      const entry = { date: '2026-12-01', work: '材料进场', amountYuan: 1_000, attachmentRefs: [] };
      const earlyKey = key();
      const early = await handle.executeUpdate(motionUpdates.recordProgress, { args: [{ idempotencyKey: earlyKey, actor, input: entry }] });
      for (let i = 0; i < 30; i++) expectOk(await d.progress(1_000));
      await waitFor(async () => (await handle.describe()).runId !== firstRun, 20_000, 'continueAsNew');
      // The key sent before continueAsNew is still known to the new run (sent straight to Temporal,
      // bypassing the read-model check the web does first).
      const again = await handle.executeUpdate(motionUpdates.recordProgress, { args: [{ idempotencyKey: earlyKey, actor, input: entry }] });
      expect(again).toEqual(early);
      expect(await count(sql`select count(*)::int as n from motion_progress where motion_id = ${d.motionId}`)).toBe(31);
      const state = await handle.query(motionStateQuery);
      expect(state.snapshot.implementation).toEqual({ approvedBudgetFen: 60_000_000, spentFen: 3_100_000 });
      expectOk(await d.complete([{ item: '电梯', amountYuan: 31_000 }]));
      await d.approveDisclosure();
      await waitForState(sql, d.motionId, 'closed', 20_000);
    }, { historyLimit: 150 }));

  it('waits for its consultation, counts a meeting held in person (paper confirmed by a second person), and publishes a correction', () =>
    withMotion(sql, fastSettings(500), async ({ c, d }) => {
      await d.create({ consultOptIn: true });
      await d.propose();
      await d.holdJoint('agree');
      expect(await stateOf(sql, d.motionId)).toBe('consulting');
      expectOk(await motions.submitOpinion(c.resident.caller, d.motionId, residentOpinionSchema.parse({ idempotencyKey: key(), text: '同意' })));
      const consultationId = randomUUID();
      expectOk(await motions.openConsultation(c.secretary.caller, d.motionId, { idempotencyKey: key(), consultationId }));
      const handle = (await temporal()).workflow.getHandle(motionWorkflowId(d.motionId));
      await handle.signal(consultationCompleted, { consultationId: randomUUID() }); // not this motion's: ignored
      await sleep(500);
      expect(await stateOf(sql, d.motionId)).toBe('consulting');
      await handle.signal(consultationCompleted, { consultationId });
      await waitForState(sql, d.motionId, 'party_review', 10_000);
      await d.holdPartyMeeting();

      // A representatives' meeting held in person: staff enter attendance, the director the hand votes.
      const { r: convened, opensAt } = await d.convene('representatives_meeting');
      expectOk(convened);
      await d.untilOpen(opensAt);
      const meetingId = convened.meetingId;
      const [r0, r1, r2] = c.representatives;
      expectOk(await motions.recordAttendance(c.committee[0]!.caller, d.motionId, {
        idempotencyKey: key(), meetingId, personIds: [r0!.id, r1!.id, r2!.id], method: 'in_person',
      }));
      expectOk(await motions.recordAttendance(c.committee[0]!.caller, d.motionId, {
        idempotencyKey: key(), meetingId, personIds: [c.director.id, c.committee[1]!.id], method: 'paper', scanRef: 'scan-7',
      }));
      expect(await motions.confirmPaperAttendance(c.committee[0]!.caller, d.motionId, { idempotencyKey: key(), meetingId }))
        .toEqual({ ok: false, key: 'motion.errors.secondPersonRequired' });
      expect(await motions.castVote(r0!.caller, d.motionId, { idempotencyKey: key(), questionId: meetingId, choice: 'agree', confirmed: true }))
        .toEqual({ ok: false, key: 'motion.errors.votingNotOpen' });
      expectOk(await motions.confirmPaperAttendance(c.supervisor.caller, d.motionId, { idempotencyKey: key(), meetingId }));
      const present = [r0!, r1!, r2!, c.director, c.committee[1]!];
      expectOk(await motions.recordHandVotes(c.director.caller, d.motionId, {
        idempotencyKey: key(), questionId: meetingId, votes: present.map((p, i) => ({ personId: p.id, choice: i === 4 ? 'disagree' : 'agree' })), recusedIds: [],
      }));
      expect(await stateOf(sql, d.motionId)).toBe('resolution_disclosed');
      const [m] = await sql`select outcome from motion_meetings where id = ${meetingId}`;
      expect(m!.outcome).toMatchObject({ kind: 'passed', expected: 6, present: 5, yes: 4, no: 1 });
      expect(await sql`select method from representative_votes where meeting_id = ${meetingId}`).toHaveLength(5);
      await d.approveDisclosure();
      const first = await waitFor(async () => (await sql`select id from disclosures where subject_id = ${d.motionId}`)[0]);

      // An upheld blocking objection requires a corrected disclosure before the window can end.
      const o = await motions.raiseObjection(c.supervisor.caller, d.motionId, objectionSchema.parse({ idempotencyKey: key(), text: '表决人数公示有误', blocking: true }));
      expectOk(o);
      expectOk(await motions.ruleOnObjection(c.street.caller, d.motionId, objectionRulingSchema.parse({
        idempotencyKey: key(), objectionId: o.objectionId, ruling: 'upheld', reasons: '公示内容应更正。',
      })));
      await waitFor(async () => (await motions.myTasks(c.committee[1]!.id)).some((t) => t.kind === 'motion.task.correctDisclosure'), 10_000, 'correction task');
      await sleep(4_000); // past the 7 days
      expect(await stateOf(sql, d.motionId)).toBe('resolution_disclosed');
      expect(await motions.correctDisclosure(c.resident.caller, d.motionId, { idempotencyKey: key(), reason: 'x', substantive: true }))
        .toEqual({ ok: false, key: 'motion.errors.notPermitted' });
      expectOk(await motions.correctDisclosure(c.committee[1]!.caller, d.motionId, { idempotencyKey: key(), reason: '更正到会人数', substantive: true }));
      const [correction] = await sql`select corrects, correction_reason, substantive from disclosures where subject_id = ${d.motionId} and corrects is not null`;
      expect(correction).toMatchObject({ corrects: first.id, correction_reason: '更正到会人数', substantive: true });
      await sleep(1_000);
      expect(await stateOf(sql, d.motionId)).toBe('resolution_disclosed'); // a substantive correction restarts the 7 days
      await waitForState(sql, d.motionId, 'implementing', 10_000);
      expect(await verifyCommunityChain(sql, c.id)).toMatchObject({ ok: true, length: 2 });
    }));

  it('sends a reserved matter to the residents\u2019 meeting only, counted in numbers', () =>
    withMotion(sql, fastSettings(1_000), async ({ c, d }) => {
      await d.create({
        title: '修订春晖社区居民公约',
        category: 'other',
        majorReasons: ['residents_convention'],
        estimatedCostYuan: 0,
        fundingSource: undefined,
        scope: 'community',
        scopeDetail: undefined,
        resolutionBody: 'residents_meeting',
      });
      await d.toResolving();
      const { r: reps } = await d.convene('representatives_meeting', { online: true });
      expect(reps).toEqual({ ok: false, key: 'motion.errors.reservedToResidentsMeeting', params: { matter: 'residents_convention' } });
      const { r: online } = await d.convene('residents_meeting', { online: true });
      expect(online).toEqual({ ok: false, key: 'motion.errors.onlineResidentsMeeting' });
      const { r, opensAt } = await d.convene('residents_meeting');
      expectOk(r);
      await d.untilOpen(opensAt);
      expectOk(await motions.recordResidentsMeeting(c.director.caller, d.motionId, {
        idempotencyKey: key(), heldOn: '2026-12-01', mode: 'households', electorate: 400, present: 260, yes: 200, no: 40, abstain: 20,
        resolutionText: '通过修订后的《春晖社区居民公约》。', minutes: '居民会议按户代表形式召开。', scanRef: 'scan-9',
      }));
      await d.approveDisclosure();
      const disclosure = await waitFor(async () => (await sql`select body from disclosures where subject_id = ${d.motionId}`)[0]);
      expect(disclosure.body).toMatchObject({
        outcome: 'passed',
        resolution: { text: '通过修订后的《春晖社区居民公约》。' },
        meeting: { body: 'residents_meeting', mode: 'households' },
        attendance: { expected: 400, present: 260 },
        quorumRequired: 201,
        tally: { agree: 200, disagree: 40, abstain: 20, notVoted: 0 },
      });
      const forResident = await motions.motionDetail(c.id, d.motionId, c.resident.caller);
      expect(forResident!.meetings.find((m) => m.body === 'residents_meeting')).toMatchObject({ visibility: 'tally', votes: null });
    }));
});
