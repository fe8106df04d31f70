/**
 * The production Temporal server (`go.temporal.io/server`, all four services in one process) on
 * PostgreSQL persistence, for `MINYI_TEMPORAL=server` (decision 057): built once from its Go module
 * with its SQL schema tool into the cache outside the repository, its schema set up on the same
 * PostgreSQL as Minyi's (databases `temporal` and `temporal_visibility`), started on free ports.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { freePort, portInUse } from './procs';
import { cacheDir } from './temporal-cli';
import { launchTemporal, type RunningTemporal } from './temporal-server';

/** Newest v1.32 release whose go.mod asks for a Go this machine has (1.26.8); no `replace` directives. */
export const TEMPORAL_SERVER_VERSION = 'v1.32.1';
const MODULE = 'go.temporal.io/server';

const dirOf = () => join(cacheDir(), 'temporal-server', TEMPORAL_SERVER_VERSION);
export type TemporalServerBuild = { server: string; sqlTool: string; schemaDir: string };

function built(): TemporalServerBuild | undefined {
  const d = dirOf();
  const b = { server: join(d, 'server'), sqlTool: join(d, 'sql'), schemaDir: join(d, 'schema', 'postgresql', 'v12') };
  return existsSync(b.server) && existsSync(b.sqlTool) && existsSync(b.schemaDir) ? b : undefined;
}

const minutes = (ms: number) => `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;

/**
 * `go install` of the server and `temporal-sql-tool` (about 11 minutes on 2 busy cores, cold caches),
 * then the module's PostgreSQL schema files are copied next to them (the tool applies them).
 */
export async function buildTemporalServer(log: (line: string) => void = console.log): Promise<TemporalServerBuild> {
  const d = dirOf();
  const staging = join(d, `staging-${process.pid}`); // per process, as in temporal-cli.ts
  mkdirSync(staging, { recursive: true });
  log(`› 正在构建 Temporal server ${TEMPORAL_SERVER_VERSION}（首次约需 10–15 分钟）building ${MODULE} into ${d} (first time only)`);
  const started = Date.now();
  const ticker = setInterval(() => log(`  … ${minutes(Date.now() - started)}`), 60_000);
  const tail: string[] = [];
  const code = await new Promise<number>((resolve) => {
    const child = spawn(
      'nice',
      ['-n', '10', 'go', 'install', `${MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}`, `${MODULE}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`],
      { env: { ...process.env, GOBIN: staging, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr.on('data', (b: Buffer) => {
      tail.push(...b.toString().split('\n'));
      tail.splice(0, Math.max(0, tail.length - 30));
    });
    child.on('exit', (c) => resolve(c ?? 1));
    child.on('error', () => resolve(127));
  });
  clearInterval(ticker);
  if (code !== 0) throw new Error(`go install ${MODULE}@${TEMPORAL_SERVER_VERSION} failed (exit ${code}; is Go installed?):\n${tail.join('\n')}`);
  const modDir = spawnSync('go', ['list', '-m', '-f', '{{.Dir}}', `${MODULE}@${TEMPORAL_SERVER_VERSION}`], { encoding: 'utf8', cwd: d }).stdout.trim();
  cpSync(join(modDir, 'schema', 'postgresql'), join(d, 'schema', 'postgresql'), { recursive: true });
  renameSync(join(staging, 'sql'), join(d, 'sql'));
  renameSync(join(staging, 'server'), join(d, 'server'));
  rmSync(staging, { recursive: true, force: true });
  log(`✓ Temporal server ${TEMPORAL_SERVER_VERSION} built in ${minutes(Date.now() - started)}`);
  return built()!;
}

export const temporalServerBuilt = (): boolean => built() !== undefined;

export async function ensureTemporalServer(log?: (line: string) => void): Promise<TemporalServerBuild> {
  return built() ?? (await buildTemporalServer(log));
}

export type PgTarget = { host: string; port: number; user: string; password: string };

export function pgTargetOf(databaseUrl: string): PgTarget {
  const u = new URL(databaseUrl);
  return { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
}

/**
 * Creates (first time) and updates the two databases with temporal-sql-tool; about 1 s. The tool's
 * DEBUG output goes to `logFile`. Safe to run on every start: update-schema does only what is missing.
 */
export function setupTemporalSchema(b: TemporalServerBuild, pg: PgTarget, logFile: string): void {
  const base = ['--plugin', 'postgres12', '--ep', pg.host, '-p', String(pg.port), '-u', pg.user, '--pw', pg.password];
  const out: string[] = [];
  const tool = (args: string[], allowFail = false) => {
    const r = spawnSync(b.sqlTool, [...base, ...args], { encoding: 'utf8' });
    out.push(`$ sql ${args.join(' ')}\n${r.stdout}${r.stderr}`);
    writeFileSync(logFile, out.join('\n'));
    if (r.status !== 0 && !allowFail) throw new Error(`temporal-sql-tool ${args.join(' ')} failed (see ${logFile}):\n${r.stderr.slice(-1500)}`);
    return r.status === 0;
  };
  for (const [db, dir] of [['temporal', 'temporal'], ['temporal_visibility', 'visibility']] as const) {
    tool(['--db', db, 'create-database'], true); // fails when it exists: fine
    tool(['--db', db, 'setup-schema', '-v', '0.0'], true); // fails when already set up: fine
    tool(['--db', db, 'update-schema', '-d', join(b.schemaDir, dir, 'versioned')]);
  }
}

/**
 * The cluster_membership table keeps the membership (ringpop) port as a `smallint`: a port above
 * 32767, which is every port the kernel hands out for port 0, makes the server exit at start. So
 * these come from 21000–32767, checked free.
 */
async function lowPort(): Promise<number> {
  for (;;) {
    const p = 21000 + Math.floor(Math.random() * 11_767);
    if (!(await portInUse(p))) return p;
  }
}

type Ports = { grpc: number; http: number; history: number; matching: number; worker: number; members: [number, number, number, number] };

function configYaml(pg: PgTarget, p: Ports, dynamicConfig: string): string {
  const store = (db: string, conns: number) => `
      sql:
        pluginName: "postgres12"
        databaseName: "${db}"
        connectAddr: "${pg.host}:${pg.port}"
        connectProtocol: "tcp"
        user: ${JSON.stringify(pg.user)}
        password: ${JSON.stringify(pg.password)}
        maxConns: ${conns}
        maxIdleConns: ${conns}
        maxConnLifetime: "1h"`;
  const svc = (name: string, grpc: number, member: number, extra = '') =>
    `  ${name}:\n    rpc:\n      grpcPort: ${grpc}\n      membershipPort: ${member}\n      bindOnLocalHost: true${extra}\n`;
  return `log:
  stdout: true
  level: warn
persistence:
  defaultStore: pg-default
  visibilityStore: pg-visibility
  numHistoryShards: 4
  datastores:
    pg-default:${store('temporal', 20)}
    pg-visibility:${store('temporal_visibility', 4)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
services:
${svc('frontend', p.grpc, p.members[0], `\n      httpPort: ${p.http}`)}${svc('history', p.history, p.members[1])}${svc('matching', p.matching, p.members[2])}${svc('worker', p.worker, p.members[3])}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${p.grpc}"
dcRedirectionPolicy:
  policy: "noop"
dynamicConfigClient:
  filepath: ${JSON.stringify(dynamicConfig)}
  pollInterval: "10s"
`;
}

/**
 * Registers the namespace Minyi uses (the server starts with `temporal-system` only) and waits until
 * the frontend's namespace cache knows it (refreshed every 10 s): until then a start is refused.
 */
async function ensureNamespace(address: string, namespace: string): Promise<void> {
  const conn = await Connection.connect({ address });
  try {
    await conn.workflowService.describeNamespace({ namespace }).catch(() =>
      conn.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('7 days') }).catch((e: Error) => {
        if (!/already exists/i.test(e.message)) throw e;
      }),
    );
    const until = Date.now() + 30_000;
    for (;;) {
      try {
        await conn.workflowService.countWorkflowExecutions({ namespace });
        return;
      } catch (e) {
        if (Date.now() > until) throw e;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await conn.close();
  }
}

/**
 * Starts the server on `port` (frontend gRPC; the other services on free ports), its schema set up
 * first. The config is written into `dir` (temporal-server.yaml). Resolves when the namespace answers.
 */
export async function startTemporalServerPg(opts: {
  build: TemporalServerBuild;
  databaseUrl: string; // any database on the server; Temporal uses its own two
  port: number;
  dir: string;
  pidFile?: string;
  namespace?: string;
}): Promise<RunningTemporal & { pid: number }> {
  const pg = pgTargetOf(opts.databaseUrl);
  setupTemporalSchema(opts.build, pg, join(opts.dir, 'temporal-schema.log'));
  const free = () => freePort();
  const ports: Ports = {
    grpc: opts.port,
    http: await free(),
    history: await free(),
    matching: await free(),
    worker: await free(),
    members: [await lowPort(), await lowPort(), await lowPort(), await lowPort()],
  };
  const dynamic = join(opts.dir, 'temporal-dynamicconfig.yaml');
  writeFileSync(dynamic, 'frontend.enableUpdateWorkflowExecution:\n  - value: true\n');
  const config = join(opts.dir, 'temporal-server.yaml');
  writeFileSync(config, configYaml(pg, ports, dynamic), { mode: 0o600 });

  return launchTemporal({
    cmd: opts.build.server,
    args: ['--config-file', config, '--allow-no-auth', 'start'],
    port: opts.port,
    pidFile: opts.pidFile,
    label: 'Temporal server',
    timeoutMs: 90_000,
    stopSignal: 'SIGTERM',
    stopWaitMs: 15_000,
    // A new namespace is usable only after the frontend's namespace cache refresh.
    ready: (address) => ensureNamespace(address, opts.namespace ?? 'default'),
  });
}
