/**
 * Spreadsheet bombs against both imports on the real PostgreSQL and Temporal: the voter register
 * (read by the election workflow's activity) and the consultation catalogue (read in the web
 * request). Every crafted file is refused quickly with its reason — once, not retried — and
 * nothing is written; the happy paths still import, and a catalogue of 10 000 rows is read in
 * linear time (the old reader took O(rows²): minutes).
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { bombXlsx, cell, xlsxOf } from '../db/spreadsheet.fixtures';
import { closeDb } from '../db/client.server';
import { importRegister, registerCsv, runElectionUntil, syntheticVoters } from '../db/seed-elections.server';
import { DEMO_CATALOGUE_ITEMS } from '../domain/consultation';
import type { Actor } from '../domain/election/process';
import { createCommunity, createStreet, createUser, onePersonPerRole } from '../scripts/test-setup/fixtures';
import { startTestWorker, testSql } from '../scripts/test-setup/services';
import { electionWorkflowId } from '../workflows/election-api';
import { importCatalogue, saveCatalogueItem, type Caller } from './consultations.server';
import { electionById, importById, uploadRegister } from './elections.server';
import { tFor } from './i18n/config';
import { closeTemporal, temporal } from './temporal.server';
import { tk } from './i18n/keys';

const QUICK_MS = 20_000;
const sql = testSql();
let worker: Awaited<ReturnType<typeof startTestWorker>>;
beforeAll(async () => {
  worker = await startTestWorker(sql);
});
afterAll(async () => {
  await worker.stop();
  await closeTemporal();
  await closeDb();
  await sql.end();
});

/** The crafted files, each with the refusal it must get. */
async function craftedFiles(maxRows: number): Promise<{ name: string; bytes: Buffer; key: string }[]> {
  const header = `<row r="1">${cell('A1', '姓名')}${cell('B1', '编号')}</row>`;
  const manyRows = Array.from({ length: maxRows + 1 }, (_, i) => `<row r="${i + 2}">${cell(`A${i + 2}`, `甲${i}`)}</row>`).join('');
  const wide = `<row r="2">${Array.from({ length: 65 }, (_, i) => `<c t="inlineStr"><is><t>${i}</t></is></c>`).join('')}</row>`;
  return [
    { name: 'xfd.xlsx', bytes: xlsxOf(`${header}<row r="1048576">${cell('XFD1048576', 'x')}</row>`), key: 'sheet.tooManyRows' },
    { name: 'bomb.xlsx', bytes: await bombXlsx(200), key: 'sheet.inflatesTooMuch' },
    { name: 'rows.xlsx', bytes: xlsxOf(header + manyRows), key: 'sheet.tooManyRows' },
    { name: 'wide.xlsx', bytes: xlsxOf(header + wide), key: 'sheet.tooManyColumns' },
    { name: 'sst.xlsx', bytes: xlsxOf(header, `<sst>${'<si><t>a</t></si>'.repeat(500_001)}</sst>`), key: 'sheet.tooManyStrings' },
    { name: 'huge.csv', bytes: Buffer.from(`姓名,编号\n"${'x'.repeat(1024 * 1024)}",1\n`), key: 'sheet.rowTooLong' },
  ];
}

describe('the voter register (read by the workflow activity)', () => {
  async function registration() {
    const street = await createStreet(sql);
    const c = await createCommunity(sql, street.id);
    const starter = await createUser(sql, [{ role: 'party_secretary', communityId: c.id }], '书记');
    const committee = [
      await createUser(sql, [{ role: 'resident', communityId: c.id }], '甲'),
      await createUser(sql, [{ role: 'resident', communityId: c.id }], '乙'),
      await createUser(sql, [{ role: 'resident', communityId: c.id }], '丙'),
    ];
    const clerk: Actor = { userId: committee[0]!.id, roles: ['resident', 'election_committee'] };
    const run = await runElectionUntil(
      { sql, communityId: c.id, starter: { userId: starter.id, roles: ['party_secretary'] }, committee: committee.map((u) => u.id), clerk, voters: syntheticVoters(10), nominations: () => [], dayMs: 60, taskQueue: worker.taskQueue },
      'registration',
    );
    return { ...run, clerk };
  }
  const activeCount = async (electionId: string) =>
    (await sql<{ n: number }[]>`select count(*)::int as n from voters where election_id = ${electionId} and status = 'active'`)[0]!.n;

  it('refuses each crafted file once, quickly, with its reason; nothing is written; then a good file imports', async () => {
    const e = await registration();
    expect(await activeCount(e.electionId)).toBe(10);
    for (const f of await craftedFiles(50_001)) {
      const t0 = Date.now();
      const r = await importRegister(sql, e.electionId, e.clerk, { filename: f.name, bytes: f.bytes });
      expect({ file: f.name, status: r.status, key: r.failureKey }).toEqual({ file: f.name, status: 'rejected', key: f.key });
      expect(Date.now() - t0).toBeLessThan(QUICK_MS);
      const imp = (await importById(sql, e.electionId, r.importId))!;
      expect(tk(tFor('zh-CN'), imp.failureKey!, imp.failureParams ?? {})).not.toContain('{{'); // the page can say why
      expect(await activeCount(e.electionId)).toBe(10);
    }
    // Each import activity ran once: a refused file is never retried.
    const history = await (await temporal()).workflow.getHandle(electionWorkflowId(e.electionId)).fetchHistory();
    const attempts = (history.events ?? [])
      .filter((ev) => ev.activityTaskScheduledEventAttributes?.activityType?.name === 'importVoterRegister')
      .map((ev) => (history.events ?? []).find((s) => s.activityTaskStartedEventAttributes && Number(s.activityTaskStartedEventAttributes.scheduledEventId) === Number(ev.eventId))?.activityTaskStartedEventAttributes?.attempt);
    expect(attempts).toEqual([1, 1, 1, 1, 1, 1, 1]); // the seed's own import and the six crafted files

    // A file named .xlsx that is not a zip is refused at the upload already, with a localized reason.
    const election = (await electionById(sql, e.electionId))!;
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect(await uploadRegister({ election, actor: e.clerk, importId: randomUUID(), filename: '名单.xlsx', bytes: png, sql })).toMatchObject({ ok: false, key: 'election.errors.importFileUnreadable' });

    // The happy path still imports, as CSV and as XLSX.
    const voters = syntheticVoters(3);
    const csv = await importRegister(sql, e.electionId, e.clerk, { filename: 'ok.csv', bytes: Buffer.from(registerCsv(voters.slice(0, 1)), 'utf8') });
    expect(csv.status).toBe('imported');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('选民');
    ws.addRow(['姓名', '身份证号码', '性别', '居民小组', '户号', '手机号码', '登记依据']);
    for (const v of voters.slice(1)) ws.addRow([v.name, v.idNumber, v.gender, v.group, v.householdId, Number(v.phone), '户籍']);
    const xlsx = await importRegister(sql, e.electionId, e.clerk, { filename: 'ok.xlsx', bytes: Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(xlsx.status).toBe('imported');
    expect(await activeCount(e.electionId)).toBe(13);
  });
});

describe('the consultation catalogue (read in the web request)', () => {
  async function committee() {
    const street = await createStreet(sql);
    const c = await createCommunity(sql, street.id);
    const people = await onePersonPerRole(sql, c);
    return { c, member: { userId: people.committee_member.id, roles: ['committee_member'], communityId: c.id } as Caller };
  }
  const draftItems = async (communityId: string) =>
    (await sql<{ items: unknown[] }[]>`select items from catalogue_drafts where community_id = ${communityId} and year = 2031`)[0]?.items;

  it('refuses each crafted file quickly with its reason, and the draft stays as it was', async () => {
    const w = await committee();
    expect(await saveCatalogueItem(w.member, 2031, DEMO_CATALOGUE_ITEMS[2] as never)).toEqual({ ok: true });
    const before = await draftItems(w.c.id);
    expect(before).toHaveLength(1);
    for (const f of await craftedFiles(10_000)) {
      if (f.bytes.length > 2 * 1024 * 1024) continue;
      const t0 = Date.now();
      const r = await importCatalogue(w.member, 2031, { name: f.name, bytes: f.bytes }, 'replace');
      expect({ file: f.name, ok: r.ok, key: !r.ok && r.key }).toEqual({ file: f.name, ok: false, key: f.key });
      expect(Date.now() - t0).toBeLessThan(QUICK_MS);
      if (!r.ok) expect(tk(tFor('en'), r.key, r.params ?? {})).not.toContain('{{');
      expect(await draftItems(w.c.id)).toEqual(before);
    }
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect(await importCatalogue(w.member, 2031, { name: '目录.xlsx', bytes: png }, 'replace')).toMatchObject({ ok: false, key: 'sheet.notSpreadsheet' });
    expect(await draftItems(w.c.id)).toEqual(before);
  });

  it('imports an XLSX catalogue of 10 000 rows in linear time (the old reader walked rows × columns × rows)', async () => {
    const w = await committee();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('目录');
    ws.addRow(['编号', '事项名称', '类别', '协商主体', '协商形式', '是否必须协商']);
    const code = (i: number) => `${String.fromCharCode(65 + Math.floor(i / 1000 / 26), 65 + (Math.floor(i / 1000) % 26))}-${String(i % 1000).padStart(3, '0')}`;
    for (let i = 0; i < 9_999; i++) ws.addRow([code(i), `第${i}项公共事务`, '环境卫生', '居民代表', '议事协商会', i % 2 ? '是' : '否']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const t0 = Date.now();
    const r = await importCatalogue(w.member, 2031, { name: '目录.xlsx', bytes }, 'replace');
    const ms = Date.now() - t0;
    expect(r).toMatchObject({ ok: true, imported: 9_999 });
    expect(ms).toBeLessThan(20_000); // the old reader needed over 4 minutes for this file (and the test timed out)
    expect(await draftItems(w.c.id)).toHaveLength(9_999);
  });
});
