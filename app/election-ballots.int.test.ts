/**
 * The secret ballot on real PostgreSQL and Temporal: secrecy by schema (and by physical order and
 * xmin, from the shuffled batches on), one voter one ballot under 50 concurrent submissions, localized refusals
 * that change nothing, voting codes, paper/online exclusion, and a history that stays flat from
 * 10 to 10,000 ballots.
 */
import { writeFileSync } from 'node:fs';
import { temporal as proto } from '@temporalio/proto';
import { connect } from '../db/client.server';
import { drive, pause, runElectionUntil, syntheticVoters, voterIds, waitForPhase, yesTo, type DemoVoter } from '../db/seed-elections.server';
import { eightNominations, electionCommunity } from '../scripts/test-setup/elections';
import { testSql, fileWorker } from '../scripts/test-setup/services';
import { electionWorkflowId } from '../workflows/election-api';
import {
  castBallotWithCode,
  castOnlineBallot,
  findReceipt,
  issuePaperBallot,
  issueVotingCode,
} from './elections.server';
import { closeTemporal, temporal } from './temporal.server';

const sql = testSql();
/** A history as the replay test reads it (workflows/election-replay.int.test.ts). */
const recording = (workflowId: string, history: proto.api.history.v1.IHistory) =>
  JSON.stringify({ workflowId, historyBase64: Buffer.from(proto.api.history.v1.History.encode(history).finish()).toString('base64') });
const worker = fileWorker(sql, closeTemporal);

const DAY = 60;
const nominations = eightNominations;


async function electionWith(voters: readonly DemoVoter[], until: Parameters<typeof runElectionUntil>[1] = 'voting') {
  const { c, starter, committee, clerk } = await electionCommunity(sql);
  const run = await runElectionUntil({ sql, communityId: c.id, starter, committee, clerk, voters, nominations, dayMs: DAY, taskQueue: worker.taskQueue }, until);
  return { ...run, clerk, communityId: c.id };
}

/** Waits until the workflow's 8 scheduled re-seals of round 1 have run (so a test can look at what follows). */
async function scheduledResealsDone(electionId: string) {
  const handle = (await temporal()).workflow.getHandle(electionWorkflowId(electionId));
  for (;;) {
    const events = (await handle.fetchHistory()).events ?? [];
    const scheduled = new Set(
      events.filter((ev) => ev.activityTaskScheduledEventAttributes?.activityType?.name === 'resealBallots').map((ev) => Number(ev.eventId)),
    );
    const done = events.filter((ev) => ev.activityTaskCompletedEventAttributes && scheduled.has(Number(ev.activityTaskCompletedEventAttributes.scheduledEventId))).length;
    if (done >= 8) return;
    await pause(50);
  }
}

const counts = async (electionId: string) => {
  const [row] = await sql<{ p: number; b: number }[]>`
    select (select count(*)::int from election_participation where election_id = ${electionId}) as p,
           (select count(*)::int from ballots where election_id = ${electionId})
           + (select count(*)::int from ballot_buffer where election_id = ${electionId}) as b`;
  return row!;
};

describe('secrecy by schema', () => {
  it('participation and ballots share only the coarse (election, round) columns, and neither has time or sequence', async () => {
    const cols = await sql<{ table_name: string; column_name: string; data_type: string; column_default: string | null; is_identity: string }[]>`
      select table_name, column_name, data_type, column_default, is_identity from information_schema.columns
      where table_schema = 'public' and table_name in ('ballots', 'election_participation')`;
    const of = (t: string) => cols.filter((c) => c.table_name === t);
    const ballotCols = new Set(of('ballots').map((c) => c.column_name));
    const shared = of('election_participation').map((c) => c.column_name).filter((n) => ballotCols.has(n)).sort();
    expect(shared).toEqual(['election_id', 'round_no']);
    expect([...ballotCols].sort()).toEqual(['choices', 'election_id', 'id', 'receipt_hash', 'round_no']);
    for (const c of cols) {
      expect(c.data_type, `${c.table_name}.${c.column_name}`).not.toMatch(/time|date|interval/);
      expect(c.column_default ?? '', `${c.table_name}.${c.column_name}`).not.toMatch(/nextval|now\(|clock_timestamp|current_/);
      expect(c.is_identity, `${c.table_name}.${c.column_name}`).toBe('NO');
    }
    // The ballot id is random (gen_random_uuid), so it orders nothing.
    expect(of('ballots').find((c) => c.column_name === 'id')!.column_default).toBe('gen_random_uuid()');
    // No foreign key from one to the other in either direction.
    const fks = await sql<{ t: string; ref: string }[]>`
      select tc.table_name as t, ccu.table_name as ref from information_schema.table_constraints tc
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name
      where tc.constraint_type = 'FOREIGN KEY' and tc.table_name in ('ballots', 'election_participation')`;
    expect(fks.filter((f) => ['ballots', 'election_participation'].includes(f.ref))).toEqual([]);
  });

  it('after a re-seal neither xmin nor physical order pairs a ballot with its voter', async () => {
    const voters = syntheticVoters(200);
    const e = await electionWith(voters);
    const [d1, d2] = [e.ids[voters[0]!.name]!, e.ids[voters[1]!.name]!];
    const ids = await voterIds(sql, e.electionId);
    await scheduledResealsDone(e.electionId);
    // Voters in register order: even ones say yes to d1, odd ones to d2.
    for (const [i, v] of ids.entries()) {
      const r = await castOnlineBallot({ electionId: e.electionId, voterId: v.id, roundNo: 1, ballot: yesTo(e.snapshot, [i % 2 === 0 ? d1 : d2]), sql });
      expect(r.ok).toBe(true);
    }
    const parityOf = new Map(ids.map((v, i) => [v.id, i % 2]));
    const agreement = async () => {
      const parts = await sql<{ voterId: string }[]>`
        select voter_id as "voterId" from election_participation where election_id = ${e.electionId} order by ctid`;
      const balls = await sql<{ choices: { director: { marks: Record<string, string> } } }[]>`
        select choices from ballots where election_id = ${e.electionId} order by ctid`;
      let same = 0;
      balls.forEach((b, i) => {
        const forD1 = b.choices.director.marks[d1] === 'yes' ? 0 : 1;
        if (forD1 === parityOf.get(parts[i]!.voterId)) same++;
      });
      return same / balls.length;
    };
    const xminPairs = async () =>
      (await sql<{ n: number }[]>`
        select count(*)::int as n from ballots b join election_participation p
          on p.xmin = b.xmin and p.election_id = b.election_id
        where b.election_id = ${e.electionId}`)[0]!.n;
    // Even before the re-seal at close, no ballot has its voter's transaction id, and the ballots'
    // physical order says nothing: they arrive in shuffled batches (issue 9, item 10; decision 026).
    expect(await xminPairs()).toBe(0);
    const [buffered] = await sql<{ waiting: number }[]>`select count(*)::int as waiting from ballot_buffer where election_id = ${e.electionId}`;
    expect(buffered!.waiting).toBe(0); // 200 = ten full batches
    const before = await agreement();
    expect(before).toBeGreaterThan(0.3);
    expect(before).toBeLessThan(0.7);
    const batches = await sql<{ n: number }[]>`select count(distinct xmin::text)::int as n from ballots where election_id = ${e.electionId}`;
    expect(batches[0]!.n).toBeLessThanOrEqual(10);
    await drive(e.electionId, e.clerk, { action: 'closePolls' }); // closes and re-seals
    await waitForPhase(sql, e.electionId, 'counting');
    expect(await xminPairs()).toBe(0);
    const after = await agreement();
    expect(after).toBeGreaterThan(0.3); // a coin toss: 200 ballots put this outside 0.3–0.7 about once in 10⁸
    expect(after).toBeLessThan(0.7);
    expect(await counts(e.electionId)).toEqual({ p: 200, b: 200 });
  });
});

describe('one voter, one ballot', () => {
  it('records exactly one of 50 concurrent submissions by the same voter', async () => {
    const voters = syntheticVoters(10);
    const e = await electionWith(voters);
    const [voter] = await voterIds(sql, e.electionId);
    const pool = connect(process.env.DATABASE_URL!, 20);
    try {
      const results = await Promise.all(
        Array.from({ length: 50 }, () =>
          castOnlineBallot({ electionId: e.electionId, voterId: voter!.id, roundNo: 1, ballot: yesTo(e.snapshot, [e.ids[voters[0]!.name]!]), sql: pool }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(new Set(results.filter((r) => !r.ok).map((r) => (r as { key: string }).key))).toEqual(new Set(['election.errors.alreadyVoted']));
    } finally {
      await pool.end();
    }
    expect(await counts(e.electionId)).toEqual({ p: 1, b: 1 });
  });

  it('refuses an online ballot after a paper ballot and a paper ballot after an online one (edge #24)', async () => {
    const voters = syntheticVoters(10);
    const e = await electionWith(voters);
    const [a, b] = await voterIds(sql, e.electionId);
    const ballot = yesTo(e.snapshot, []);
    expect(await issuePaperBallot(sql, { electionId: e.electionId, actor: e.clerk.userId, voterId: a!.id, viaProxy: false })).toEqual({ ok: true });
    expect(await castOnlineBallot({ electionId: e.electionId, voterId: a!.id, roundNo: 1, ballot, sql })).toMatchObject({ ok: false, key: 'election.errors.alreadyVotedOnPaper' });
    expect((await castOnlineBallot({ electionId: e.electionId, voterId: b!.id, roundNo: 1, ballot, sql })).ok).toBe(true);
    expect(await issuePaperBallot(sql, { electionId: e.electionId, actor: e.clerk.userId, voterId: b!.id, viaProxy: false })).toMatchObject({ ok: false, key: 'election.errors.alreadyVotedOnline' });
    expect(await counts(e.electionId)).toEqual({ p: 2, b: 1 });
  });
});

describe('bad input gets a localized refusal and changes nothing', () => {
  it('refuses a non-candidate, too many choices, an unknown office, a non-voter, before opening and after closing', async () => {
    const voters = syntheticVoters(10);
    const before = await electionWith(syntheticVoters(10), 'candidates_published');
    const [early] = await voterIds(sql, before.electionId);
    expect(await castOnlineBallot({ electionId: before.electionId, voterId: early!.id, roundNo: 1, ballot: {}, sql })).toMatchObject({
      ok: false,
      key: 'election.errors.votingNotOpen',
    });
    expect(await counts(before.electionId)).toEqual({ p: 0, b: 0 });

    const e = await electionWith(voters);
    const [v] = await voterIds(sql, e.electionId);
    const cast = (ballot: Parameters<typeof castOnlineBallot>[0]['ballot'], voterId = v!.id) =>
      castOnlineBallot({ electionId: e.electionId, voterId, roundNo: 1, ballot, sql });
    const memberIds = e.snapshot.round!.form.sections.find((s) => s.office === 'member')!.candidateIds;
    const notCandidate = (await voterIds(sql, e.electionId)).find((x) => !Object.values(e.ids).includes(x.id))!;
    expect(await cast({ director: { marks: { [notCandidate.id]: 'yes' }, writeIns: [] } })).toEqual({
      ok: false,
      key: 'election.errors.notACandidate',
      params: { office: 'director' },
    });
    expect(await cast({ member: { marks: Object.fromEntries(memberIds.map((id) => [id, 'yes'])), writeIns: [] } })).toEqual({
      ok: false,
      key: 'election.errors.tooManyChoices',
      params: { office: 'member', seats: 3, chosen: 4 },
    });
    expect(await cast({ secretary: { marks: {}, writeIns: [] } } as never)).toMatchObject({ ok: false, key: 'election.errors.ballotUnknownOffice' });
    expect(await cast({ member: { marks: {}, writeIns: [notCandidate.id] } })).toMatchObject({ ok: false, key: 'election.errors.writeInNotEligible' });
    // A voter of another election, and a random id, are not on this register.
    expect(await cast({}, early!.id)).toMatchObject({ ok: false, key: 'election.errors.notOnRegister' });
    expect(await cast({}, '00000000-0000-4000-8000-000000000000')).toMatchObject({ ok: false, key: 'election.errors.notOnRegister' });
    // A ballot for round 2 while round 1 is open.
    expect(await castOnlineBallot({ electionId: e.electionId, voterId: v!.id, roundNo: 2, ballot: {}, sql })).toMatchObject({ ok: false, key: 'election.errors.votingClosed' });
    expect(await counts(e.electionId)).toEqual({ p: 0, b: 0 });

    await drive(e.electionId, e.clerk, { action: 'closePolls' });
    await waitForPhase(sql, e.electionId, 'counting');
    expect(await cast({})).toMatchObject({ ok: false, key: 'election.errors.votingClosed' });
    expect(await counts(e.electionId)).toEqual({ p: 0, b: 0 });
  });
});

describe('voting codes and receipts', () => {
  it('lets a voter without an account vote once with a code, and anyone check the receipt', async () => {
    const voters = syntheticVoters(10);
    const e = await electionWith(voters);
    const [v] = await voterIds(sql, e.electionId);
    const issued = await issueVotingCode(sql, { electionId: e.electionId, actor: e.clerk.userId, voterId: v!.id });
    if (!issued.ok) throw new Error(issued.key);
    expect(issued.code).toMatch(/^\d{12}$/);
    const stored = await sql`select code_hash from voting_codes where election_id = ${e.electionId}`;
    expect(stored[0]!.code_hash).not.toContain(issued.code);
    const ballot = yesTo(e.snapshot, [e.ids[voters[0]!.name]!]);
    expect(await castBallotWithCode({ electionId: e.electionId, code: '000000000000', roundNo: 1, ballot, sql })).toMatchObject({ ok: false, key: 'election.errors.codeInvalid' });
    const cast = await castBallotWithCode({ electionId: e.electionId, code: issued.code.replace(/(\d{4})/g, '$1 '), roundNo: 1, ballot, sql });
    if (!cast.ok) throw new Error(cast.key);
    expect(await castBallotWithCode({ electionId: e.electionId, code: issued.code, roundNo: 1, ballot, sql })).toMatchObject({ ok: false, key: 'election.errors.alreadyVoted' });
    expect(await findReceipt(sql, e.electionId, cast.receipt)).toEqual({ roundNo: 1 });
    expect(await findReceipt(sql, e.electionId, '123456789012')).toBeNull();
    // Guessing is throttled per client and code prefix, not per election: app/code-throttle.int.test.ts.
  });
});

/** History events other than workflow-task bookkeeping, by type. */
function logical(h: { events?: { eventType?: unknown }[] | null }) {
  const counts: Record<string, number> = {};
  for (const ev of h.events ?? []) {
    const type = String(ev.eventType);
    if (['5', '6', '7', '8', '9'].includes(type)) continue; // WORKFLOW_TASK_SCHEDULED … _FAILED
    counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

describe('scale', () => {
  // 2,000 ballots show that the history does not grow with them; 10,000 and 100,000 are for
  // `npm run bench`, where their time belongs (the suite runs beside the journeys on two cores).
  it('keeps the workflow history flat from 10 to 2,000 ballots', { timeout: 300_000 }, async () => {
    const runWith = async (n: number) => {
      const voters = syntheticVoters(n);
      const e = await electionWith(voters);
      const ids = await voterIds(sql, e.electionId);
      const yes = [e.ids[voters[0]!.name]!, e.ids[voters[2]!.name]!, e.ids[voters[4]!.name]!, e.ids[voters[5]!.name]!, e.ids[voters[6]!.name]!];
      const ballot = yesTo(e.snapshot, yes);
      const pool = connect(process.env.DATABASE_URL!, 8);
      const started = Date.now();
      try {
        let next = 0;
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            for (let i = next++; i < ids.length; i = next++) {
              const r = await castOnlineBallot({ electionId: e.electionId, voterId: ids[i]!.id, roundNo: 1, ballot, sql: pool });
              if (!r.ok) throw new Error(r.key);
            }
          }),
        );
      } finally {
        await pool.end();
      }
      const castMs = Date.now() - started;
      await scheduledResealsDone(e.electionId);
      await drive(e.electionId, e.clerk, { action: 'closePolls' });
      await drive(e.electionId, e.clerk, { action: 'tally' });
      const done = await waitForPhase(sql, e.electionId, 'closed', 60_000);
      expect(done.snapshot.rounds[0]!.count.returned).toBe(n);
      const handle = (await temporal()).workflow.getHandle(electionWorkflowId(e.electionId));
      await handle.result();
      const history = await handle.fetchHistory();
      return { events: history.events!.length, castMs, history, workflowId: electionWorkflowId(e.electionId) };
    };
    const small = await runWith(10);
    const large = await runWith(2_000);
    console.log(`history events: ${small.events} with 10 ballots, ${large.events} with 2,000 (cast in ${large.castMs} ms)`);
    // The workflow's own actions (timers, activities, updates) are exactly the same; only how the
    // server batches them into workflow tasks may differ by a task or two with timing.
    expect(logical(large.history)).toEqual(logical(small.history));
    expect(Math.abs(large.events - small.events)).toBeLessThanOrEqual(6);
    if (process.env.MINYI_RECORD_HISTORIES) writeFileSync('workflows/__histories__/election-main-round.json', recording(small.workflowId, small.history));
  });
});
