/**
 * A representative's vote, round trip (issue 15, benchmark 2), and motions carried per second.
 *
 * Since decision 060 a vote is a guarded SQL transaction and a signal (`votesChanged`): the web
 * answers once the vote is committed, and the workflow reads the ballots by an activity. So there
 * are two round trips, both measured through the built app (server.ts, as `npm start` serves it)
 * with a session cookie, one vote at a time, each a fresh form (a new idempotency key) that replaces
 * the representative's previous choice (decision 075):
 *  - **seen by the voter**: the confirm POST to /c/…/motions/…/vote, answered with its redirect,
 *    then the page it redirects to (the vote page's "done", rendered from the same read model as the
 *    motion page: `representative_votes`);
 *  - **seen by the workflow**: from sending the POST until the motion workflow's `motionState` query
 *    holds that version of the ballot in its vote book (the count the close will use).
 * Target: p95 < 150 ms (the issue's "form post → read model visible", on the dev server). Baselines
 * in the same run: the bare guarded SQL (`castRepresentativeVote` through postgres.js, no HTTP, no
 * signal) and the bare Remix action (bench/noop).
 *
 * Motions per second: `MINYI_BENCH_MOTIONS` (default 24) motions, each in its own community with
 * the testkit's roster of 6, driven at once by one in-process worker from 提议 (the party
 * committee's proposal) through 商议/审议 (joint and party members' meetings, notices taken as
 * posted) to 决议 (all six vote online; the vote closes early and the resolution is recorded).
 * Baseline: as many `systemCheck` workflows (one activity, one SQL write) at once.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Sql } from '../db/client.server';
import { closeDb } from '../db/client.server';
import { castRepresentativeVote } from '../db/motion-votes.server';
import { closeTemporal, runSystemCheck } from '../app/temporal.server';
import { motionStateQuery } from '../workflows/api';
import { MotionDriver, fastSettings, key, setupCommunity, waitFor, stateOf } from '../workflows/motion.testkit';
import { freePort } from '../scripts/lib/procs';
import type { Child } from '../drills/kit';
import type { Figure } from './harness';
import { startBuiltWeb } from './http-ballots.bench';
import { benchWorker, communityWithRoster, motionWithOpenVote } from './motion-kit';

const section = 'vote round trip';
const SAMPLES = Number(process.env.MINYI_BENCH_ROUNDTRIPS ?? 150);
const MOTIONS = Number(process.env.MINYI_BENCH_MOTIONS ?? 24);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (t0: number) => performance.now() - t0;

type Worker = Awaited<ReturnType<typeof benchWorker>>;

async function roundTrips(stack: { databaseUrl: string; temporalAddress: string }, sql: Sql, w: Worker) {
  // 50 on the roster; one never votes, so the vote stays open (it closes early once all have voted).
  const c = await communityWithRoster(sql, 50);
  const { d, questionId } = await motionWithOpenVote(sql, c, w.taskQueue, { dayMs: 20_000, votingWindowDays: 7 });
  const voters = c.voters.slice(0, 49);
  const sessions = new Map<string, string>();
  for (const p of voters) {
    const id = randomBytes(20).toString('hex');
    await sql`insert into sessions (id, user_id, expires_at) values (${id}, ${p.id}, ${new Date(Date.now() + 86_400_000)})`;
    sessions.set(p.id, id);
  }
  const handle = w.client.workflow.getHandle(`motion-${d.motionId}`);
  const version = new Map<string, number>();
  const choiceOf = (i: number) => (i % 2 ? 'agree' : 'disagree');

  // Baseline: the bare guarded SQL, one vote at a time.
  const bare: number[] = [];
  for (let i = 0; i < SAMPLES + 20; i++) {
    const p = voters[i % voters.length]!;
    const t0 = performance.now();
    const r = await castRepresentativeVote(sql, { motionId: d.motionId, meetingId: questionId, voterId: p.id, choice: choiceOf(i), idempotencyKey: key() });
    if (!r.ok) throw new Error(`bare vote refused: ${r.key}`);
    if (i >= 20) bare.push(ms(t0));
    version.set(p.id, r.version);
  }

  let web: Child | undefined;
  try {
    const port = await freePort();
    web = await startBuiltWeb({ ...stack, port, taskQueue: w.taskQueue });
    const base = `http://127.0.0.1:${port}`;
    const noop: number[] = [];
    for (let i = 0; i < SAMPLES + 20; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/bench/noop`, { method: 'POST', body: new URLSearchParams({ a: '1' }) });
      await res.text();
      if (i >= 20) noop.push(ms(t0));
    }
    const post = async (i: number) => {
      const p = voters[i % voters.length]!;
      const body = new URLSearchParams({ idempotencyKey: key(), questionId, choice: choiceOf(i), confirmed: 'on', intent: 'confirm' });
      const res = await fetch(`${base}/c/${c.slug}/motions/${d.motionId}/vote`, { method: 'POST', body, redirect: 'manual', headers: { cookie: `minyi_session=${sessions.get(p.id)}` } });
      await res.arrayBuffer();
      const location = res.headers.get('location');
      if (res.status !== 302 || !location?.includes('done=')) throw new Error(`vote answered ${res.status} ${location ?? ''}`);
      version.set(p.id, (version.get(p.id) ?? 0) + 1);
      return { p, location };
    };
    const seenByVoter: number[] = [];
    const seenByWorkflow: number[] = [];
    const postOnly: number[] = [];
    for (let i = 0; i < 2 * SAMPLES + 20; i++) {
      const t0 = performance.now();
      const { p, location } = await post(i);
      if (i >= 20) postOnly.push(ms(t0));
      if (i % 2 === 0) {
        const page = await fetch(`${base}${location}`, { headers: { cookie: `minyi_session=${sessions.get(p.id)}` } });
        const html = await page.text();
        if (page.status !== 200 || !html.includes('big-choice')) throw new Error(`done page ${page.status}`);
        if (i >= 20) seenByVoter.push(ms(t0));
      } else {
        const want = version.get(p.id)!;
        for (;;) {
          const st = await handle.query(motionStateQuery);
          if ((st.book?.ballots[p.id]?.version ?? 0) >= want) break;
        }
        if (i >= 20) seenByWorkflow.push(ms(t0));
      }
    }
    return { bare, noop, postOnly, seenByVoter, seenByWorkflow };
  } finally {
    await web?.stop();
  }
}

/** `n` motions at once from 提议 to 决议 on one worker; the wall time from the first proposal to the last resolution. */
async function motionsPerSecond(sql: Sql, w: Worker, n: number) {
  const drivers = [];
  for (let i = 0; i < n; i++) {
    const c = await setupCommunity(sql);
    const d = new MotionDriver(sql, c, w.taskQueue, fastSettings(1000, { votingWindowDays: 7 }));
    d.quickNotices = true;
    await d.create();
    drivers.push({ c, d });
  }
  const t0 = performance.now();
  // allSettled: a motion refused on a loaded machine is counted as not carried, and no call is left in flight.
  const settled = await Promise.allSettled(
    drivers.map(async ({ c, d }) => {
      const t = performance.now();
      await d.toResolving();
      const { questionId, opensAt } = await d.scheduleVote();
      await d.untilOpen(opensAt);
      for (const p of c.voters) {
        const r = await d.vote(p, questionId, 'agree');
        if (!r.ok) throw new Error(`vote refused: ${r.key}`);
      }
      await waitFor(async () => (await stateOf(sql, d.motionId)) !== 'resolving', 120_000, 'the resolution');
      return ms(t);
    }),
  );
  const wall = ms(t0);
  const each = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = settled.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error)?.message ?? r.reason)] : []));
  if (each.length === 0) throw new Error(`no motion reached 决议: ${failed[0]}`);
  const t1 = performance.now();
  const checks = await Promise.all(
    Array.from({ length: n }, async () => {
      const t = performance.now();
      await runSystemCheck(randomUUID(), w.taskQueue);
      return ms(t);
    }),
  );
  const checkWall = ms(t1);
  return { perSecond: each.length / (wall / 1000), wall, carried: each.length, failed, medianMs: pct(each, 50), checksPerSecond: n / (checkWall / 1000), checkMs: pct(checks, 50) };
}

export async function benchRoundTrip(stack: { databaseUrl: string; temporalAddress: string }, sql: Sql, figures: Figure[]): Promise<string[]> {
  const w = await benchWorker(stack, sql);
  try {
    const r = await roundTrips(stack, sql, w);
    const m = await motionsPerSecond(sql, w, MOTIONS);
    const bareP95 = { name: 'bare guarded SQL p95', value: pct(r.bare, 95) };
    figures.push(
      { section, name: 'seen by the voter (POST + its page), p95', value: pct(r.seenByVoter, 95), unit: 'ms', baseline: bareP95, target: { op: '<', value: 150 } },
      { section, name: 'seen by the workflow (POST → vote book), p95', value: pct(r.seenByWorkflow, 95), unit: 'ms', baseline: bareP95, target: { op: '<', value: 150 } },
      { section, name: `motions 提议 → 决议 per second (${MOTIONS} at once, one worker)`, value: m.perSecond, unit: 'motions/s', baseline: { name: 'systemCheck workflows/s', value: m.checksPerSecond } },
    );
    const line = (name: string, xs: number[], target: boolean) =>
      `| ${name} | ${xs.length} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 95).toFixed(1)} | ${(pct(xs, 95) / pct(r.bare, 95)).toFixed(1)}× | ${target ? (pct(xs, 95) < 150 ? 'met' : '**missed**') : ''} |`;
    return [
      'One vote at a time by 49 of the 50 on the roster, each a fresh form replacing the last choice; built app, session cookie, worker in the bench process.',
      '',
      '| round trip | samples | p50 ms | p95 ms | p95 vs bare SQL | p95 < 150 ms |',
      '|---|---|---|---|---|---|',
      line('baseline: bare guarded SQL (castRepresentativeVote, no HTTP, no signal)', r.bare, false),
      line('baseline: bare Remix action (POST /bench/noop)', r.noop, false),
      line('part of both: the confirm POST alone, answered with its redirect (vote committed, signal sent)', r.postOnly, false),
      line('seen by the voter: confirm POST (redirect) + the page it leads to', r.seenByVoter, true),
      line('seen by the workflow: POST sent → motionState query holds the ballot', r.seenByWorkflow, true),
      '',
      '| motions at once, one worker | wall s | per s | median motion s | baseline: systemCheck workflows/s (same count at once) |',
      '|---|---|---|---|---|',
      `| ${m.carried} of ${MOTIONS} from 提议 to 决议 (6 on each roster)${m.failed.length ? `; ${m.failed.length} failed, first: ${m.failed[0]!.slice(0, 120)}` : ''} | ${(m.wall / 1000).toFixed(1)} | ${m.perSecond.toFixed(2)} | ${(m.medianMs / 1000).toFixed(1)} | ${m.checksPerSecond.toFixed(1)} (median one: ${m.checkMs.toFixed(0)} ms) |`,
    ];
  } finally {
    await w.stop();
    await closeTemporal().catch(() => {});
    await closeDb().catch(() => {});
  }
}
