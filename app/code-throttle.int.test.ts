/**
 * One-time codes as a guesser meets them (issue 9, item 1): wrong codes slow down the guesser's
 * address and the code prefixes guessed, never the other voters of the election; consultation
 * codes the same, and kept as keyed hashes.
 */
import { createHash, randomUUID } from 'node:crypto';
import { runElectionUntil, syntheticVoters, voterIds, yesTo } from '../db/seed-elections.server';
import { electionCommunity, eightNominations } from '../scripts/test-setup/elections';
import { createCommunity, createStreet, createUser } from '../scripts/test-setup/fixtures';
import { fileWorker, testSql } from '../scripts/test-setup/services';
import { closeTemporal } from './temporal.server';
import { castBallotWithCode, issueVotingCode } from './elections.server';
import * as consultations from '../db/consultations.server';

const sql = testSql();
const worker = fileWorker(sql, closeTemporal);

async function votingElection() {
  const { c, starter, committee, clerk } = await electionCommunity(sql);
  const voters = syntheticVoters(12);
  const run = await runElectionUntil({ sql, communityId: c.id, starter, committee, clerk, voters, nominations: eightNominations, dayMs: 60, taskQueue: worker.taskQueue }, 'voting');
  const ids = await voterIds(sql, run.electionId);
  const ballot = yesTo(run.snapshot, [run.ids[voters[0]!.name]!]);
  const codeFor = async (i: number) => {
    const issued = await issueVotingCode(sql, { electionId: run.electionId, actor: clerk.userId, voterId: ids[i]!.id });
    if (!issued.ok) throw new Error(issued.key);
    return issued.code;
  };
  return { electionId: run.electionId, communityId: c.id, ballot, codeFor, ids, clerk, second: committee[1]! };
}

const randomAddress = () => `198.51.100.${Math.floor(Math.random() * 250)}`;

describe('election voting codes', () => {
  it('wrong guesses from many addresses never shut out the other voters of the election', async () => {
    const e = await votingElection();
    const code = await e.codeFor(1);
    const p = code.startsWith('0000') ? '1111' : '0000'; // a prefix that is not this voter's
    // 40 wrong codes, each from a different address, all with one prefix: the old per-election count shut at 30.
    for (let i = 0; i < 40; i++) {
      await castBallotWithCode({ electionId: e.electionId, code: `${p}${String(i).padStart(8, '0')}`, roundNo: 1, ballot: e.ballot, client: `203.0.113.${i}`, sql });
    }
    const cast = await castBallotWithCode({ electionId: e.electionId, code, roundNo: 1, ballot: e.ballot, client: randomAddress(), sql });
    expect(cast).toMatchObject({ ok: true });
    // …while the guessed prefix itself slows down.
    expect(await castBallotWithCode({ electionId: e.electionId, code: `${p}99999999`, roundNo: 1, ballot: e.ballot, client: randomAddress(), sql })).toMatchObject({
      ok: false,
      key: 'election.errors.codeThrottled',
    });
  });

  it('slows down one guessing address with backoff, not the voter at another address', async () => {
    const e = await votingElection();
    const attacker = randomAddress();
    for (let i = 0; i < 10; i++) {
      const guess = `${String(1000 + i * 7)}${String(i).padStart(8, '0')}`; // ten different prefixes
      expect(await castBallotWithCode({ electionId: e.electionId, code: guess, roundNo: 1, ballot: e.ballot, client: attacker, sql })).toMatchObject({
        key: 'election.errors.codeInvalid',
      });
    }
    const code = await e.codeFor(2);
    const refused = await castBallotWithCode({ electionId: e.electionId, code, roundNo: 1, ballot: e.ballot, client: attacker, sql });
    expect(refused).toMatchObject({ ok: false, key: 'election.errors.codeThrottled', params: { seconds: 2 } });
    expect(await castBallotWithCode({ electionId: e.electionId, code, roundNo: 1, ballot: e.ballot, client: '2001:db8:5::1', sql })).toMatchObject({ ok: true });
  });
});

describe('consultation codes', () => {
  it('keeps codes as keyed hashes, not bare SHA-256 anyone can recompute', () => {
    const id = randomUUID();
    const bare = createHash('sha256').update(`${id}:ABCD2345`, 'utf8').digest('hex');
    expect(consultations.hashCode(id, 'abcd-2345')).not.toBe(bare);
    expect(consultations.hashCode(id, 'abcd-2345')).toBe(consultations.hashCode(id, 'ABCD2345'));
  });

  it('throttles a guessing address, not the others', async () => {
    const street = await createStreet(sql);
    const c = await createCommunity(sql, street.id);
    const secretary = await createUser(sql, [{ role: 'party_secretary', communityId: c.id }]);
    // The read-model row of a consultation collecting opinions (the workflow is not what is tested here).
    const consultationId = randomUUID();
    await sql`insert into consultations (id, community_id, number, title, state, snapshot, day_ms, periods, opinions_open_at, opinions_close_at, created_by)
              values (${consultationId}, ${c.id}, 1, '加装电梯', 'collecting', '{}', 86400000, '{}', now() - interval '1 hour', now() + interval '1 day', ${secretary.id})`;
    const attacker = randomAddress();
    const guess = (i: number, client = attacker) =>
      consultations.leaveOpinionWithCode(sql, { communityId: c.id, consultationId, opinionId: randomUUID(), code: `QQ${String.fromCharCode(65 + i)}A-BCDE`, text: '意见', client });
    for (let i = 0; i < 10; i++) expect(await guess(i)).toMatchObject({ ok: false, key: 'consultation.ui.errors.codeInvalid' });
    expect(await guess(11)).toMatchObject({ ok: false, key: 'security.code.throttled' });
    expect(await guess(12, randomAddress())).not.toMatchObject({ key: 'security.code.throttled' });
  });
});

describe('who may hold a code (issue 9, item 9)', () => {
  it('refuses a code for a voter who has an account', async () => {
    const e = await votingElection();
    const u = await createUser(sql, [{ role: 'resident', communityId: e.communityId }]);
    await sql`update voters set user_id = ${u.id} where id = ${e.ids[3]!.id}`;
    const r = await issueVotingCode(sql, { electionId: e.electionId, actor: e.clerk.userId, voterId: e.ids[3]!.id });
    expect(r).toEqual({ ok: false, key: 'security.code.voterHasAccount' });
    expect(await sql`select 1 from voting_codes where voter_id = ${e.ids[3]!.id}`).toHaveLength(0);
  });

  it('re-issues only when a second member confirms, and tells the supervision committee', async () => {
    const e = await votingElection();
    const voterId = e.ids[4]!.id;
    const first = await e.codeFor(4);
    const again = { electionId: e.electionId, actor: e.clerk.userId, voterId };
    expect(await issueVotingCode(sql, again)).toEqual({ ok: false, key: 'security.code.reissueRequested' });
    expect(await issueVotingCode(sql, again)).toEqual({ ok: false, key: 'security.code.reissueNeedsSecond' });
    const confirmed = await issueVotingCode(sql, { ...again, actor: e.second });
    if (!confirmed.ok) throw new Error(confirmed.key);
    expect(confirmed.code).not.toBe(first);
    // The old code no longer works; the new one does.
    expect(await castBallotWithCode({ electionId: e.electionId, code: first, roundNo: 1, ballot: e.ballot, sql })).toMatchObject({ key: 'election.errors.codeInvalid' });
    expect(await castBallotWithCode({ electionId: e.electionId, code: confirmed.code, roundNo: 1, ballot: e.ballot, sql })).toMatchObject({ ok: true });
    const tasks = await sql<{ kind: string; params: Record<string, string> }[]>`
      select kind, params from tasks where community_id = ${e.communityId} and assignee_role = 'supervisor'`;
    expect(tasks).toEqual([{ kind: 'security.code.reissueTask', params: { voter: expect.any(String), requestedBy: '甲', confirmedBy: '乙' } }]);
    const audit = await sql`select action, actor_user_id from audit_log where subject_id = ${voterId} order by id`;
    expect(audit.map((r) => r.action)).toEqual(['voting_code.issued', 'voting_code.reissue_requested', 'voting_code.reissued']);
  });
});
