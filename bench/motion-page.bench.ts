/**
 * Server render of the motion page (issue 15, benchmark 5): /c/<community>/motions/<id> of a motion
 * whose representatives' meeting of 50 all voted online (the named vote table) and which holds 200
 * residents' opinions, in 决议公开 (resolution disclosed). Time to first byte of the built app
 * (`remix build`, server.ts as `npm start` serves it; Remix sends the headers once the loaders are
 * done and streams the render), one request at a time, signed in as a resident and as the director
 * (a committee member also gets an answer form under each of the 200 opinions). Baseline in the same
 * run: the bare Remix action (bench/noop). The issue sets no number for this page; it is held to the
 * board pages' p95 < 30 ms (issue 14), the project's one page-time target.
 */
import { randomBytes } from 'node:crypto';
import type { Sql } from '../db/client.server';
import { closeDb } from '../db/client.server';
import { closeTemporal } from '../app/temporal.server';
import { motionDetail } from '../app/motions.server';
import { expectOk, waitForState } from '../workflows/motion.testkit';
import { freePort } from '../scripts/lib/procs';
import type { Child } from '../drills/kit';
import { pct, timedAfterWarmUp, ttfb } from './board-http.bench';
import type { Figure } from './harness';
import { startBuiltWeb } from './http-ballots.bench';
import { benchWorker, communityWithRoster, motionWithOpenVote } from './motion-kit';

const section = 'motion page (HTTP)';

export async function benchMotionPage(stack: { databaseUrl: string; temporalAddress: string }, sql: Sql, figures: Figure[]): Promise<string[]> {
  const w = await benchWorker(stack, sql);
  let web: Child | undefined;
  try {
    const c = await communityWithRoster(sql, 50);
    const { d, questionId } = await motionWithOpenVote(sql, c, w.taskQueue, { dayMs: 2000, votingWindowDays: 7, opinions: 200 });
    for (const [i, p] of c.voters.entries()) expectOk(await d.vote(p, questionId, i % 5 === 0 ? 'disagree' : 'agree'));
    await waitForState(sql, d.motionId, 'resolution_disclosed', 60_000);
    const [counts] = await sql<{ votes: number; opinions: number }[]>`
      select (select count(*)::int from representative_votes where meeting_id = ${questionId}) as votes,
             (select count(*)::int from motion_opinions where motion_id = ${d.motionId}) as opinions`;
    const session = async (userId: string) => {
      const id = randomBytes(20).toString('hex');
      await sql`insert into sessions (id, user_id, expires_at) values (${id}, ${userId}, ${new Date(Date.now() + 86_400_000)})`;
      return { cookie: `minyi_session=${id}`, 'accept-language': 'zh-CN' };
    };
    const port = await freePort();
    // MINYI_BENCH_CPU_PROF=<dir>: a V8 CPU profile of the web process (bench/cpu-profile.ts reads it).
    const prof = process.env.MINYI_BENCH_CPU_PROF;
    web = await startBuiltWeb({ ...stack, port, taskQueue: w.taskQueue, nodeArgs: prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [] });
    const base = `http://127.0.0.1:${port}`;
    const page = `${base}/c/${c.slug}/motions/${d.motionId}`;
    const n = 200;
    const noop = { name: 'bare Remix action p95', value: 0 };
    const views = async (name: string, request: () => Promise<number>, baseline = true): Promise<string> => {
      const ms = await timedAfterWarmUp(request, n);
      const p95 = pct(ms, 95);
      if (!baseline) noop.value = p95;
      else figures.push({ section, name: `${name}, TTFB p95`, value: p95, unit: 'ms', baseline: noop, target: { op: '<', value: 30 } });
      return `| ${name} | ${n} | ${pct(ms, 50).toFixed(2)} | ${p95.toFixed(2)} | ${baseline ? `${(p95 / noop.value).toFixed(1)}×` : '1.0×'} | ${baseline ? (p95 < 30 ? 'met' : '**missed**') : '(baseline)'} |`;
    };
    // Where the time goes: the page's data in this process (motionDetail: the motion and its eight reads, no HTTP, no render).
    const loader: number[] = [];
    for (let i = 0; i < n + 20; i++) {
      const t0 = performance.now();
      if (!(await motionDetail(c.id, d.motionId, c.resident.caller))) throw new Error('motionDetail found nothing');
      if (i >= 20) loader.push(performance.now() - t0);
    }
    const resident = await session(c.resident.id);
    const director = await session(c.director.id);
    const bytes = (await (await fetch(page, { headers: director })).arrayBuffer()).byteLength;
    return [
      `Motion in 决议公开 with ${counts!.votes} named online votes and ${counts!.opinions} opinions; the director's page is ${(bytes / 1024).toFixed(0)} KB of HTML.`,
      '',
      '| motion page (HTTP, built app, one request at a time) | requests | TTFB p50 ms | TTFB p95 ms | p95 vs bare action | p95 < 30 ms |',
      '|---|---|---|---|---|---|',
      await views('baseline: bare Remix action (bench/noop)', () => ttfb(`${base}/bench/noop`, { method: 'POST', body: new URLSearchParams({ a: '1' }) }), false),
      `| where the time goes: motionDetail in process (the page's reads, no HTTP, no render) | ${n} | ${pct(loader, 50).toFixed(2)} | ${pct(loader, 95).toFixed(2)} | ${(pct(loader, 95) / noop.value).toFixed(1)}× | |`,
      await views('motion page, signed in as a resident', () => ttfb(page, { headers: resident })),
      await views('motion page, signed in as the director (answer forms)', () => ttfb(page, { headers: director })),
    ];
  } finally {
    await web?.stop();
    await w.stop();
    await closeTemporal().catch(() => {});
    await closeDb().catch(() => {});
  }
}
