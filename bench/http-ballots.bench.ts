/**
 * Ballot intake through the real HTTP voting action (issue 15, benchmark 1). The built app (`remix
 * build`, served by server.ts as `npm start` does) takes form posts from autocannon in its own process
 * (bench/http-load.ts, decision 068): one-time code ballots to /p/<community>/elections/<id>/vote and
 * signed-in ballots (a session cookie each) to /c/<community>/elections/<id>/vote, every voter once,
 * `MINYI_BENCH_HTTP_CONNECTIONS` (default 100) connections for `MINYI_BENCH_HTTP_SECONDS` (default 10)
 * each. Baselines in the same run: the same SQL through postgres.js in this process with the web's
 * pool of 10 connections (voterForCode + castOnlineBallot, no HTTP), and a bare Remix action that
 * does nothing (app/routes/bench.noop.ts) at the same connections.
 *
 * The election is a real one (the workflow runs it to its polls with a small register); the extra
 * voters, their codes and their accounts are then written straight into the tables, as an import
 * and the code issuing would leave them (issuing 30,000 codes one by one is not what this measures).
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { castOnlineBallot, voterForCode } from '../app/elections.server';
import { closeDb, connect, type Sql } from '../db/client.server';
import { closeTemporal } from '../app/temporal.server';
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { votingCodeHash } from '../db/election-keys.server';
import { openElection } from '../drills/election';
import { startChild, type Child } from '../drills/kit';
import { repoRoot } from '../scripts/lib/paths';
import { freePort } from '../scripts/lib/procs';
import { createWorker, bundleWorkflows } from '../worker/create';
import type { Figure } from './harness';

export const HTTP_SECONDS = Number(process.env.MINYI_BENCH_HTTP_SECONDS ?? 10);
export const HTTP_CONNECTIONS = Number(process.env.MINYI_BENCH_HTTP_CONNECTIONS ?? 100);
/** Voters per set: more than the fastest path takes in the run (it stops early, and says so, if not). */
const PER_SET = Math.ceil(HTTP_SECONDS * 1500) + 1000;
const RECEIPT = '<output class="el-code"[^>]*>[\\d\\s]+</output>';

export type LoadResult = { seconds: number; sent: number; answered: number; acknowledged: number; perSecond: number; p50: number; p95: number; p99: number; errors: number; errorKinds: Record<string, number> };

/** Runs bench/http-load.ts (autocannon) in its own process to the end. */
export async function httpLoad(dir: string, job: { url: string; connections: number; durationS: number; bodies?: string[]; body?: string; headers?: Record<string, string>[]; expect: string }): Promise<LoadResult> {
  const jobFile = join(dir, `job-${randomUUID()}.json`);
  const outFile = `${jobFile}.out`;
  writeFileSync(jobFile, JSON.stringify(job));
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench/http-load.ts'), jobFile, outFile], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(readFileSync(outFile, 'utf8')) as LoadResult;
}

/** The in-process worker logs warnings only (once per process). */
export function quietTemporal() {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } } });
  } catch {
    // already installed
  }
}

const phone = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** `n` more active voters on the register (copies of a real one with their own identity hash). */
async function moreVoters(sql: Sql, electionId: string, n: number, withAccounts: { communityId: string } | null) {
  const [like] = await sql<{ communityId: string; groupName: string; basis: string; idCipher: string; idMasked: string }[]>`
    select community_id as "communityId", group_name as "groupName", basis, id_cipher as "idCipher", id_masked as "idMasked"
    from voters where election_id = ${electionId} limit 1`;
  const ids: string[] = [];
  const users: string[] = [];
  for (let i = 0; i < n; i += 2000) {
    const rows = Array.from({ length: Math.min(2000, n - i) }, (_, k) => {
      const id = randomUUID();
      ids.push(id);
      const user = withAccounts ? `bench-${randomUUID()}` : null;
      if (user) users.push(user);
      return {
        id, election_id: electionId, community_id: like!.communityId, name: `选民${i + k}`, gender: k % 2 ? 'male' : 'female',
        group_name: like!.groupName, household_id: `bh${i + k}`, basis: like!.basis, id_cipher: like!.idCipher,
        id_hash: randomBytes(32).toString('hex'), id_masked: like!.idMasked, source: 'import', user_id: user,
      };
    });
    const accounts = rows.filter((r) => r.user_id);
    if (accounts.length) {
      await sql`insert into users ${sql(accounts.map((r) => ({ id: r.user_id!, username: r.user_id!, display_name: r.name, password_hash: 'x' })))}`;
      await sql`insert into memberships ${sql(accounts.map((r) => ({ user_id: r.user_id!, role: 'resident', community_id: withAccounts!.communityId })))}`;
    }
    await sql`insert into voters ${sql(rows)}`;
  }
  return { ids, users };
}

/** A one-time code for each voter (as issueVotingCode leaves it, without its audit rows). */
async function codesFor(sql: Sql, electionId: string, voterIds: string[], issuedBy: string): Promise<string[]> {
  const seen = new Set<string>();
  const codes = voterIds.map(() => {
    let c: string;
    do c = String(randomInt(1e11, 1e12)).padStart(12, '0');
    while (seen.has(c));
    seen.add(c);
    return c;
  });
  for (let i = 0; i < voterIds.length; i += 2000) {
    await sql`insert into voting_codes ${sql(voterIds.slice(i, i + 2000).map((v, k) => ({ election_id: electionId, voter_id: v, code_hash: votingCodeHash(electionId, codes[i + k]!), issued_by: issuedBy })))}`;
  }
  return codes;
}

/** Sessions for the accounts (as a sign-in leaves them: Lucia's row, 30 days). */
async function sessionsFor(sql: Sql, users: string[]): Promise<string[]> {
  const ids = users.map(() => randomBytes(20).toString('hex'));
  for (let i = 0; i < users.length; i += 2000) {
    await sql`insert into sessions ${sql(users.slice(i, i + 2000).map((u, k) => ({ id: ids[i + k]!, user_id: u, expires_at: new Date(Date.now() + 30 * 86_400_000) })))}`;
  }
  return ids;
}

/** The same SQL as the code ballot's action, in this process: voterForCode, then castOnlineBallot. */
async function bareTransactions(databaseUrl: string, electionId: string, codes: string[], ballot: Parameters<typeof castOnlineBallot>[0]['ballot'], concurrency: number): Promise<LoadResult> {
  const sql = connect(databaseUrl, 10); // the web process's pool (db/client.server.ts)
  const ms: number[] = [];
  let next = 0;
  let errors = 0;
  const errorKinds: Record<string, number> = {};
  const t0 = performance.now();
  const until = t0 + HTTP_SECONDS * 1000;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < codes.length && performance.now() < until; i = next++) {
          const t = performance.now();
          const who = await voterForCode(sql, electionId, codes[i]!, phone(i));
          const r = who.ok ? await castOnlineBallot({ electionId, voterId: who.voterId, roundNo: 1, ballot, sql }) : who;
          if (r.ok) ms.push(performance.now() - t);
          else {
            errors++;
            errorKinds[r.key] = (errorKinds[r.key] ?? 0) + 1;
          }
        }
      }),
    );
  } finally {
    await sql.end();
  }
  const seconds = (performance.now() - t0) / 1000;
  ms.sort((a, b) => a - b);
  const pct = (p: number) => ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))]!;
  return { seconds, sent: Math.min(next, codes.length), answered: ms.length + errors, acknowledged: ms.length, perSecond: ms.length / seconds, p50: pct(50), p95: pct(95), p99: pct(99), errors, errorKinds };
}

/** The web process on the built app (server.ts, NODE_ENV=production, one client address per voter behind a trusted proxy). */
export function startBuiltWeb(a: { databaseUrl: string; temporalAddress: string; port: number; taskQueue: string; nodeArgs?: string[]; env?: Record<string, string> }): Promise<Child> {
  return startChild('web', 'server.ts', [join(repoRoot, 'build/index.js')], {
    DATABASE_URL: a.databaseUrl,
    TEMPORAL_ADDRESS: a.temporalAddress,
    MINYI_TASK_QUEUE: a.taskQueue,
    NODE_ENV: 'production',
    PORT: String(a.port),
    HOST: '127.0.0.1',
    MINYI_TRUST_PROXY: '1',
    MINYI_BENCH_NOOP: '1',
    ...a.env,
  }, { ready: /\[web\] http/, nodeArgs: a.nodeArgs });
}

/** An election open for polling with three sets of voters: codes for HTTP, codes for the bare transaction, accounts with sessions. */
export async function pollingElection(sql: Sql, temporalAddress: string, perSet: number) {
  const taskQueue = `bench-${randomUUID()}`;
  const { worker, connection } = await createWorker({ address: temporalAddress, sql, taskQueue, workflowBundle: await bundleWorkflows() });
  const running = worker.run();
  let e: Awaited<ReturnType<typeof openElection>>;
  try {
    e = await openElection(sql, taskQueue, 40);
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
  }
  const [c] = await sql<{ id: string }[]>`select community_id as id from elections where id = ${e.electionId}`;
  const http = await moreVoters(sql, e.electionId, perSet, null);
  const bare = await moreVoters(sql, e.electionId, perSet, null);
  const signed = await moreVoters(sql, e.electionId, perSet, { communityId: c!.id });
  const httpCodes = await codesFor(sql, e.electionId, http.ids, e.clerk.userId);
  const bareCodes = await codesFor(sql, e.electionId, bare.ids, e.clerk.userId);
  const sessions = await sessionsFor(sql, signed.users);
  await sql`analyze`;
  const fields = Object.entries(e.ballot).flatMap(([office, s]) => Object.entries(s.marks).map(([cid, m]) => [`mark.${office}.${cid}`, m] as [string, string]));
  return { e, taskQueue, httpCodes, bareCodes, sessions, fields };
}

const form = (pairs: [string, string][]) => new URLSearchParams(pairs).toString();

export async function benchHttpBallots(stack: { databaseUrl: string; temporalAddress: string }, figures: Figure[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'minyi-http-bench-'));
  // The election is set up through the app's own modules (db(), temporal()), which read these.
  process.env.DATABASE_URL = stack.databaseUrl;
  process.env.TEMPORAL_ADDRESS = stack.temporalAddress;
  quietTemporal();
  const sql = connect(stack.databaseUrl, 4);
  let web: Child | undefined;
  try {
    const t0 = Date.now();
    const p = await pollingElection(sql, stack.temporalAddress, PER_SET);
    const seeded = ((Date.now() - t0) / 1000).toFixed(0);
    const port = await freePort();
    // MINYI_BENCH_CPU_PROF=<dir>: the web process writes a V8 CPU profile there when it stops (bench/cpu-profile.ts reads it).
    const prof = process.env.MINYI_BENCH_CPU_PROF;
    web = await startBuiltWeb({ ...stack, port, taskQueue: p.taskQueue, nodeArgs: prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [] });
    const base = `http://127.0.0.1:${port}`;
    const slug = p.e.slug;
    const id = p.e.electionId;
    const C = HTTP_CONNECTIONS;
    const durationS = HTTP_SECONDS;
    // Warm-up (the JIT, the pools): the noop and 300 code ballots, not counted.
    await httpLoad(dir, { url: `${base}/bench/noop`, connections: 20, durationS: 2, body: 'a=1', expect: '^ok$' });
    const warm = p.httpCodes.splice(0, 300);
    await httpLoad(dir, { url: `${base}/p/${slug}/elections/${id}/vote`, connections: 20, durationS: 30, bodies: warm.map((code) => form([['intent', 'submit'], ['code', code], ['round', '1'], ...p.fields])), headers: warm.map((_, i) => ({ 'x-forwarded-for': phone(400_000 + i) })), expect: RECEIPT });

    const noop = await httpLoad(dir, { url: `${base}/bench/noop`, connections: C, durationS, body: (form([['intent', 'submit'], ['code', '000000000000'], ['round', '1'], ...p.fields])), expect: '^ok$' });
    const code = await httpLoad(dir, {
      url: `${base}/p/${slug}/elections/${id}/vote`, connections: C, durationS,
      bodies: p.httpCodes.map((c) => form([['intent', 'submit'], ['code', c], ['round', '1'], ...p.fields])),
      headers: p.httpCodes.map((_, i) => ({ 'x-forwarded-for': phone(i) })),
      expect: RECEIPT,
    });
    const session = await httpLoad(dir, {
      url: `${base}/c/${slug}/elections/${id}/vote`, connections: C, durationS,
      bodies: p.sessions.map(() => form([['intent', 'submit'], ['round', '1'], ...p.fields])),
      headers: p.sessions.map((s, i) => ({ cookie: `minyi_session=${s}`, 'x-forwarded-for': phone(200_000 + i) })),
      expect: RECEIPT,
    });
    await web.stop();
    web = undefined;
    const bare = await bareTransactions(stack.databaseUrl, id, p.bareCodes, p.e.ballot, C);

    const section = 'ballots (HTTP)';
    const row = (name: string, r: LoadResult, vsBare: boolean) =>
      `| ${name} | ${r.acknowledged} | ${r.perSecond.toFixed(0)} | ${vsBare ? `${((100 * r.perSecond) / bare.perSecond).toFixed(0)} %` : ''} | ${((100 * r.perSecond) / noop.perSecond).toFixed(1)} % | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors}${r.errors ? ` (${JSON.stringify(r.errorKinds)})` : ''} |`;
    for (const [name, r] of [['one-time code', code], ['signed in', session]] as const) {
      figures.push(
        { section, name: `${name}: ballots/s at ${C} connections`, value: r.perSecond, unit: 'ballots/s', baseline: { name: 'bare transaction', value: bare.perSecond }, target: { op: '>=', value: 2000 } },
        { section, name: `${name}: share of the bare transaction`, value: (100 * r.perSecond) / bare.perSecond, unit: '%', target: { op: '>=', value: 50 } },
        { section, name: `${name}: p99`, value: r.p99, unit: 'ms', target: { op: '<', value: 100 } },
        { section, name: `${name}: errors`, value: r.errors, unit: 'errors', target: { op: '<=', value: 0 } },
      );
    }
    figures.push({ section, name: `bare Remix action: requests/s at ${C} connections`, value: noop.perSecond, unit: 'req/s' });
    return [
      `${C} connections, ${durationS} s each (MINYI_BENCH_HTTP_CONNECTIONS, MINYI_BENCH_HTTP_SECONDS); autocannon in its own process; every voter posts once; ${seeded} s to set up the election and ${3 * PER_SET} voters`,
      '',
      '| path | acknowledged | per s | vs bare transaction | vs bare Remix action | p50 ms | p95 ms | p99 ms | errors |',
      '|---|---|---|---|---|---|---|---|---|',
      `| baseline: bare transaction (voterForCode + castOnlineBallot, postgres.js, 10-connection pool, ${C} callers, no HTTP) | ${bare.acknowledged} | ${bare.perSecond.toFixed(0)} | 100 % | | ${bare.p50.toFixed(1)} | ${bare.p95.toFixed(1)} | ${bare.p99.toFixed(1)} | ${bare.errors}${bare.errors ? ` (${JSON.stringify(bare.errorKinds)})` : ''} |`,
      `| baseline: bare Remix action (POST /bench/noop, same form) | ${noop.acknowledged} | ${noop.perSecond.toFixed(0)} | | 100 % | ${noop.p50.toFixed(1)} | ${noop.p95.toFixed(1)} | ${noop.p99.toFixed(1)} | ${noop.errors} |`,
      row('ballot with a one-time code (POST /p/…/vote)', code, true),
      row('ballot signed in (POST /c/…/vote, session cookie)', session, true),
    ];
  } finally {
    await web?.stop();
    await closeTemporal().catch(() => {});
    await closeDb().catch(() => {});
    await sql.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
