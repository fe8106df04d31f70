/**
 * The public board through HTTP at 100,000 disclosures in one street office (issue 14): time to first
 * byte of the built app's pages (`remix build`, served by server.ts as `npm start` does) — a
 * community's and the street's first page, a filtered page and a Chinese search — one request at a
 * time, as a resident on a phone opens them. Baseline in the same run: the bare Remix action that does
 * nothing (app/routes/bench.noop.ts), the floor of the Express and Remix stack. Target: p95 < 30 ms.
 */
import { randomUUID } from 'node:crypto';
import type { Sql } from '../db/client.server';
import { freePort } from '../scripts/lib/procs';
import type { Child } from '../drills/kit';
import { seed } from './board.bench';
import type { Figure } from './harness';
import { startBuiltWeb } from './http-ballots.bench';

export const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** `n` timings of `request` (ms) after 20 untimed warm-ups: the JIT, the pool, the plan cache. */
export async function timedAfterWarmUp(request: () => Promise<number>, n: number): Promise<number[]> {
  for (let i = 0; i < 20; i++) await request();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) ms.push(await request());
  return ms;
}

/** Milliseconds from sending the request to the response's first byte (fetch resolves on the headers; Remix sends them once the loaders are done). */
export async function ttfb(url: string, init?: RequestInit): Promise<number> {
  const t0 = process.hrtime.bigint();
  const res = await fetch(url, init);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  await res.arrayBuffer();
  return ms;
}

export async function benchBoardHttp(stack: { databaseUrl: string; temporalAddress: string }, sql: Sql, figures: Figure[]): Promise<string[]> {
  const { streetOfficeId, communityIds } = await seed(sql, 10, 10_000);
  const [street] = await sql<{ slug: string }[]>`select slug from street_offices where id = ${streetOfficeId}`;
  const [community] = await sql<{ slug: string }[]>`select slug from communities where id = ${communityIds[0]!}`;
  let web: Child | undefined;
  try {
    const port = await freePort();
    web = await startBuiltWeb({ ...stack, port, taskQueue: `bench-${randomUUID()}` });
    const base = `http://127.0.0.1:${port}`;
    const n = 200;
    const noop = { name: 'bare Remix action p95', value: 0 };
    const views = async (name: string, request: () => Promise<number>, baseline = true): Promise<string> => {
      const ms = await timedAfterWarmUp(request, n);
      const p95 = pct(ms, 95);
      if (!baseline) noop.value = p95;
      else figures.push({ section: 'board (HTTP)', name: `${name}, TTFB p95`, value: p95, unit: 'ms', baseline: noop, target: { op: '<', value: 30 } });
      return `| ${name} | ${n} | ${pct(ms, 50).toFixed(2)} | ${p95.toFixed(2)} | ${baseline ? (p95 < 30 ? 'yes' : '**no**') : '(baseline)'} |`;
    };
    const page = (path: string) => () => ttfb(`${base}${path}`, { headers: { 'accept-language': 'zh-CN' } });
    const p = `/p/${community!.slug}`;
    const s = `/s/${street!.slug}`;
    const q = (w: string) => `?q=${encodeURIComponent(w)}`;
    return [
      '| board page (HTTP, built app, one request at a time) | requests | TTFB p50 ms | TTFB p95 ms | p95 < 30 ms |',
      '|---|---|---|---|---|',
      await views('baseline: bare Remix action (bench/noop)', () => ttfb(`${base}/bench/noop`, { method: 'POST', body: new URLSearchParams({ a: '1' }) }), false),
      await views('community board, first page', page(p)),
      await views('community board, kind filter + year', page(`${p}?kind=election&year=2021`)),
      await views('community board, search 电梯', page(`${p}${q('电梯')}`)),
      await views('street board (100,000), first page', page(s)),
      await views('street board, kind filter', page(`${s}?kind=catalogue`)),
      await views('street board, search 监控安装', page(`${s}${q('监控安装')}`)),
      await views('street board, search 第9999号 (rare)', page(`${s}${q('第9999号')}`)),
    ];
  } finally {
    await web?.stop();
  }
}
