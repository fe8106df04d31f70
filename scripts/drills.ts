/**
 * `npm run drills [name…]`: the fault drills on a stack of their own (drills/stack.ts: embedded
 * PostgreSQL and the Temporal dev server with a history file, or MINYI_TEMPORAL=server for the
 * production server on PostgreSQL), a worker and web processes started and killed here. Each drill
 * prints what it did and what it counted; any loss or double count fails it, and the run exits 1.
 * The short ones also run in `npm test` (scripts/drills-*.int.test.ts).
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { connect, type Sql } from '../db/client.server';
import { duplicateBallotsDrill, duplicateVotesDrill } from '../drills/duplicates';
import { electionDrill } from '../drills/election';
import { KillableWorker } from '../drills/faults';
import { Report, since, sleep, type DrillEnv } from '../drills/kit';
import { motionDrill } from '../drills/motion';
import { DrillStack } from '../drills/stack';
import { startWeb, webKillDrill } from '../drills/web';
import { surviveLostPostgresWrites } from '../db/postgres-crash';
import { bundleWorkflows } from '../worker/create';
import { freePort, nodeBin, run } from './lib/procs';

Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } } });

// The drills process survives postgres.js's lost-write crash (db/postgres-crash.ts) and counts it.
let postgresJsCrashes = 0;
surviveLostPostgresWrites(() => postgresJsCrashes++);

type Ctx = { sql: Sql; env: DrillEnv; stack: DrillStack; worker: KillableWorker; dir: string };
type Drill = { name: string; what: string; web?: boolean; run: (c: Ctx, r: Report) => Promise<void> };

/** While PostgreSQL is down, a page says "try again" in the reader's language (root error boundary). */
async function pageWhileDown(port: number, report: Report): Promise<void> {
  for (const [lng, text] of [['zh-CN', '请稍后再试'], ['en', 'try again']] as const) {
    const t0 = Date.now();
    // The public board reads the database at once (the login page does not).
    const r = await fetch(`http://127.0.0.1:${port}/p/chunhui?lng=${lng}`).catch(() => undefined);
    const html = (await r?.text()) ?? '';
    report.say(`GET /p/chunhui?lng=${lng} while PostgreSQL is down: HTTP ${r?.status ?? 'no answer'} in ${since(t0)}`);
    report.check(`page says "${text}" (${lng})`, html.includes(text) ? 1 : 0, 1);
  }
}

const DRILLS: Drill[] = [
  {
    name: 'duplicates',
    what: '1,000 concurrent duplicate votes by one voter (secret ballot; representative vote)',
    run: async (c, r) => {
      await duplicateBallotsDrill({ sql: c.sql, databaseUrl: c.env.databaseUrl, taskQueue: c.worker.taskQueue, report: r });
      await duplicateVotesDrill({ sql: c.sql, taskQueue: c.worker.taskQueue, report: r });
    },
  },
  {
    name: 'worker-polling',
    what: 'kill -9 the worker during an election’s polling',
    run: async (c, r) => void (await electionDrill({ sql: c.sql, taskQueue: c.worker.taskQueue, report: r, fault: (rep) => c.worker.killAndRestart(rep) })),
  },
  {
    name: 'worker-motion',
    what: 'kill -9 the worker during a motion’s voting window',
    // Votes sent after the kill are answered only after about a minute (see docs/performance.md): a 90 s window.
    run: async (c, r) => void (await motionDrill({ sql: c.sql, taskQueue: c.worker.taskQueue, report: r, dayMs: 30_000, fault: (rep) => c.worker.killAndRestart(rep) })),
  },
  {
    name: 'web-kill',
    what: 'kill -9 the web process while the load generator posts ballots',
    web: true,
    run: (c, r) => webKillDrill({ sql: c.sql, env: c.env, taskQueue: c.worker.taskQueue, report: r, dir: c.dir }),
  },
  {
    name: 'temporal-restart',
    what: 'stop and start the Temporal server (history kept) during polling',
    run: async (c, r) => {
      await electionDrill({
        sql: c.sql,
        taskQueue: c.worker.taskQueue,
        report: r,
        fault: async (rep) => {
          await c.stack.stopTemporal();
          rep.say(`${c.stack.label} stopped`);
          await sleep(3000);
          await c.stack.startTemporal();
          rep.say(`${c.stack.label} started again on ${c.stack.temporalAddress}`);
        },
      });
      r.check('worker process still running after the restart', c.worker.alive() ? 1 : 0, 1);
    },
  },
  {
    name: 'postgres-stop',
    what: 'stop and start PostgreSQL during polling: activities retry, the UI says "try again"',
    web: true,
    run: async (c, r) => {
      const port = await freePort();
      const web = await startWeb(c.env, port, c.worker.taskQueue);
      try {
        await electionDrill({
          sql: c.sql,
          taskQueue: c.worker.taskQueue,
          report: r,
          fault: async (rep) => {
            await c.stack.stopPostgres();
            rep.say('PostgreSQL stopped');
            await pageWhileDown(port, rep);
            await sleep(3000);
            await c.stack.startPostgres();
            rep.say('PostgreSQL started again');
            if (!c.worker.alive()) {
              rep.say('the worker process had died (postgres.js #1208, see docs/performance.md): started again, as npm start supervises it');
              await c.worker.start();
            }
            if (!web.alive()) rep.say('the web process had died (postgres.js #1208)');
          },
        });
      } finally {
        await web.stop();
      }
      r.say(`postgres.js null-socket crashes caught in the drills process: ${postgresJsCrashes}`);
      r.check('worker process running after the drill', c.worker.alive() ? 1 : 0, 1);
    },
  },
];

async function main(names: string[]): Promise<number> {
  const unknown = names.filter((n) => !DRILLS.some((d) => d.name === n));
  if (unknown.length) throw new Error(`unknown drill ${unknown.join(', ')} (${DRILLS.map((d) => d.name).join(', ')})`);
  const chosen = names.length ? DRILLS.filter((d) => names.includes(d.name)) : DRILLS;
  const dir = mkdtempSync(join(tmpdir(), 'minyi-drills-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as `postgres` and must traverse it
  process.env.MINYI_DATA_DIR = dir; // one data key for this process, the worker and the web
  const stack = new DrillStack(dir);
  let worker: KillableWorker | undefined;
  let sql: Sql | undefined;
  const results: { name: string; ok: boolean; s: number; why?: string }[] = [];
  try {
    console.log(`# Minyi fault drills — ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
    await stack.start(console.log);
    process.env.DATABASE_URL = stack.databaseUrl;
    process.env.TEMPORAL_ADDRESS = stack.temporalAddress;
    console.log(`stack: embedded PostgreSQL, ${stack.label} at ${stack.temporalAddress}`);
    const bundlePath = join(dir, 'workflows.js');
    writeFileSync(bundlePath, (await bundleWorkflows()).code);
    if (chosen.some((d) => d.web)) {
      console.log('› remix build (the web drills run the built app)');
      const code = await run(process.execPath, [nodeBin('@remix-run/dev/dist/cli.js'), 'build'], { ...process.env, NODE_ENV: 'production', VITE_CJS_IGNORE_WARNING: 'true' });
      if (code !== 0) throw new Error(`remix build failed (exit ${code})`);
    }
    const env: DrillEnv = { databaseUrl: stack.databaseUrl, temporalAddress: stack.temporalAddress, bundlePath };
    sql = connect(stack.databaseUrl, 10);
    worker = new KillableWorker(env);
    await worker.start();
    for (const d of chosen) {
      console.log(`\n## ${d.name}: ${d.what}`);
      const report = new Report(d.name);
      const t0 = Date.now();
      try {
        await d.run({ sql, env, stack, worker, dir }, report);
        report.done();
        results.push({ name: d.name, ok: true, s: (Date.now() - t0) / 1000 });
      } catch (e) {
        console.log(`  ✗ ${(e as Error).message}`);
        results.push({ name: d.name, ok: false, s: (Date.now() - t0) / 1000, why: (e as Error).message });
      }
    }
  } finally {
    await worker?.stop().catch(() => {});
    await sql?.end({ timeout: 2 }).catch(() => {});
    const { closeTemporal } = await import('../app/temporal.server');
    await closeTemporal().catch(() => {});
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('\n| drill | result | time |\n|---|---|---|');
  for (const r of results) console.log(`| ${r.name} | ${r.ok ? 'passed' : `FAILED: ${r.why}`} | ${r.s.toFixed(0)} s |`);
  return results.every((r) => r.ok) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`✗ ${(e as Error).message}`);
    process.exit(1);
  },
);
