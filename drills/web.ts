/**
 * Web-process drills (`npm run drills` only: they need the built app). kill -9 of the web process
 * while the load generator (drills/ballot-load.ts, its own process) posts ballots with one-time
 * codes: every ballot acknowledged with a receipt is in the tally, none sent again is counted twice.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { electionMessages } from '../app/i18n/election-rules';
import type { Sql } from '../db/client.server';
import { issueVotingCode } from '../db/election-ballots.server';
import { repoRoot } from '../scripts/lib/paths';
import { freePort } from '../scripts/lib/procs';
import { closeAndCount, openElection } from './election';
import { Report, since, sleep, startChild, type Child, type DrillEnv } from './kit';

/** A web process (server.ts on the built app) on `port`. */
export function startWeb(env: DrillEnv, port: number, taskQueue: string): Promise<Child> {
  return startChild('web', 'server.ts', [join(repoRoot, 'build/index.js')], {
    DATABASE_URL: env.databaseUrl,
    TEMPORAL_ADDRESS: env.temporalAddress,
    MINYI_TASK_QUEUE: taskQueue,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    MINYI_TRUST_PROXY: '1', // the load generator's X-Forwarded-For: one address per voter
  }, { ready: /\[web\] http/ });
}

/** Runs the load generator to the end; resolves to its outcomes. */
export async function runLoad(dir: string, job: object, onLine: (l: string) => void) {
  const jobFile = join(dir, 'load-job.json');
  const outFile = join(dir, 'load-result.json');
  writeFileSync(jobFile, JSON.stringify(job));
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'drills/ballot-load.ts'), jobFile, outFile], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (b: Buffer) => b.toString().split('\n').filter(Boolean).forEach(onLine));
    child.on('exit', (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(readFileSync(outFile, 'utf8')) as { outcomes: { receipt?: string; ambiguous?: boolean; refused?: string; attempts: number; ms: number }[]; ms: number };
}

/** An election open for polling with one voting code per voter, and the form every code's ballot posts. */
export async function ballotLoad(sql: Sql, taskQueue: string, voters: number) {
  const e = await openElection(sql, taskQueue, voters);
  const codes: string[] = [];
  for (const v of e.ids) {
    const r = await issueVotingCode(sql, { electionId: e.electionId, actor: e.clerk.userId, voterId: v.id });
    if (!r.ok) throw new Error(`voting code refused: ${r.key}`);
    codes.push(r.code);
  }
  const fields = Object.entries(e.ballot).flatMap(([office, s]) => Object.entries(s.marks).map(([cid, m]) => [`mark.${office}.${cid}`, m] as [string, string]));
  const form = { path: `/p/${e.slug}/elections/${e.electionId}/vote`, round: 1, fields, alreadyVotedText: electionMessages['zh-CN'].election.errors.alreadyVoted };
  return { e, codes, form };
}

export async function webKillDrill(o: { sql: Sql; env: DrillEnv; taskQueue: string; report: Report; dir: string; voters?: number }) {
  const { sql, report } = o;
  const t0 = Date.now();
  const { e, codes, form } = await ballotLoad(sql, o.taskQueue, o.voters ?? 1500);
  report.say(`election open with ${codes.length} voters, one voting code each (${since(t0)})`);
  const port = await freePort();
  let web = await startWeb(o.env, port, o.taskQueue);
  let killed = false;
  const kill = async () => {
    const pid = web.pid;
    await web.kill9();
    report.say(`kill -9 web process (pid ${pid}) with ballots in flight`);
    await sleep(1000);
    web = await startWeb(o.env, port, o.taskQueue);
    report.say(`web process restarted (pid ${web.pid})`);
  };
  let killing: Promise<void> | undefined;
  const load = await runLoad(o.dir, { ...form, baseUrls: [`http://127.0.0.1:${port}`], codes, concurrency: 50 }, (line) => {
    const n = Number(/load: (\d+)\//.exec(line)?.[1] ?? 0);
    if (!killed && n >= codes.length / 3) {
      killed = true;
      killing = kill();
    }
  });
  await killing;
  await web.stop();
  const receipts = load.outcomes.filter((x) => x.receipt).map((x) => x.receipt!);
  const ambiguous = load.outcomes.filter((x) => x.ambiguous).length;
  const retried = load.outcomes.filter((x) => x.attempts > 1).length;
  report.say(`load: ${load.outcomes.length} voters in ${(load.ms / 1000).toFixed(1)} s, ${receipts.length} acknowledged with a receipt, ${retried} sent again after no answer, ${ambiguous} of those already in`);
  report.check('web process killed during the load', killed ? 1 : 0, 1);
  report.check('ballots refused', load.outcomes.filter((x) => x.refused).length, 0);
  await closeAndCount({ sql, report, electionId: e.electionId, clerk: e.clerk, receipts, ambiguous });
  report.done();
}
