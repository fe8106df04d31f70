/**
 * Motion drill: the representatives' online vote (决议, DOMAIN.md §3.4) with the fault injected
 * half-way through the votes; votes sent while the worker is gone wait for the next one. Every vote
 * acknowledged to its voter is recorded once; the same vote sent again (same idempotency key, as a
 * browser retry sends it) is not counted twice; once the window closes the motion moves on.
 */
import type { Sql } from '../db/client.server';
import { MotionDriver, fastSettings, key, setupCommunity, waitFor, stateOf } from '../workflows/motion.testkit';
import { closeTemporal } from '../app/temporal.server';
import { Report, since, sleep } from './kit';

/** Runs `fn` with the web process's command deadline (server.ts: 4.5 s), as a phone's vote meets it. */
async function withWebDeadline<T>(fn: () => Promise<T>): Promise<T> {
  const before = process.env.MINYI_COMMAND_DEADLINE_MS;
  process.env.MINYI_COMMAND_DEADLINE_MS = '4500';
  await closeTemporal(); // the client takes its deadline when it connects
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.MINYI_COMMAND_DEADLINE_MS;
    else process.env.MINYI_COMMAND_DEADLINE_MS = before;
    await closeTemporal();
  }
}

export type MotionDrill = {
  sql: Sql;
  taskQueue: string;
  report: Report;
  fault: (report: Report) => Promise<void>;
  /** One scaled "day"; the vote window is 3 of them and must outlast the fault. */
  dayMs?: number;
};

export async function motionDrill(o: MotionDrill) {
  const { sql, report } = o;
  const t0 = Date.now();
  const c = await setupCommunity(sql);
  const d = new MotionDriver(sql, c, o.taskQueue, fastSettings(o.dayMs ?? 7000));
  d.quickNotices = true;
  await d.create();
  await d.toResolving();
  const { questionId, opensAt, closesAt } = await d.scheduleVote();
  await d.untilOpen(opensAt);
  report.say(`motion ${d.motionId}: online vote open, ${c.voters.length} representatives on the roster (${since(t0)})`);

  const keys = c.voters.map(() => key());
  let resent = 0;
  /** As a browser does: a "try again" page (no answer within the web's 4.5 s deadline) leads to the same form sent again. */
  const vote = async (i: number) => {
    for (;;) {
      try {
        return await d.vote(c.voters[i]!, questionId, 'agree', keys[i]);
      } catch {
        resent++;
        await sleep(300);
      }
    }
  };
  const half = Math.ceil(c.voters.length / 2);
  const { first, rest, again } = await withWebDeadline(async () => {
    const first = await Promise.all(c.voters.slice(0, half).map((_, i) => vote(i)));
    const fault = o.fault(report);
    // Sent while the fault is on: answered once the system is back.
    const sent = Date.now();
    const rest = await Promise.all(
      c.voters.slice(half).map(async (_, i) => {
        const a = await vote(half + i);
        report.say(`vote sent during the fault answered after ${since(sent)}: ${a.ok ? 'acknowledged' : `refused ${a.key}`}`);
        return a;
      }),
    );
    await fault;
    // Every voter's browser sends its form once more (same idempotency key): nothing new may be counted.
    const again = await Promise.all(c.voters.map((_, i) => vote(i)));
    return { first, rest, again };
  });
  const answers = [...first, ...rest];
  const acknowledged = answers.filter((a) => a.ok).length;
  report.say(`votes: ${acknowledged} of ${answers.length} acknowledged, ${resent} sent again after "try again" (${since(t0)})`);
  const replaced = again.filter((a) => a.ok && a.replaced).length;

  const [counts] = await sql<{ votes: number; log: number; agree: number }[]>`
    select (select count(*)::int from representative_votes where meeting_id = ${questionId}) as votes,
           (select count(*)::int from representative_votes where meeting_id = ${questionId} and choice = 'agree') as agree,
           (select count(*)::int from representative_vote_log where meeting_id = ${questionId}) as log`;
  report.check('votes acknowledged (every voter)', acknowledged, c.voters.length);
  report.check('votes recorded', counts!.votes, acknowledged);
  report.check('agree votes recorded', counts!.agree, acknowledged);
  report.check('vote log entries (a retry adds none)', counts!.log, acknowledged);
  report.check('retries that replaced a vote', replaced, 0);
  const wait = closesAt - Date.now() + 60_000;
  const state = await waitFor(async () => {
    const s = await stateOf(sql, d.motionId);
    return s !== 'resolving' ? s : undefined;
  }, wait, 'the motion to leave 决议 after the window');
  report.say(`window closed: the motion moved on to ${state} (${since(t0)})`);
  report.check('motion resolved (state resolution_disclosed)', state === 'resolution_disclosed' ? 1 : 0, 1);
  report.done();
  return { motionId: d.motionId, acknowledged, recorded: counts!.votes };
}
