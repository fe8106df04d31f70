/**
 * `npm run bench`: starts a throw-away PostgreSQL (and Temporal where a benchmark needs it), runs each
 * benchmark with a baseline measured in the same run, and prints markdown tables (docs/performance.md
 * keeps the latest). Figures, not assertions: nothing here fails the test suite.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '../db/client.server';
import { bringUpStack, stopAll } from '../scripts/lib/stack';
import type { Service } from '../scripts/lib/procs';
import { benchBallots } from './ballots.bench';
import { benchBoard } from './board.bench';
import { benchBoardHttp } from './board-http.bench';
import { benchHistory } from './history.bench';
import { benchHttpBallots } from './http-ballots.bench';
import { benchDisclosures } from './disclosures.bench';
import { benchMotionPage } from './motion-page.bench';
import { benchNotice } from './notice.bench';
import { buildApp, resultsJson, summary, type Figure } from './harness';
import { benchPages } from './pages.bench';
import { benchRoundTrip } from './roundtrip.bench';
import { benchScaleout } from './scaleout.bench';
import { benchTallyImport } from './tally-import.bench';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// One data key for this process and every web process it starts (codes are keyed hashes).
process.env.MINYI_DATA_KEY ??= randomBytes(32).toString('hex');
const figures: Figure[] = [];

const dir = mkdtempSync(join(tmpdir(), 'minyi-bench-'));
chmodSync(dir, 0o755);
const services: Service[] = [];
try {
  const stack = await bringUpStack({ dir, persistent: false, useEnv: false, log: () => {}, services });
  const sql = connect(stack.databaseUrl, 4);
  console.log(`# Minyi benchmarks — ${new Date().toISOString()}`);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`Machine: ${machine}`);
  // `npm run bench -- board` runs one section; no argument runs them all.
  const only = process.argv[2];
  const wants = (name: string) => !only || only === name;
  if (wants('disclosures')) {
    console.log('\n## Disclosures (hash chain)\n');
    for (const line of await benchDisclosures(sql)) console.log(line);
  }
  if (wants('board')) {
    console.log('\n## Public board at 100,000 disclosures\n');
    for (const line of await benchBoard(sql, figures)) console.log(line);
  }
  if (wants('board-http')) {
    console.log('\n## Public board through HTTP at 100,000 disclosures (built app, time to first byte)\n');
    buildApp(root);
    for (const line of await benchBoardHttp(stack, sql, figures)) console.log(line);
  }
  if (wants('notice')) {
    console.log('\n## Printed notice 公示 (PDF render)\n');
    for (const line of await benchNotice()) console.log(line);
  }
  if (wants('ballots')) {
    console.log('\n## Secret ballots (per ballot, wall time / concurrency)\n');
    for (const line of await benchBallots(stack.databaseUrl, figures)) console.log(line);
  }
  if (wants('http')) {
    console.log('\n## Ballot intake through the HTTP voting action (built app, autocannon)\n');
    buildApp(root);
    for (const line of await benchHttpBallots(stack, figures)) console.log(line);
  }
  if (wants('pages')) {
    console.log('\n## Page weight (gzip JavaScript of the first view)\n');
    figures.push(...(await benchPages(root)));
  }
  if (wants('tally')) {
    console.log('\n## Tally of 100,000 ballots; register import from XLSX with its memory peak\n');
    for (const line of await benchTallyImport(sql, figures)) console.log(line);
  }
  if (wants('history')) {
    console.log('\n## History bound: events in an election\'s and a motion\'s Temporal history\n');
    for (const line of await benchHistory(stack, sql, figures)) console.log(line);
  }
  if (wants('roundtrip')) {
    console.log('\n## A representative\'s vote, round trip; motions per second from 提议 to 决议 (built app, dev server)\n');
    buildApp(root);
    for (const line of await benchRoundTrip(stack, sql, figures)) console.log(line);
  }
  if (wants('motion-page')) {
    console.log('\n## Motion page with 50 votes and 200 opinions (built app, time to first byte)\n');
    buildApp(root);
    for (const line of await benchMotionPage(stack, sql, figures)) console.log(line);
  }
  if (wants('scaleout')) {
    console.log('\n## Scale-out: 1 vs 2 web processes and workers; dev server vs Temporal server on PostgreSQL\n');
    for (const line of await benchScaleout({ buildServer: only === 'scaleout' })) console.log(line);
  }
  await sql.end();
  // Every figure in one table, with its same-run baseline and its target; kept in bench/results/latest.json.
  console.log('\n## Summary\n');
  for (const line of summary(figures)) console.log(line);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  // One section run alone replaces only its own figures in the file.
  const latest = join(root, 'bench/results/latest.json');
  const fresh = new Set(figures.map((f) => f.section));
  const kept = only && existsSync(latest) ? (JSON.parse(readFileSync(latest, 'utf8')) as { figures: Figure[] }).figures.filter((f) => !fresh.has(f.section)) : [];
  writeFileSync(latest, resultsJson([...kept, ...figures], machine) + '\n');
} finally {
  await stopAll(services);
  rmSync(dir, { recursive: true, force: true });
}
