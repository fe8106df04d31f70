/**
 * 1,000 concurrent duplicate votes by one voter: one secret ballot (the rest refused "already
 * voted"); and one representative's vote sent 1,000 times at once with the same idempotency key (a
 * browser's retries), written by guarded SQL (decision 060): exactly one recorded, one log entry,
 * the same answer to every copy.
 */
import { castOnlineBallot } from '../app/elections.server';
import { connect, type Sql } from '../db/client.server';
import { MotionDriver, fastSettings, key, setupCommunity, waitFor } from '../workflows/motion.testkit';
import { openElection } from './election';
import { Report, since } from './kit';

const COPIES = 1000;
/** Copies of one representative's vote (guarded SQL since decision 060; 50 was the Temporal Update's limit). */
export const VOTE_COPIES = 1000;

export async function duplicateBallotsDrill(o: { sql: Sql; databaseUrl: string; taskQueue: string; report: Report; copies?: number }) {
  const { sql, report } = o;
  const copies = o.copies ?? COPIES;
  const e = await openElection(sql, o.taskQueue, 10);
  const voter = e.ids[0]!;
  const wide = connect(o.databaseUrl, 50); // 50 connections: the copies really race in PostgreSQL
  const t0 = Date.now();
  try {
    const results = await Promise.all(
      Array.from({ length: copies }, () => castOnlineBallot({ electionId: e.electionId, voterId: voter.id, roundNo: 1, ballot: e.ballot, sql: wide }).catch((err: Error) => ({ ok: false as const, key: `error: ${err.message}` }))),
    );
    report.say(`${copies} copies of one voter's ballot sent at once over 50 connections, answered in ${since(t0)}`);
    const keys = new Map<string, number>();
    for (const r of results) if (!r.ok) keys.set(r.key, (keys.get(r.key) ?? 0) + 1);
    report.check('copies accepted', results.filter((r) => r.ok).length, 1);
    report.check('copies refused as "already voted"', keys.get('election.errors.alreadyVoted') ?? 0, copies - 1);
  } finally {
    await wide.end();
  }
  const [row] = await sql<{ p: number; b: number }[]>`
    select (select count(*)::int from election_participation where election_id = ${e.electionId}) as p,
           (select count(*)::int from ballots where election_id = ${e.electionId})
           + (select count(*)::int from ballot_buffer where election_id = ${e.electionId}) as b`;
  report.check('participation rows', row!.p, 1);
  report.check('ballots stored', row!.b, 1);
  report.done();
}

export async function duplicateVotesDrill(o: { sql: Sql; taskQueue: string; report: Report; copies?: number }) {
  const { sql, report } = o;
  const copies = o.copies ?? VOTE_COPIES;
  const c = await setupCommunity(sql);
  // A 3-minute window (3 scaled days): the copies must all be answered while it is open.
  const d = new MotionDriver(sql, c, o.taskQueue, fastSettings(60_000));
  d.quickNotices = true;
  await d.create();
  await d.toResolving();
  const { questionId, opensAt } = await d.scheduleVote();
  await d.untilOpen(opensAt);
  // The window opens on the workflow's timer, which may fire a little after opensAt; a copy sent
  // before would be refused, and every copy with its key gets the same answer. Another
  // representative's vote (fresh keys) tells when it is open.
  await waitFor(async () => (await d.vote(c.representatives[1]!, questionId)).ok, 60_000, 'the vote to open');
  const rep = c.representatives[0]!;
  const k = key();
  const t0 = Date.now();
  const errors = new Map<string, number>();
  const results = await Promise.all(
    Array.from({ length: copies }, () =>
      d.vote(rep, questionId, 'agree', k).catch((e: Error) => {
        const why = e.message.slice(0, 80);
        errors.set(why, (errors.get(why) ?? 0) + 1);
        return { ok: false as const, key: `error: ${why}` };
      }),
    ),
  );
  report.say(`${copies} copies of one representative's vote (same idempotency key) sent at once, all answered in ${since(t0)}`);
  for (const [why, n] of errors) report.say(`  ${n} copies failed: ${why}`);
  const refusals = new Map<string, number>();
  for (const r of results) if (!r.ok) refusals.set(r.key, (refusals.get(r.key) ?? 0) + 1);
  for (const [k2, n] of refusals) report.say(`  ${n} copies refused: ${k2}`);
  const versions = new Set(results.map((r) => (r.ok ? r.version : -1)));
  report.check('copies acknowledged', results.filter((r) => r.ok).length, copies);
  report.check('distinct answers (every copy gets the first one’s)', versions.size, 1);
  const [row] = await sql<{ votes: number; log: number }[]>`
    select (select count(*)::int from representative_votes where meeting_id = ${questionId} and voter_id = ${rep.id}) as votes,
           (select count(*)::int from representative_vote_log where meeting_id = ${questionId} and voter_id = ${rep.id}) as log`;
  report.check('votes recorded for this representative', row!.votes, 1);
  report.check('vote log entries for this representative', row!.log, 1);
  report.done();
}
