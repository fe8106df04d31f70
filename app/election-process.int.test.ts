/**
 * A whole election on the real Temporal dev server and PostgreSQL, with 300-ms days: set-up,
 * register import, publication, nominations (the 差额 rule refusing a list), the list, a worker
 * killed mid-election and replaced, voting, tally, a runoff, results disclosed, a supervisor's
 * objection ruled on by the street office, and the close after the results window.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { temporal as proto } from '@temporalio/proto';
import { disclosuresOf } from '../db/disclosures.server';
import {
  drive,
  importRegister,
  nominate,
  pause,
  registerCsv,
  syntheticVoters,
  waitForPhase,
  yesTo,
} from '../db/seed-elections.server';
import type { ResultDisclosure } from '../domain/election/disclosures';
import type { Actor } from '../domain/election/process';
import { createCommunity, createStreet, createUser } from '../scripts/test-setup/fixtures';
import { startTestWorker, testSql } from '../scripts/test-setup/services';
import { electionWorkflowId } from '../workflows/election-api';
import { castOnlineBallot, createElection, electionById, sendElectionCommand } from './elections.server';
import { closeTemporal, temporal } from './temporal.server';

const sql = testSql();
/** A history as the replay test reads it (workflows/election-replay.int.test.ts). */
const recording = (workflowId: string, history: proto.api.history.v1.IHistory) =>
  JSON.stringify({ workflowId, historyBase64: Buffer.from(proto.api.history.v1.History.encode(history).finish()).toString('base64') });
afterAll(async () => {
  await closeTemporal();
  await sql.end();
});

const DAY = 300;

it('runs the statutory sequence with a worker restart and a runoff', async () => {
  const street = await createStreet(sql);
  const c = await createCommunity(sql, street.id);
  const secretary = await createUser(sql, [{ role: 'party_secretary', communityId: c.id }], '书记');
  const members = [
    await createUser(sql, [{ role: 'resident', communityId: c.id }], '委员甲'),
    await createUser(sql, [{ role: 'resident', communityId: c.id }], '委员乙'),
    await createUser(sql, [{ role: 'resident', communityId: c.id }], '委员丙'),
  ];
  const supervisorUser = await createUser(sql, [{ role: 'supervisor', communityId: c.id }], '监督');
  const streetUser = await createUser(sql, [{ role: 'street_office_admin', streetOfficeId: street.id }], '街道');
  // A resident subscribed to the community's board by email (issue 13): told of each disclosure once.
  const [subscription] = await sql<{ id: string }[]>`
    insert into notify_subscriptions (community_id, channel, address_cipher, address_hash, address_masked, status, confirmed_at)
    values (${c.id}, 'email', 'not read in this test', ${'a'.repeat(64)}, 'r***@example.com', 'active', now()) returning id`;
  const clerk: Actor = { userId: members[0]!.id, roles: ['resident', 'election_committee'] };
  const second: Actor = { userId: members[1]!.id, roles: ['resident', 'election_committee'] };
  const supervisor: Actor = { userId: supervisorUser.id, roles: ['supervisor'] };
  const streetOffice: Actor = { userId: streetUser.id, roles: ['street_office_admin'] };

  let worker = await startTestWorker(sql);
  const electionId = randomUUID();
  try {
    const created = await createElection({
      electionId,
      title: '测试社区居委会换届选举',
      committee: members.map((m) => m.id),
      chair: members[0]!.id,
      plan: {
        electionDay: '2026-12-10',
        mode: 'direct',
        seats: { director: 1, deputy: 1, member: 3 },
        memberMargin: 1,
        pollingPlaces: ['社区活动中心'],
        onlineVoting: { enabled: true, approvalRef: '街道批复〔2026〕8号' },
      },
      actor: { userId: secretary.id },
      communityId: c.id,
      dayMs: DAY,
      taskQueue: worker.taskQueue,
      sql,
    });
    expect(created).toEqual({ ok: true, electionId });
    // The set-up granted the election-committee role to the chosen people.
    const granted = await sql`select user_id from memberships where community_id = ${c.id} and role = 'election_committee'`;
    expect(granted).toHaveLength(3);
    // A second election while this one runs is refused.
    const again = await createElection({ ...created, electionId: randomUUID(), title: 'x', committee: members.map((m) => m.id), chair: members[0]!.id, plan: { electionDay: '2026-12-10', mode: 'direct', seats: { director: 1, deputy: 1, member: 3 }, pollingPlaces: ['x'] }, actor: { userId: secretary.id }, communityId: c.id, dayMs: DAY, taskQueue: worker.taskQueue, sql });
    expect(again).toMatchObject({ ok: false, key: 'election.errors.anotherElectionActive' });

    // Registration: 12 voters.
    const voters = syntheticVoters(12);
    const imported = await importRegister(sql, electionId, clerk, { filename: 'voters.csv', bytes: Buffer.from(registerCsv(voters), 'utf8') });
    expect(imported).toMatchObject({ status: 'imported', errorCount: 0 });

    // Publishing the register before E−20 is refused with the instant it becomes possible.
    const early = await sendElectionCommand(electionId, clerk, { action: 'publishRegister' });
    const e0 = (await electionById(sql, electionId))!;
    expect(early).toMatchObject({ ok: false, key: 'election.errors.tooEarly', params: { at: e0.schedule.registrationClosesAt } });
    await drive(electionId, clerk, { action: 'publishRegister' });
    expect((await electionById(sql, electionId))!.phase).toBe('register_published');

    // Nomination: 7 nominees (3 for 3 member seats: 等额) — the list is refused with the reason.
    const pick = (i: number) => voters[i]!.name;
    const ids = await nominate(sql, electionId, clerk, [
      { name: pick(0), office: 'director', votes: 9 },
      { name: pick(1), office: 'director', votes: 3 },
      { name: pick(2), office: 'deputy', votes: 8 },
      { name: pick(3), office: 'deputy', votes: 7 },
      { name: pick(4), office: 'member', votes: 9 },
      { name: pick(5), office: 'member', votes: 8 },
      { name: pick(6), office: 'member', votes: 7 },
    ]);
    const tooEarly = await sendElectionCommand(electionId, clerk, { action: 'finalizeCandidates' });
    expect(tooEarly).toMatchObject({ ok: false, key: 'election.errors.tooEarly' });
    await pause(e0.schedule.nominationClosesAt - Date.now() + 10);
    const equal = await sendElectionCommand(electionId, clerk, { action: 'finalizeCandidates' });
    expect(equal).toMatchObject({ ok: false, key: 'election.errors.equalNumberBlocked', params: { office: 'member', seats: 3, candidates: 3, needed: 4 } });

    // The worker dies mid-election; its timers keep running in Temporal; a new worker carries on.
    await worker.stop();
    await pause(3 * DAY);
    worker = await startTestWorker(sql, worker.taskQueue);
    Object.assign(ids, await nominate(sql, electionId, clerk, [{ name: pick(7), office: 'member', votes: 2 }]));
    await drive(electionId, clerk, { action: 'finalizeCandidates' });
    const voting = await waitForPhase(sql, electionId, 'voting', 30_000);
    expect(voting.roundNo).toBe(1);

    // Main round: 10 of 12 vote. Director d1 8 → elected; deputies 4 and 5 of 10 → nobody > 5 → runoff.
    const [d1, d2, v1, v2, m1, m2, m3, m4] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ids[pick(i)]!);
    const ballots = [
      ...Array(4).fill([d1, v1, m1, m2, m3]),
      ...Array(4).fill([d1, v2, m1, m2, m3]),
      [d2, v2, m1, m2, m4],
      [d2, m1, m3, m4],
    ] as string[][];
    const register = await sql<{ id: string }[]>`select id from voters where election_id = ${electionId} and status = 'active' order by household_id`;
    const receipts: string[] = [];
    for (const [i, yes] of ballots.entries()) {
      const r = await castOnlineBallot({ electionId, voterId: register[i]!.id, roundNo: 1, ballot: yesTo(voting.snapshot, yes), sql });
      if (!r.ok) throw new Error(r.key);
      receipts.push(r.receipt);
    }
    await drive(electionId, clerk, { action: 'closePolls' });
    await drive(electionId, second, { action: 'tally' });
    const due = await waitForPhase(sql, electionId, 'awaiting_round');
    expect(due.snapshot.nextRound).toMatchObject({ kind: 'runoff', form: { sections: [{ office: 'deputy', seats: 1 }] } });
    expect(new Set(due.snapshot.nextRound!.form.sections[0]!.candidateIds)).toEqual(new Set([v1, v2]));

    // Runoff 另行选举: 9 vote; v1 6 ≥ 1/3 of 9 → elected.
    await drive(electionId, clerk, { action: 'openNextRound' });
    const runoff = await waitForPhase(sql, electionId, 'voting');
    expect(runoff.roundNo).toBe(2);
    for (let i = 0; i < 9; i++) {
      const r = await castOnlineBallot({ electionId, voterId: register[i]!.id, roundNo: 2, ballot: yesTo(runoff.snapshot, [i < 6 ? v1! : v2!]), sql });
      expect(r.ok).toBe(true);
    }
    await drive(electionId, clerk, { action: 'closePolls' });
    await drive(electionId, clerk, { action: 'tally' });
    const results = await waitForPhase(sql, electionId, 'results');
    const outbox = () => sql<{ kind: string; disclosureId: string }[]>`
      select kind, params->>'disclosureId' as "disclosureId" from notify_outbox
      where subject_type = 'election' and subject_id = ${electionId} and subscription_id = ${subscription!.id} order by created_at`;
    let told = await outbox(); // the notice is written right after the step the phase comes from
    for (let i = 0; told.length < 3 && i < 50; i++) {
      await pause(200);
      told = await outbox();
    }
    expect(told.map((n) => n.kind)).toEqual(['disclosurePublished', 'disclosurePublished', 'disclosurePublished']); // plan, candidates, result
    expect(new Set(told.map((n) => n.disclosureId)).size).toBe(3);
    expect(results.snapshot.result!.members.map((m) => [m.office, m.personId]).sort()).toEqual(
      [['director', d1], ['deputy', v1], ['member', m1], ['member', m2], ['member', m3]].sort(),
    );

    // Disclosed: plan, candidate list, results (turnout, votes per candidate, who is elected).
    const disclosed = await disclosuresOf(sql, 'election', electionId);
    expect(disclosed.map((d) => d.kind)).toEqual(['election_plan', 'candidate_list', 'election_result']);
    const body = disclosed[2]!.body as unknown as ResultDisclosure;
    expect(body.status).toBe('elected');
    expect(body.rounds.map((r) => [r.kind, r.electorate, r.returned])).toEqual([['main', 12, 10], ['runoff', 12, 9]]);
    expect(body.rounds[0]!.offices.find((o) => o.office === 'director')!.results[0]).toMatchObject({ id: d1, votes: 8, elected: true });
    expect(body.rounds[0]!.receipts.count).toBe(10);
    expect(JSON.stringify(body)).not.toMatch(/110105\d{11}/); // no ID numbers in public

    // The supervision committee objects within the window; the street office dismisses it.
    const objectionId = randomUUID();
    await drive(electionId, supervisor, { action: 'objectToResult', objectionId, body: '第二轮唱票时监票人不在场。' });
    const notStreet = await sendElectionCommand(electionId, clerk, { action: 'ruleOnObjection', objectionId, ruling: 'dismissed', reasons: 'x' });
    expect(notStreet).toMatchObject({ ok: false, key: 'election.errors.notAllowed' });
    await pause(results.snapshot.resultsVisibleUntil! - Date.now() + 3 * DAY);
    expect((await electionById(sql, electionId))!.phase).toBe('results'); // held by the open objection
    await drive(electionId, streetOffice, { action: 'ruleOnObjection', objectionId, ruling: 'dismissed', reasons: '经核实，监票人全程在场。' });
    await waitForPhase(sql, electionId, 'closed');

    const client = await temporal();
    const handle = client.workflow.getHandle(electionWorkflowId(electionId));
    expect(await handle.result()).toBe('closed');
    if (process.env.MINYI_RECORD_HISTORIES) {
      const history = await handle.fetchHistory();
      writeFileSync('workflows/__histories__/election-runoff-restart.json', recording(electionWorkflowId(electionId), history));
    }
  } finally {
    await worker.stop();
  }
});
