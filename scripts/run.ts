/**
 * `npm start` and `npm test`, after scripts/lib/bootstrap.mjs has installed dependencies.
 *
 *   start  PostgreSQL + Temporal (embedded/dev server, or DATABASE_URL / TEMPORAL_ADDRESS),
 *          migrations, demo data on first run, the worker and the web server. Ctrl-C stops all.
 *   test   the whole suite against throw-away PostgreSQL and Temporal dev servers:
 *          unit and integration tests (vitest), then Playwright journeys in Chromium.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { notifyConfig, smsReachesRealPhones } from '../activities/notify-config';
import { hashPassword } from '../app/auth.server';
import { connect } from '../db/client.server';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoEnabled, seedDemo } from '../db/seed.server';
import { seedE2eCommunity } from '../db/seed-e2e.server';
import { seedDemoConsultations } from '../db/seed-consultations.server';
import { seedDemoMotions } from '../db/seed-motions.server';
import { seedDemoElections } from '../db/seed-elections.server';
import { TASK_QUEUE } from '../workflows/config';
import { ensureChromium } from './lib/chromium';
import { dataRoot, repoRoot } from './lib/paths';
import { reapOrphan } from './lib/pidfile';
import { beginShutdown, freePort, nodeBin, run, runLabelled, supervise, waitForHttp, type Service } from './lib/procs';
import { bringUpStack, stopAll, type Stack } from './lib/stack';
import { ensureTemporalCli } from './lib/temporal-cli';
import { EMPTY_ADMIN, EMPTY_SPEC } from './test-setup/empty-start';

const log = (line: string) => console.log(line);

function fail(e: unknown): never {
  console.error(`\n✗ ${(e as Error).message ?? e}`);
  process.exit(1);
}

async function buildWeb(): Promise<void> {
  log('› 构建网页 building the web app (remix build)…');
  const code = await run(process.execPath, [nodeBin('@remix-run/dev/dist/cli.js'), 'build'], {
    ...process.env,
    NODE_ENV: 'production',
    VITE_CJS_IGNORE_WARNING: 'true', // @remix-run/dev loads Vite's CJS API; the classic compiler does not use it
  });
  if (code !== 0) throw new Error(`remix build failed (exit ${code})`);
}

function appEnv(stack: Stack, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    MINYI_DATA_DIR: process.env.MINYI_DATA_DIR,
    NODE_ENV: 'production',
    DATABASE_URL: stack.databaseUrl,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    ...extra,
  };
}

/** Worker and web server, supervised; resolves once both answer. */
async function startApp(
  stack: Stack,
  opts: { port: number; dir: string; services: Service[]; env?: Record<string, string>; quiet?: boolean; name?: string },
): Promise<void> {
  const { port, dir, services } = opts;
  const env = appEnv(stack, { PORT: String(port), ...opts.env });
  const onOutput = opts.quiet ? () => {} : undefined;
  const suffix = opts.name ? `-${opts.name}` : '';
  const [workerPid, webPid] = [join(dir, `worker${suffix}.pid`), join(dir, `web${suffix}.pid`)];
  await reapOrphan(workerPid, 'worker/main.ts', 'worker');
  await reapOrphan(webPid, join(repoRoot, 'server.ts'), 'web server');
  const worker = supervise({
    name: `worker${suffix}`,
    args: ['--import', 'tsx', join(repoRoot, 'worker/main.ts')],
    env,
    onOutput,
    pidFile: workerPid,
  });
  const web = supervise({
    name: `web${suffix}`,
    args: ['--import', 'tsx', join(repoRoot, 'server.ts'), join(repoRoot, 'build/index.js')],
    env,
    onOutput,
    pidFile: webPid,
  });
  services.push(worker, web);
  await waitForHttp(`http://127.0.0.1:${port}/login`, 60_000);
  // The systemCheck workflow proves the worker polls and writes to PostgreSQL.
  process.env.TEMPORAL_ADDRESS = stack.temporalAddress;
  const { runSystemCheck, closeTemporal } = await import('../app/temporal.server');
  await runSystemCheck(`startup-${Date.now()}`, opts.env?.MINYI_TASK_QUEUE);
  await closeTemporal();
}

/**
 * Demo processes (motions in several stages…) run through the real workflows, so they need the
 * worker; each seed does nothing when its data exists (first start only).
 */
async function seedDemoProcesses(databaseUrl: string, taskQueue?: string): Promise<void> {
  const sql = connect(databaseUrl, 4);
  try {
    const [chunhui] = await sql<{ id: string }[]>`select id from communities where slug = 'chunhui'`;
    if (!chunhui) return;
    const { temporal } = await import('../app/temporal.server');
    const consultations = await seedDemoConsultations({
      sql,
      client: await temporal(),
      taskQueue: taskQueue ?? TASK_QUEUE,
      log: (l) => log(`  ${l}`),
    });
    if (consultations) log('✓ 演示协商目录与协商 demo catalogue and consultation');
    const motions = await seedDemoMotions({ sql, communityId: chunhui.id, hashPassword, taskQueue, log: (l) => log(`  ${l}`) });
    if (motions.created) log(`✓ 演示议题 demo motions: ${motions.motions.length}`);
    if (await seedDemoElections({ sql, hashPassword, taskQueue, log: (l) => log(`  ${l}`) })) {
      log('✓ 演示选举 demo elections: one finished, one open');
    }
  } finally {
    await sql.end();
    const { closeTemporal } = await import('../app/temporal.server');
    await closeTemporal();
  }
}

/** The journey that starts from nothing (e2e/empty-start.spec.ts) and the app it runs against. */

/**
 * A second app (worker + web server, task queue `minyi-empty`) on a database that holds only what
 * `npm run admin -- create-platform-admin` creates: MINYI_DEMO=off as a new installation sees it.
 */
async function startEmptyApp(stack: Stack, opts: { dir: string; services: Service[] }): Promise<{ baseUrl: string }> {
  const admin = connect(stack.databaseUrl, 1);
  await admin.unsafe('create database minyi_empty');
  await admin.end();
  const emptyStack = { ...stack, databaseUrl: stack.databaseUrl.replace(/\/minyi$/, '/minyi_empty') };
  const { migrate } = await import('../db/migrate.server');
  const { runAdmin } = await import('./admin');
  const sql = connect(emptyStack.databaseUrl, 2);
  try {
    await migrate(sql);
    await runAdmin(['create-platform-admin', '--username', EMPTY_ADMIN.username, '--name', EMPTY_ADMIN.name, '--password', EMPTY_ADMIN.password], sql, () => {});
  } finally {
    await sql.end();
  }
  const port = await freePort();
  await startApp(emptyStack, { port, ...opts, env: { MINYI_TASK_QUEUE: 'minyi-empty', MINYI_DEMO: 'off' }, quiet: true, name: 'empty' });
  log('✓ 空库应用 empty-database app (platform admin only)');
  return { baseUrl: `http://127.0.0.1:${port}` };
}

async function start(check = false): Promise<void> {
  const dir = dataRoot();
  const services: Service[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    beginShutdown();
    log('\n› 正在停止 stopping…');
    await stopAll(services);
    log('✓ 已停止 stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  log('民议 Minyi — 启动中 starting');
  if (demoEnabled() && smsReachesRealPhones(notifyConfig())) {
    // The demo's voters and residents have made-up numbers that look real: never text them.
    log('✗ 演示数据不能和真实短信服务一起用 demo data with a real SMS provider (MINYI_ALIYUN_*): the demo’s made-up phone numbers would be texted. Set MINYI_DEMO=off for a real installation.');
    process.exit(1);
  }
  process.env.MINYI_DATA_DIR = dir; // one data directory (and election data key) for every process
  const stack = await bringUpStack({
    dir,
    persistent: true,
    pgPort: Number(process.env.MINYI_PG_PORT ?? 54329),
    temporalPort: Number(process.env.MINYI_TEMPORAL_PORT ?? 7233),
    temporalUiPort: Number(process.env.MINYI_TEMPORAL_UI_PORT ?? 8233),
    useEnv: true,
    log,
    services,
  });
  if (stopping) return;

  const demo = demoEnabled();
  if (demo) {
    const sql = connect(stack.databaseUrl, 1);
    try {
      if (await seedDemo(sql, hashPassword)) log('✓ 已创建演示数据 demo data created (first run)');
    } finally {
      await sql.end();
    }
  } else log('✓ MINYI_DEMO=off: 不创建演示数据 no demo data');

  const port = Number(process.env.PORT ?? 3000);
  await buildWeb();
  await startApp(stack, { port, dir, services });
  const { ensureChainCheckSchedule } = await import('../app/chain-check.server');
  if ((await ensureChainCheckSchedule()) === 'created') log('✓ 每晚完整校验公开记录 nightly disclosure chain check scheduled');
  if (demo) await seedDemoProcesses(stack.databaseUrl);

  const appUrl = `http://localhost:${port}`;
  log('');
  log('════════════════════════════════════════════════════════════');
  log(` 民议 Minyi 已启动 is running`);
  log(`   网页 App:              ${appUrl}`);
  log(`   Temporal Web UI:       ${stack.temporalUiUrl ?? '(TEMPORAL_ADDRESS: use your cluster’s UI)'}`);
  log(`   数据 Data:             ${process.env.DATABASE_URL ? 'DATABASE_URL' : dir}`);
  log('');
  if (demo) {
    log(` 演示账号 Demo logins (密码 password: ${DEMO_PASSWORD})`);
    for (const a of DEMO_ACCOUNTS) log(`   ${a.username.padEnd(20)} ${a.displayName}  ${a.role}${a.community ? ` @ ${a.community}` : ''}`);
  } else {
    log(' 首次使用 First use: npm run admin -- create-platform-admin --username … --name … --password …');
  }
  log('');
  if (check) {
    log(' --check: 启动检查通过 start-up check passed; stopping');
    log('════════════════════════════════════════════════════════════');
    await shutdown(0);
    return;
  }
  log(' 按 Ctrl-C 停止 press Ctrl-C to stop');
  log('════════════════════════════════════════════════════════════');
}

type Result = { name: string; code: number };
const vitest = nodeBin('vitest/vitest.mjs');

/** tsc, eslint and the unit tests need no services: two at a time, each one's output kept together. */
async function staticChecks(wants: (k: string) => boolean, only: string[]): Promise<Result[]> {
  const steps: [string, string[]][] = [];
  if (wants('check')) {
    steps.push(['tsc', [nodeBin('typescript/bin/tsc'), '--noEmit', '-p', repoRoot]]);
    steps.push(['eslint', [nodeBin('eslint/bin/eslint.js'), '--max-warnings=0', repoRoot]]);
  }
  if (wants('unit')) steps.push(['unit', [vitest, 'run', '--project', 'unit', ...only]]);
  if (steps.length) log(`› ${steps.map(([n]) => n).join(', ')}: 类型、代码检查与单元测试 type check, lint, unit tests`);
  const results: Result[] = [];
  const next = async (): Promise<void> => {
    const step = steps.shift();
    if (!step) return;
    results.push({ name: step[0], code: await runLabelled(step[0], process.execPath, step[1], { mode: 'buffer' }) });
    await next();
  };
  await Promise.all([next(), next()]);
  return results;
}

/** The demo app the journeys run against (own database and task queue), and the empty installation. */
async function prepareE2e(stack: Stack, dir: string, services: Service[], only: string[]): Promise<NodeJS.ProcessEnv> {
  await buildWeb();
  const admin = connect(stack.databaseUrl, 1);
  await admin.unsafe('create database minyi_e2e');
  await admin.end();
  const e2eStack = { ...stack, databaseUrl: stack.databaseUrl.replace(/\/minyi$/, '/minyi_e2e') };
  const { migrate } = await import('../db/migrate.server');
  const sql = connect(e2eStack.databaseUrl, 2);
  await migrate(sql);
  await seedDemo(sql, hashPassword);
  await seedE2eCommunity(sql, await hashPassword(DEMO_PASSWORD));
  await sql.end();
  const port = await freePort();
  await startApp(e2eStack, { port, dir, services, env: { MINYI_TASK_QUEUE: 'minyi-e2e' }, quiet: true });
  // The empty-start journey alone needs none of the demo's running processes (they take minutes).
  const onlyEmpty = only.length > 0 && only.every((f) => f.includes(EMPTY_SPEC));
  if (!onlyEmpty) await seedDemoProcesses(e2eStack.databaseUrl, 'minyi-e2e');
  const empty = only.length === 0 || only.some((f) => f.includes(EMPTY_SPEC)) ? await startEmptyApp(stack, { dir, services }) : null;
  return appEnv(e2eStack, { BASE_URL: `http://127.0.0.1:${port}`, ...(empty ? { EMPTY_BASE_URL: empty.baseUrl } : {}) });
}

/** Playwright: the whole suite, or the files asked for, one file after another (e2e/playwright.config.ts). */
async function journeys(env: NodeJS.ProcessEnv, only: string[]): Promise<Result> {
  const args = [nodeBin('@playwright/test/cli.js'), 'test', '--config', 'e2e/playwright.config.ts', ...only];
  log('› 浏览器测试 Playwright journeys in Chromium');
  return { name: 'e2e', code: await runLabelled('e2e', process.execPath, args, { env, mode: 'prefix' }) };
}

/**
 * `npm test [check|unit|integration|e2e] [files…]`. Work that does not compete runs side by side:
 * the static checks while PostgreSQL and Temporal start and the journeys' app is built and seeded
 * (its own database); then the integration tests and, beside them, the journeys.
 */
async function test(filter?: string, only: string[] = []): Promise<void> {
  const wants = (k: string) => !filter || filter === k;
  const started = Date.now();
  const needsStack = wants('integration') || wants('e2e');
  const dir = needsStack ? mkdtempSync(join(tmpdir(), 'minyi-test-')) : '';
  const services: Service[] = [];
  const cleanup = async () => {
    await stopAll(services);
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => {
    beginShutdown();
    void cleanup().then(() => process.exit(130));
  });
  const results: Result[] = [];
  // When each part ended, in seconds from the start: printed with the result, so a slow run says where.
  const marks: string[] = [];
  const mark = (part: string) => void marks.push(`${part} ${Math.round((Date.now() - started) / 1000)}s`);
  try {
    const bringUp = async (): Promise<Stack | null> => {
      if (!needsStack) return null;
      if (wants('e2e')) await ensureChromium(log);
      chmodSync(dir, 0o755); // as root, PostgreSQL runs as `postgres` and must traverse it
      process.env.MINYI_DATA_DIR = dir; // keys and PID files of this run stay in its own directory
      return bringUpStack({ dir, persistent: false, useEnv: false, log, services });
    };
    // The static checks are CPU-bound and timeless: they run while the servers start and the
    // journeys' app is built and seeded. The integration tests and journeys share no data (own
    // databases, task queues and communities).
    const checks = staticChecks(wants, only).then((r) => (mark('checks'), r));
    const stack = await bringUp();
    if (stack) mark('servers');
    const prepared =
      stack && wants('e2e')
        ? prepareE2e(stack, dir, services, only).then(
            (env) => (mark('e2e prep'), env),
            (e: unknown) => {
              console.error(`\n✗ 浏览器测试准备失败 preparing the journeys failed: ${(e as Error).message ?? e}`);
              results.push({ name: 'e2e', code: 1 });
              return null;
            },
          )
        : Promise.resolve(null);
    results.push(...(await checks));
    if (stack) {
      const integration = async (): Promise<Result[]> => {
        if (!wants('integration')) return [];
        log('› 集成测试 integration tests (real PostgreSQL + Temporal dev server)');
        const args = [vitest, 'run', '--project', 'integration', '--project', 'integration-serial', ...only];
        const code = await runLabelled('integration', process.execPath, args, { env: appEnv(stack, {}), mode: 'prefix' });
        mark('integration');
        return [{ name: 'integration', code }];
      };
      // Two streams, never more (two cores; three at once made the short statutory days of both
      // kinds of test miss their windows): the integration tests, and beside them the journeys as
      // soon as their app is ready. A failed preparation fails the journeys, and the integration
      // tests still finish.
      const e2e = async (): Promise<Result[]> => {
        const env = await prepared;
        if (!env) return [];
        const r = await journeys(env, only);
        mark(r.name);
        return [r];
      };
      const done = await Promise.all([integration(), e2e()]);
      results.push(...done.flat());
    }
  } finally {
    await cleanup();
  }
  const failed = results.filter((r) => r.code !== 0);
  log(`\n${failed.length ? '✗' : '✓'} ${results.map((r) => `${r.name}: ${r.code === 0 ? 'passed' : 'FAILED'}`).join(', ')} (${Math.round((Date.now() - started) / 1000)}s${marks.length ? `; ended at: ${marks.join(', ')}` : ''})`);
  process.exit(failed.length ? 1 : 0);
}

/** `node scripts/setup.mjs`: everything the suite needs that is not in node_modules (used by CI). */
async function setup(): Promise<void> {
  const cli = await ensureTemporalCli(log);
  log(`✓ Temporal CLI: ${cli}`);
  await ensureChromium(log);
  log('✓ Chromium and CJK fonts');
}

const [command, filter, ...only] = process.argv.slice(2);
if (command === 'test' && filter && !['check', 'unit', 'integration', 'e2e'].includes(filter)) {
  fail(`unknown test group "${filter}" (check, unit, integration, e2e)`);
}
if (command === 'start' && filter && filter !== '--check') fail(`unknown option "${filter}" (--check)`);
(command === 'test' ? test(filter, only) : command === 'setup' ? setup() : start(filter === '--check')).catch(fail);
