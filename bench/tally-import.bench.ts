/**
 * Tally and register import at city scale (issue 15, benchmark 4).
 *
 * Tally: `countOnlineRound` (db/election-ballots.server.ts: the counting activity's body — every
 * ballot read by a cursor and counted with the paper rules, the receipts digested) over 100,000
 * ballots of one closed round, written by one `generate_series` insert. Baselines in the same run: a
 * plain `select count(*)` of the same rows and a plain read of them (the cursor without counting).
 * Target: < 1 s.
 *
 * Register import: an XLSX of 100,000 synthetic voters written with ExcelJS (the library the app
 * exports with). The product caps an import at 50,000 rows and 5 MB (IMPORT_MAX_ROWS,
 * IMPORT_MAX_BYTES), so the 100,000-row file is (1) offered to the real import and its refusal timed,
 * (2) read by the app's reader (`readSheet`, worker thread) with its caps raised, and (3) the real
 * import (`runVoterImport`: read, check every row, store all or nothing) runs on the first 50,000
 * rows. Memory peak: the process's resident set (reading threads included) above its level before,
 * sampled every 10 ms. Baseline: the same 50,000 voter rows written by plain multi-row inserts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Sql } from '../db/client.server';
import { countOnlineRound } from '../db/election-ballots.server';
import { createImport, IMPORT_MAX_ROWS, runVoterImport } from '../db/election-import.server';
import { readSheet } from '../db/spreadsheet.server';
import type { BallotForm } from '../domain/election/ballot';
import { syntheticVoters, type DemoVoter } from '../db/seed-elections.server';
import type { Figure } from './harness';

const BALLOTS = 100_000;
const ROWS = 100_000;
const section = 'tally & import';
const form: BallotForm = { writeInsAllowed: false, sections: [{ office: 'director', seats: 1, candidateIds: ['cand-a', 'cand-b', 'cand-c'] }] };

/** A street office, a community, a user and an election in `phase`, straight into the tables. */
async function bareElection(sql: Sql, phase: 'registration' | 'counting') {
  const tag = () => 'b' + randomUUID().slice(0, 8);
  const [s] = await sql<{ id: string }[]>`insert into street_offices (slug, name_zh, name_en) values (${tag()}, '基准', 'bench') returning id`;
  const [c] = await sql<{ id: string }[]>`insert into communities (street_office_id, slug, name_zh, name_en) values (${s!.id}, ${tag()}, '基准', 'bench') returning id`;
  const userId = randomUUID();
  await sql`insert into users (id, username, display_name, password_hash) values (${userId}, ${tag()}, 'bench', 'x')`;
  const electionId = randomUUID();
  const plan = { mode: 'direct', electionDay: '2026-12-10', seats: { director: 1, deputy: 1, member: 3 }, memberMargin: 1, pollingPlaces: ['社区活动中心'], onlineVoting: { enabled: true, approvalRef: 'bench' } };
  await sql`insert into elections (id, community_id, title, plan, day_ms, schedule, phase, round_no, ballot_form, snapshot, created_by)
            values (${electionId}, ${c!.id}, 'bench', ${sql.json(plan as never)}, 86400000, '{}', ${phase}, 1, ${sql.json(form as never)}, '{}', ${userId})`;
  return { electionId, communityId: c!.id, userId };
}

/** Resident-set peak (MiB above the level at the start) while `fn` runs, sampled every 10 ms. */
async function withPeak<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peakMiB: number }> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const t0 = performance.now();
  try {
    const value = await fn();
    const ms = performance.now() - t0;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, ms, peakMiB: (peak - before) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

const best = async (n: number, fn: () => Promise<unknown>) => {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b)[Math.floor(n / 2)]!;
};

async function benchTally(sql: Sql, figures: Figure[]): Promise<string[]> {
  const { electionId } = await bareElection(sql, 'counting');
  // Three kinds of ballot (a yes to each candidate in turn), each with its own receipt hash.
  await sql`
    insert into ballots (election_id, round_no, choices, receipt_hash)
    select ${electionId}, 1,
           jsonb_build_object('director', jsonb_build_object('writeIns', '[]'::jsonb, 'marks',
             jsonb_build_object('cand-a', case when i % 3 = 0 then 'yes' else 'no' end,
                                'cand-b', case when i % 3 = 1 then 'yes' else 'no' end,
                                'cand-c', case when i % 3 = 2 then 'yes' else 'no' end))),
           encode(sha256(convert_to(${electionId} || ':' || i, 'UTF8')), 'hex')
    from generate_series(1, ${BALLOTS}) as i`;
  await sql`analyze ballots`;
  const count = await best(5, () => sql`select count(*) from ballots where election_id = ${electionId} and round_no = 1`);
  const read = await best(3, () =>
    sql`select choices, receipt_hash from ballots where election_id = ${electionId} and round_no = 1 order by receipt_hash`.cursor(1000, () => {}),
  );
  let counted = 0;
  const tally = await best(3, async () => {
    const r = await countOnlineRound(sql, electionId, 1, form);
    counted = r.receipts.count;
  });
  if (counted !== BALLOTS) throw new Error(`tally counted ${counted} of ${BALLOTS}`);
  figures.push(
    { section, name: `tally of ${BALLOTS.toLocaleString('en')} ballots (countOnlineRound)`, value: tally, unit: 'ms', baseline: { name: 'select count(*)', value: count }, target: { op: '<', value: 1000 } },
    { section, name: `tally vs reading the same rows`, value: tally, unit: 'ms', baseline: { name: 'cursor read, no counting', value: read } },
  );
  return [
    `| tally (${BALLOTS.toLocaleString('en')} ballots, one round) | median ms | vs count(*) | target < 1,000 ms |`,
    '|---|---|---|---|',
    `| baseline: select count(*) of the same rows | ${count.toFixed(1)} | 1.00× | |`,
    `| baseline: the same rows read by the cursor, not counted | ${read.toFixed(1)} | ${(read / count).toFixed(1)}× | |`,
    `| countOnlineRound (read, count with the paper rules, receipt digest) | ${tally.toFixed(1)} | ${(tally / count).toFixed(1)}× | ${tally < 1000 ? 'met' : '**missed**'} |`,
  ];
}

/** The register as an XLSX with the Chinese headers a committee uses (ExcelJS's streaming writer, shared strings). */
async function registerXlsx(voters: readonly DemoVoter[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const { PassThrough } = await import('node:stream');
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true });
  const ws = wb.addWorksheet('选民名单');
  ws.addRow(['姓名', '身份证号码', '性别', '居民小组', '户号', '手机号码', '登记依据']).commit();
  for (const v of voters) ws.addRow([v.name, v.idNumber, v.gender, v.group, v.householdId, v.phone, v.basis]).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

async function benchImport(sql: Sql, figures: Figure[]): Promise<string[]> {
  const voters = syntheticVoters(ROWS);
  const t0 = performance.now();
  const big = await registerXlsx(voters);
  const capped = await registerXlsx(voters.slice(0, IMPORT_MAX_ROWS));
  const written = ((performance.now() - t0) / 1000).toFixed(1);

  // (1) The real import offered the 100,000-row file.
  const e1 = await bareElection(sql, 'registration');
  const refused = await withPeak(async () => {
    const r = await createImport(sql, { importId: randomUUID(), electionId: e1.electionId, communityId: e1.communityId, filename: 'register.xlsx', bytes: big, actor: e1.userId });
    if (!r.ok) return r.key;
    const [imp] = await sql<{ id: string }[]>`select id from voter_imports where election_id = ${e1.electionId}`;
    const done = await runVoterImport(sql, imp!.id);
    return `${done.status} ${done.failureKey ?? ''}`;
  });

  // (2) The reader alone on 100,000 rows, caps raised.
  const read = await withPeak(() => readSheet(big, 'register.xlsx', { maxBytes: 64 * 2 ** 20, maxRows: ROWS + 1, maxInflatedBytes: 256 * 2 ** 20, maxTotalChars: 64_000_000, timeoutMs: 300_000, memoryMb: 1024 }));
  if (!read.value.ok) throw new Error(`reader refused the 100,000 rows: ${read.value.key}`);
  const readRows = read.value.rows.length;

  // (3) The real import at its cap.
  const e2 = await bareElection(sql, 'registration');
  const importId = randomUUID();
  const stored = await createImport(sql, { importId, electionId: e2.electionId, communityId: e2.communityId, filename: 'register.xlsx', bytes: capped, actor: e2.userId });
  if (!stored.ok) throw new Error(`upload refused: ${stored.key}`);
  const imported = await withPeak(() => runVoterImport(sql, importId));
  if (imported.value.status !== 'imported') throw new Error(`import ${imported.value.status}: ${imported.value.failureKey ?? imported.value.errorCount}`);

  // Baseline: the same number of voter rows by plain multi-row inserts (no file, no checks).
  const e3 = await bareElection(sql, 'registration');
  const plain = await withPeak(async () => {
    for (let i = 0; i < IMPORT_MAX_ROWS; i += 2000) {
      const rows = voters.slice(i, i + 2000).map((v) => ({
        election_id: e3.electionId, community_id: e3.communityId, name: v.name, gender: v.gender === '女' ? 'female' : 'male', group_name: v.group,
        household_id: v.householdId, phone: v.phone, basis: 'local_hukou', id_cipher: 'x', id_hash: randomBytes(32).toString('hex'),
        id_masked: '110***********0000', source: 'import', added_by: e3.userId,
      }));
      await sql`insert into voters ${sql(rows)}`;
    }
  });
  const n = IMPORT_MAX_ROWS.toLocaleString('en');
  figures.push(
    { section, name: `register import, ${n} rows XLSX (runVoterImport, the cap)`, value: imported.ms, unit: 'ms', baseline: { name: 'plain inserts of the rows', value: plain.ms } },
    { section, name: `register import, ${n} rows: memory peak (RSS)`, value: imported.peakMiB, unit: 'MiB' },
    { section, name: `reader, ${ROWS.toLocaleString('en')} rows XLSX (readSheet, caps raised)`, value: read.ms, unit: 'ms' },
    { section, name: `reader, ${ROWS.toLocaleString('en')} rows: memory peak (RSS)`, value: read.peakMiB, unit: 'MiB' },
  );
  const mb = (b: Buffer) => (b.length / 2 ** 20).toFixed(1);
  return [
    `XLSX written by ExcelJS in ${written} s: ${ROWS.toLocaleString('en')} rows ${mb(big)} MB, ${n} rows ${mb(capped)} MB.`,
    '',
    '| register import | rows | wall ms | RSS peak MiB | result |',
    '|---|---|---|---|---|',
    `| baseline: plain multi-row inserts of the voter rows (no file, no checks) | ${n} | ${plain.ms.toFixed(0)} | ${plain.peakMiB.toFixed(0)} | stored |`,
    `| the real import offered ${ROWS.toLocaleString('en')} rows (${mb(big)} MB) | ${ROWS.toLocaleString('en')} | ${refused.ms.toFixed(0)} | ${refused.peakMiB.toFixed(0)} | ${refused.value} |`,
    `| readSheet (worker thread), caps raised | ${readRows.toLocaleString('en')} | ${read.ms.toFixed(0)} | ${read.peakMiB.toFixed(0)} | read |`,
    `| runVoterImport: read, check every row, store all or nothing | ${imported.value.importedCount.toLocaleString('en')} | ${imported.ms.toFixed(0)} | ${imported.peakMiB.toFixed(0)} | ${imported.value.status} (${(imported.ms / plain.ms).toFixed(1)}× the plain inserts) |`,
  ];
}

export async function benchTallyImport(sql: Sql, figures: Figure[]): Promise<string[]> {
  return [...(await benchTally(sql, figures)), '', ...(await benchImport(sql, figures))];
}
