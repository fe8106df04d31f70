/**
 * Election drills: an election in its polling (换届选举, DOMAIN.md §4.2) takes online ballots from
 * 8 concurrent voters while a fault hits mid-way (the worker killed with SIGKILL, the Temporal
 * server stopped and started, PostgreSQL stopped and started); afterwards the polls close, the tally
 * runs, and every ballot accepted with a receipt is counted exactly once.
 */
import { castOnlineBallot, findReceipt } from '../app/elections.server';
import type { Sql } from '../db/client.server';
import type { Actor } from '../domain/election/process';
import { drive, runElectionUntil, syntheticVoters, voterIds, waitForPhase, yesTo } from '../db/seed-elections.server';
import { eightNominations, electionCommunity } from '../scripts/test-setup/elections';
import { Report, pool, since, sleep } from './kit';

export type ElectionDrill = {
  sql: Sql;
  taskQueue: string;
  report: Report;
  voters?: number; // default 240
  /** The fault, injected once a third of the ballots are in; resolves when the system is back. */
  fault: (report: Report) => Promise<void>;
  /** How long the workflow may take to finish after the fault (activity timeouts included). */
  finishWithinMs?: number;
};

type Outcome = { receipt?: string; unknownThenAlready?: boolean; refused?: string; attempts: number };

/** One voter's client: sends the ballot until it gets an answer; an error (no answer) is retried. */
async function voteUntilAnswered(sql: Sql, electionId: string, voterId: string, ballot: Parameters<typeof castOnlineBallot>[0]['ballot']): Promise<Outcome> {
  let unknown = false;
  for (let attempts = 1; ; attempts++) {
    try {
      const r = await castOnlineBallot({ electionId, voterId, roundNo: 1, ballot, sql });
      if (r.ok) return { receipt: r.receipt, attempts };
      if (r.key === 'election.errors.alreadyVoted' && unknown) return { unknownThenAlready: true, attempts };
      return { refused: r.key, attempts };
    } catch {
      unknown = true; // the database did not answer: the ballot may or may not be in
      await sleep(200);
    }
  }
}

/** A new election (community, committee, register of `n` synthetic voters, 8 candidates) with its polls open. */
export async function openElection(sql: Sql, taskQueue: string, n: number) {
  const voters = syntheticVoters(n);
  const { c, starter, committee, clerk } = await electionCommunity(sql);
  const e = await runElectionUntil({ sql, communityId: c.id, starter, committee, clerk, voters, nominations: eightNominations, dayMs: 60, taskQueue }, 'voting');
  const ids = await voterIds(sql, e.electionId);
  const yes = [e.ids[voters[0]!.name]!, e.ids[voters[2]!.name]!, e.ids[voters[4]!.name]!];
  return { electionId: e.electionId, slug: c.slug, snapshot: e.snapshot, ids, yes, ballot: yesTo(e.snapshot, yes), clerk };
}

export async function electionDrill(o: ElectionDrill) {
  const { sql, report } = o;
  const t0 = Date.now();
  const { electionId, ids, ballot, clerk } = await openElection(sql, o.taskQueue, o.voters ?? 240);
  report.say(`election ${electionId} open for polling with ${ids.length} voters (${since(t0)})`);

  let answered = 0;
  let fault: Promise<void> | undefined;
  const outcomes = await pool(ids, 8, async (v) => {
    const out = await voteUntilAnswered(sql, electionId, v.id, ballot);
    if (++answered === Math.floor(ids.length / 3)) fault = o.fault(report);
    return out;
  });
  await fault;
  const accepted = outcomes.filter((x) => x.receipt).map((x) => x.receipt!);
  const ambiguous = outcomes.filter((x) => x.unknownThenAlready).length;
  const refused = outcomes.filter((x) => x.refused);
  const retried = outcomes.filter((x) => x.attempts > 1).length;
  report.say(`ballots: ${accepted.length} accepted with a receipt, ${retried} sent again after no answer, ${ambiguous} of those already in (${since(t0)})`);

  const counted = await closeAndCount({ sql, report, electionId, clerk, receipts: accepted, ambiguous, finishWithinMs: o.finishWithinMs });
  report.check('refused ballots (must be none)', refused.length, 0);
  report.done();
  return { electionId, accepted: accepted.length, ambiguous, counted };
}

/**
 * Closes the polls, runs the tally, and checks that the ballots of every voter who got a receipt
 * (and of every voter whose retry found their ballot already in) are stored and counted, once each.
 */
export async function closeAndCount(o: {
  sql: Sql;
  report: Report;
  electionId: string;
  clerk: Actor;
  receipts: string[];
  ambiguous: number;
  finishWithinMs?: number;
}): Promise<number> {
  const { sql, report, electionId } = o;
  const t1 = Date.now();
  await drive(electionId, o.clerk, { action: 'closePolls' });
  await drive(electionId, o.clerk, { action: 'tally' });
  const done = await waitForPhase(sql, electionId, 'closed', o.finishWithinMs ?? 180_000);
  report.say(`polls closed and tallied ${since(t1)} after the last ballot`);
  const [row] = await sql<{ p: number; b: number }[]>`
    select (select count(*)::int from election_participation where election_id = ${electionId}) as p,
           (select count(*)::int from ballots where election_id = ${electionId})
           + (select count(*)::int from ballot_buffer where election_id = ${electionId}) as b`;
  let found = 0;
  for (const r of o.receipts) if (await findReceipt(sql, electionId, r)) found++;
  const expected = o.receipts.length + o.ambiguous;
  const counted = done.snapshot.rounds[0]!.count.returned;
  report.check('voters marked as having voted', row!.p, expected);
  report.check('ballots stored', row!.b, expected);
  report.check('ballots counted by the tally', counted, expected);
  report.check('receipts found on the public receipt check', found, o.receipts.length);
  return counted;
}
