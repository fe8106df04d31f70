/**
 * Scale-out (issue 15, benchmark 6): the ballot benchmark through the real HTTP voting action (a
 * form post with a one-time code, as a phone without JavaScript sends it) with 1 web process and 1
 * worker, then 2 web processes and 2 workers against one PostgreSQL and one Temporal server, then the
 * same on the production Temporal server on PostgreSQL (decision 057) instead of the dev server; and
 * Temporal's own share, workflows started and finished per second (systemCheck: one activity
 * writing to PostgreSQL). The load generator (drills/ballot-load.ts) runs in its own process; the
 * figures are ratios to the first setup of the same run.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { closeTemporal, runSystemCheck } from '../app/temporal.server';
import { closeDb, connect } from '../db/client.server';
import { KillableWorker } from '../drills/faults';
import { pool, type Child } from '../drills/kit';
import { DrillStack } from '../drills/stack';
import { ballotLoad, runLoad, startWeb } from '../drills/web';
import { freePort, nodeBin, run } from '../scripts/lib/procs';
import { temporalServerBuilt } from '../scripts/lib/temporal-server-pg';
import { bundleWorkflows } from '../worker/create';

type Setup = { label: string; webs: number; workers: number; kind: 'dev' | 'server' };
const SETUPS: Setup[] = [
  { label: '1 web, 1 worker, dev server', webs: 1, workers: 1, kind: 'dev' },
  { label: '2 web, 2 workers, dev server', webs: 2, workers: 2, kind: 'dev' },
  { label: '2 web, 2 workers, Temporal server on PostgreSQL', webs: 2, workers: 2, kind: 'server' },
];
const BALLOTS = Number(process.env.MINYI_BENCH_SCALEOUT_BALLOTS ?? 2000);
const CLIENTS = 100;
const WORKFLOWS = 200;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};

type Figures = { ballotsPerS: number; p50: number; p95: number; p99: number; errors: number; wfPerS: number; wfP95: number };

async function measureSetup(s: Setup, bundlePath: string): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'minyi-scaleout-'));
  chmodSync(dir, 0o755);
  const stack = new DrillStack(dir, s.kind);
  const children: { stop: () => Promise<void> }[] = [];
  try {
    await stack.start(console.error);
    process.env.DATABASE_URL = stack.databaseUrl;
    process.env.TEMPORAL_ADDRESS = stack.temporalAddress;
    const env = { databaseUrl: stack.databaseUrl, temporalAddress: stack.temporalAddress, bundlePath };
    const taskQueue = `bench-${randomUUID()}`;
    for (let i = 0; i < s.workers; i++) {
      const w = new KillableWorker(env, taskQueue);
      await w.start();
      children.push(w);
    }
    const sql = connect(stack.databaseUrl, 4);
    const { codes, form } = await ballotLoad(sql, taskQueue, BALLOTS + 200);
    await sql.end();
    const ports: number[] = [];
    const webs: Child[] = [];
    for (let i = 0; i < s.webs; i++) {
      ports.push(await freePort());
      webs.push(await startWeb(env, ports[i]!, taskQueue));
    }
    children.push(...webs);
    const baseUrls = ports.map((p) => `http://127.0.0.1:${p}`);
    await runLoad(dir, { ...form, baseUrls, codes: codes.slice(0, 200), concurrency: 20 }, () => {}); // warm-up
    const load = await runLoad(dir, { ...form, baseUrls, codes: codes.slice(200), concurrency: CLIENTS }, () => {});
    const ok = load.outcomes.filter((o) => o.receipt);
    const ms = ok.map((o) => o.ms);

    const wfMs: number[] = [];
    const t0 = Date.now();
    await pool(Array.from({ length: WORKFLOWS }, (_, i) => i), 20, async (i) => {
      const t = performance.now();
      await runSystemCheck(`bench-${i}-${randomUUID()}`, taskQueue);
      wfMs.push(performance.now() - t);
    });
    const wfPerS = WORKFLOWS / ((Date.now() - t0) / 1000);
    return {
      ballotsPerS: ok.length / (load.ms / 1000),
      p50: pct(ms, 50),
      p95: pct(ms, 95),
      p99: pct(ms, 99),
      errors: load.outcomes.length - ok.length,
      wfPerS,
      wfP95: pct(wfMs, 95),
    };
  } finally {
    for (const c of children.reverse()) await c.stop().catch(() => {});
    await closeTemporal().catch(() => {});
    await closeDb().catch(() => {});
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Markdown rows. The production server is built on first use (about 11 minutes): only when
 * `buildServer` (`npm run bench -- scaleout`); otherwise its row runs when the build is cached.
 */
export async function benchScaleout(o: { buildServer: boolean }): Promise<string[]> {
  const code = await run(process.execPath, [nodeBin('@remix-run/dev/dist/cli.js'), 'build'], { ...process.env, NODE_ENV: 'production', VITE_CJS_IGNORE_WARNING: 'true' });
  if (code !== 0) throw new Error(`remix build failed (exit ${code})`);
  const bundleDir = mkdtempSync(join(tmpdir(), 'minyi-scaleout-bundle-'));
  // One data directory (data key) for this process and every child of every setup: the key is read once per process.
  process.env.MINYI_DATA_DIR = bundleDir;
  const bundlePath = join(bundleDir, 'workflows.js');
  writeFileSync(bundlePath, (await bundleWorkflows()).code);
  const rows = [
    `${BALLOTS} ballots, ${CLIENTS} concurrent clients (one process, Node fetch), each a form post with a one-time code; ${WORKFLOWS} systemCheck workflows, 20 at a time`,
    '',
    '| setup | ballots/s | vs first | p50 ms | p95 ms | p99 ms | errors | workflows/s | vs first | workflow p95 ms |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  let first: Figures | undefined;
  try {
    for (const s of SETUPS) {
      if (s.kind === 'server' && !o.buildServer && !temporalServerBuilt()) {
        rows.push(`| ${s.label} | not built: \`npm run bench -- scaleout\` builds it once (about 11 min) | | | | | | | | |`);
        continue;
      }
      const f = await measureSetup(s, bundlePath);
      first ??= f;
      const r = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
      rows.push(
        `| ${s.label} | ${f.ballotsPerS.toFixed(0)} | ${r(f.ballotsPerS, first.ballotsPerS)} | ${f.p50.toFixed(0)} | ${f.p95.toFixed(0)} | ${f.p99.toFixed(0)} | ${f.errors} | ${f.wfPerS.toFixed(1)} | ${r(f.wfPerS, first.wfPerS)} | ${f.wfP95.toFixed(0)} |`,
      );
    }
  } finally {
    rmSync(bundleDir, { recursive: true, force: true });
  }
  return rows;
}
