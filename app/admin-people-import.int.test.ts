/**
 * People import (issue 11 item 2) as durable work: the web queues the upload and the
 * `peopleImport` workflow's activity (on the real worker) checks and stores it through the capped
 * reader of every import (`readSheet`, decision 027). A 5,000-row XLSX all in; one bad row keeps all
 * 5,000 out naming its row; rows named by the spreadsheet's own numbers when the header is not on
 * row 1; a zip bomb refused with the reader's reason; nothing written by a refused file, and the
 * upload itself not kept once the import has finished.
 */
import ExcelJS from 'exceljs';
import { peopleImports, startPeopleImport } from '../db/admin-import.server';
import { closeDb } from '../db/client.server';
import { bombXlsx } from '../db/spreadsheet.fixtures';
import { createCommunity, createStreet, createUser } from '../scripts/test-setup/fixtures';
import { fileWorker, testSql } from '../scripts/test-setup/services';
import { lockedPasswordHash } from './admin.server';
import { peopleImportWorkflowId, queuePeopleImport } from './admin-import.server';
import { closeTemporal, temporal } from './temporal.server';

const sql = testSql();
const worker = fileWorker(sql, async () => {
  await closeTemporal();
  await closeDb();
});

const HEADER = ['姓名', '性别', '出生年份', '居民小组', '楼栋', '单元', '手机号'];
const row = (i: number) => [`居民${i}`, i % 2 ? '男' : '女', String(1940 + (i % 60)), `第${(i % 5) + 1}居民小组`, `${(i % 20) + 1}号楼`, '1单元', `139${String(i).padStart(8, '0')}`];

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('居民信息');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function community() {
  const street = await createStreet(sql);
  const c = await createCommunity(sql, street.id);
  const actor = await createUser(sql, [{ role: 'street_office_admin', streetOfficeId: street.id }], '街道');
  return { c, actor };
}

/** As the page does it: queued, then run by the workflow on the worker. */
async function importThroughWorkflow(communityId: string, actor: string, filename: string, bytes: Buffer) {
  const importId = await queuePeopleImport({ communityId, filename, bytes, mapping: {}, actor, lockedHash: await lockedPasswordHash(), taskQueue: worker.taskQueue });
  const status = await (await temporal()).workflow.getHandle(peopleImportWorkflowId(importId)).result();
  const row = (await peopleImports(sql, communityId)).find((i) => i.id === importId)!;
  expect(row.status).toBe(status);
  const [kept] = await sql<{ file: Buffer | null }[]>`select file from people_imports where id = ${importId}`;
  expect(kept!.file).toBeNull();
  return row;
}
/** The same checks, run in this process. */
async function importFile(communityId: string, actor: string, filename: string, bytes: Buffer) {
  const { importId } = await startPeopleImport(sql, { communityId, filename, bytes, mapping: {}, actor, lockedHash: await lockedPasswordHash(), wait: true });
  return (await peopleImports(sql, communityId)).find((i) => i.id === importId)!;
}
const people = async (communityId: string) => (await sql<{ n: number }[]>`select count(*)::int as n from people where community_id = ${communityId}`)[0]!.n;

it('imports 5,000 rows from an XLSX file through the workflow', { timeout: 120_000 }, async () => {
  const { c, actor } = await community();
  const rows = Array.from({ length: 5000 }, (_, i) => row(i));
  const r = await importThroughWorkflow(c.id, actor.id, '居民信息.xlsx', await xlsx([HEADER, ...rows]));
  expect(r).toMatchObject({ status: 'imported', importedCount: 5000, processedRows: 5000, totalRows: 5000, errors: [] });
  expect(await people(c.id)).toBe(5000);
});

it('keeps all 5,000 out for one bad row, naming it', { timeout: 120_000 }, async () => {
  const { c, actor } = await community();
  const rows = Array.from({ length: 5000 }, (_, i) => row(i));
  rows[4319]![2] = '一九五八'; // spreadsheet row 4,321 (header on row 1)
  const r = await importThroughWorkflow(c.id, actor.id, '居民信息.xlsx', await xlsx([HEADER, ...rows]));
  expect(r.status).toBe('rejected');
  expect(r.errors).toEqual([{ row: 4321, field: 'birthYear', key: 'admin.errors.birthYearInvalid' }]);
  expect(await people(c.id)).toBe(0);
});

it('names rows by the spreadsheet’s numbers when a title row comes before the header', async () => {
  const { c, actor } = await community();
  const bad = row(2);
  bad[6] = '12345';
  // Row 1 blank, header on row 2, people from row 3; the bad phone is on row 5.
  const r = await importFile(c.id, actor.id, '居民信息.xlsx', await xlsx([[], HEADER, row(0), row(1), bad]));
  expect(r.status).toBe('rejected');
  expect(r.errors).toEqual([{ row: 5, field: 'phone', key: 'admin.errors.phoneInvalid' }]);
  expect(await people(c.id)).toBe(0);
});

it('refuses a zip bomb with the reader’s reason and stores nothing', { timeout: 60_000 }, async () => {
  const { c, actor } = await community();
  const r = await importThroughWorkflow(c.id, actor.id, '居民信息.xlsx', await bombXlsx(100));
  expect(r).toMatchObject({ status: 'refused', failureKey: 'sheet.inflatesTooMuch' });
  expect(await people(c.id)).toBe(0);
});
