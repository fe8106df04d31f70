/** Register imports (CSV / XLSX): stored encrypted, read by `readSheet`, checked row by row, stored all or nothing. */
import { refuse, type Refusal } from '../domain/errors';
import { createRegisterValidator, type RegisterField, type RegisterImportRow, type RowError } from '../domain/election/register';
import { normalizeIdNumber } from '../domain/election/idcard';
import type { Queryable, Sql } from './client.server';
import { readSheet } from './spreadsheet.server';
import { decrypt, encrypt, hashIdNumber } from './election-keys.server';
import { audit, electionById } from './election-rows.server';
import { hashesRegisteredElsewhere, insertVoterRows, linkAccounts, lockElection } from './election-register.server';

// ─── register import (CSV / XLSX) ───────────────────────────────────────────────────────────────

export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 50_000;
const CHUNK = 500;

const HEADERS: Record<RegisterField, string[]> = {
  name: ['姓名', 'name'],
  idNumber: ['身份证号码', '身份证号', '公民身份号码', '身份证', 'idnumber', 'id number', 'id_number'],
  gender: ['性别', 'gender', 'sex'],
  group: ['居民小组', '所在居民小组', '小组', 'group'],
  householdId: ['户号', '户编号', 'household', 'householdid', 'household id', 'household_id'],
  phone: ['手机号码', '手机号', '手机', '联系电话', '电话', 'phone', 'mobile'],
  basis: ['登记依据', '依据', '登记类型', 'basis'],
};
const REQUIRED: RegisterField[] = ['name', 'idNumber', 'gender', 'group', 'householdId', 'basis'];

export type ParsedRegister = { ok: true; rows: RegisterImportRow[]; headerRow: number } | Refusal;

function rowsFromTable(headerCells: string[], body: string[][], headerRow: number): ParsedRegister {
  const header = headerCells.map((h) => h.trim().toLowerCase());
  const index = {} as Record<RegisterField, number>;
  const missing: string[] = [];
  for (const field of Object.keys(HEADERS) as RegisterField[]) {
    const i = header.findIndex((h) => HEADERS[field].includes(h));
    index[field] = i;
    if (i < 0 && REQUIRED.includes(field)) missing.push(HEADERS[field][0]!);
  }
  if (missing.length > 0) return refuse('election.errors.importMissingColumns', { columns: missing.join('、') });
  if (body.length === 0) return refuse('election.errors.importEmpty');
  if (body.length > IMPORT_MAX_ROWS) return refuse('election.errors.importTooManyRows', { max: IMPORT_MAX_ROWS });
  const cell = (r: string[], f: RegisterField) => (index[f] >= 0 ? (r[index[f]] ?? '').trim() : '');
  return {
    ok: true,
    headerRow,
    rows: body.map((r) => ({
      name: cell(r, 'name'),
      idNumber: cell(r, 'idNumber'),
      gender: cell(r, 'gender'),
      group: cell(r, 'group'),
      householdId: cell(r, 'householdId'),
      phone: cell(r, 'phone') || null,
      basis: cell(r, 'basis'),
    })),
  };
}

export function detectFormat(filename: string, bytes: Buffer): 'csv' | 'xlsx' | null {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  // An OLE file (password-protected workbook or old .xls): the reader says which.
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0xd0cf11e0) return 'xlsx';
  if (/\.xlsx$/i.test(filename)) return null; // named .xlsx but not a zip
  if (/\.(csv|txt)$/i.test(filename) || !/\.[a-z0-9]+$/i.test(filename)) return 'csv';
  return null;
}

/**
 * Reads a register file into rows (row n of the result is spreadsheet row headerRow + 1 + n), off
 * the event loop and within the reader's caps (db/spreadsheet.server.ts); a refusal is a `sheet.*` key.
 */
export async function parseRegisterFile(bytes: Buffer, format: 'csv' | 'xlsx'): Promise<ParsedRegister> {
  const sheet = await readSheet(bytes, format === 'xlsx' ? 'register.xlsx' : 'register.csv', {
    maxBytes: IMPORT_MAX_BYTES,
    maxRows: IMPORT_MAX_ROWS + 1, // the header row and the voters
    maxColumns: 64,
    maxCellChars: 500,
  });
  if (!sheet.ok) return refuse(sheet.key, sheet.params);
  if (sheet.header.length === 0) return refuse('election.errors.importEmpty');
  return rowsFromTable(sheet.header, sheet.rows, sheet.headerRow);
}

export type ImportStatus = 'queued' | 'reading' | 'checking' | 'storing' | 'imported' | 'rejected' | 'refused';
export type ImportRow = {
  id: string;
  electionId: string;
  filename: string;
  format: 'csv' | 'xlsx';
  status: ImportStatus;
  totalRows: number | null;
  processedRows: number;
  importedCount: number;
  errorCount: number;
  errors: RowError[];
  failureKey: string | null;
  failureParams: Record<string, string | number> | null;
  createdAt: Date;
  finishedAt: Date | null;
};
export const importFinished = (s: ImportStatus) => s === 'imported' || s === 'rejected' || s === 'refused';

const importColumns = (q: Queryable) => q`
  id, election_id as "electionId", filename, format, status, total_rows as "totalRows", processed_rows as "processedRows",
  imported_count as "importedCount", error_count as "errorCount", errors, failure_key as "failureKey",
  failure_params as "failureParams", created_at as "createdAt", finished_at as "finishedAt"`;

/** Stores an upload (encrypted) to be imported by the workflow's activity. */
export async function createImport(
  sql: Sql,
  a: { importId: string; electionId: string; communityId: string; filename: string; bytes: Buffer; actor: string },
): Promise<{ ok: true; format: 'csv' | 'xlsx' } | Refusal> {
  if (a.bytes.length > IMPORT_MAX_BYTES) return refuse('election.errors.importTooLarge', { maxMb: IMPORT_MAX_BYTES / 1024 / 1024 });
  if (a.bytes.length === 0) return refuse('election.errors.importEmpty');
  const format = detectFormat(a.filename, a.bytes);
  if (!format) return refuse('election.errors.importFileUnreadable');
  await sql`insert into voter_imports (id, election_id, community_id, filename, format, file_cipher, status, created_by)
            values (${a.importId}, ${a.electionId}, ${a.communityId}, ${a.filename.slice(0, 200)}, ${format},
                    ${encrypt(a.bytes)}, 'queued', ${a.actor})
            on conflict (id) do nothing`;
  return { ok: true, format };
}

export async function importById(q: Queryable, electionId: string, importId: string): Promise<ImportRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(importId)) return undefined;
  const [row] = await q<ImportRow[]>`select ${importColumns(q)} from voter_imports where id = ${importId} and election_id = ${electionId}`;
  return row;
}

export async function importsOf(q: Queryable, electionId: string): Promise<ImportRow[]> {
  return q<ImportRow[]>`select ${importColumns(q)} from voter_imports where election_id = ${electionId} order by created_at desc limit 20`;
}

/** An import the workflow refused (e.g. registration closed): say so on its page. */
export async function refuseImport(sql: Sql, importId: string, key: string, params?: Record<string, string | number>) {
  await sql`update voter_imports set status = 'refused', failure_key = ${key}, failure_params = ${params ? sql.json(params as never) : null},
                                     file_cipher = null, finished_at = now()
            where id = ${importId} and status = 'queued'`;
}

const MAX_STORED_ERRORS = 2000;

/**
 * Runs one import all or nothing: read, check every row (progress saved every 500 rows), then
 * store every voter in one transaction guarded by the phase row — or nothing if any row is wrong.
 * Idempotent: a finished import is returned as it is; a retried one starts again from the file.
 */
export async function runVoterImport(sql: Sql, importId: string, heartbeat: () => void = () => {}): Promise<ImportRow> {
  const [imp] = await sql<(ImportRow & { fileCipher: Buffer | null; communityId: string; createdBy: string })[]>`
    select ${importColumns(sql)}, file_cipher as "fileCipher", community_id as "communityId", created_by as "createdBy"
    from voter_imports where id = ${importId}`;
  if (!imp) throw new Error(`no import ${importId}`);
  if (importFinished(imp.status)) return imp;
  const finish = async (status: ImportStatus, f: { key?: string; params?: Record<string, string | number>; errors?: RowError[]; imported?: number } = {}) => {
    const errors = f.errors ?? [];
    await sql`update voter_imports set status = ${status}, failure_key = ${f.key ?? null},
                     failure_params = ${f.params ? sql.json(f.params as never) : null},
                     errors = ${sql.json(errors.slice(0, MAX_STORED_ERRORS) as never)}, error_count = ${errors.length},
                     imported_count = ${f.imported ?? 0}, file_cipher = null, finished_at = now()
              where id = ${importId}`;
    return (await importById(sql, imp.electionId, importId))!;
  };
  const progress = (fields: { status?: ImportStatus; total?: number; processed: number }) =>
    sql`update voter_imports set status = coalesce(${fields.status ?? null}, status),
               total_rows = coalesce(${fields.total ?? null}::int, total_rows), processed_rows = ${fields.processed}
        where id = ${importId}`;

  const election = await electionById(sql, imp.electionId);
  if (!election || election.phase !== 'registration')
    return finish('refused', { key: election && election.phase === 'preparation' ? 'election.errors.registrationNotOpen' : 'election.errors.registrationClosed' });
  if (!imp.fileCipher) return finish('refused', { key: 'election.errors.importFileUnreadable' });

  await progress({ status: 'reading', processed: 0 });
  const parsed = await parseRegisterFile(decrypt(imp.fileCipher), imp.format);
  if (!parsed.ok) return finish('rejected', { key: parsed.key, params: parsed.params });
  const rows = parsed.rows;
  await progress({ status: 'checking', total: rows.length, processed: 0 });
  heartbeat();

  const shaped = rows.map((r) => normalizeIdNumber(r.idNumber ?? '')).filter((id) => /^[1-9]\d{16}[\dX]$/.test(id));
  const hashes = [...new Set(shaped.map(hashIdNumber))];
  const here = await sql<{ h: string }[]>`
    select id_hash as h from voters where election_id = ${imp.electionId} and status = 'active' and id_hash = any(${hashes}::text[])`;
  const validator = createRegisterValidator({
    electionDay: election.plan.electionDay,
    hashOf: hashIdNumber,
    registeredHashes: new Set(here.map((r) => r.h)),
    registeredElsewhereHashes: await hashesRegisteredElsewhere(sql, imp.communityId, hashes),
    firstRowNumber: parsed.headerRow + 1, // the row after the header
  });
  for (let i = 0; i < rows.length; i += CHUNK) {
    validator.add(rows.slice(i, i + CHUNK));
    await progress({ processed: Math.min(rows.length, i + CHUNK) });
    heartbeat();
  }
  const result = validator.result();
  if (result.errors.length > 0 || result.entries.length === 0)
    return finish('rejected', result.errors.length > 0 ? { errors: result.errors } : { key: 'election.errors.importEmpty' });

  await progress({ status: 'storing', processed: 0 });
  try {
    const stored = await sql.begin(async (tx) => {
      const e = await lockElection(tx, imp.electionId);
      if (!e || e.phase !== 'registration') return refuse('election.errors.registrationClosed');
      for (let i = 0; i < result.entries.length; i += CHUNK) {
        await insertVoterRows(tx, { electionId: imp.electionId, communityId: imp.communityId }, result.entries.slice(i, i + CHUNK), {
          source: 'import',
          importId,
          addedBy: imp.createdBy,
        });
        await progress({ processed: Math.min(result.entries.length, i + CHUNK) }); // on the pool, outside this transaction
        heartbeat();
      }
      await linkAccounts(tx, imp.electionId, imp.communityId);
      await audit(tx, { communityId: imp.communityId, actor: imp.createdBy, action: 'voter_register.imported', electionId: imp.electionId, subjectType: 'voter_import', subjectId: importId, details: { rows: result.entries.length, filename: imp.filename } });
      return { ok: true as const };
    });
    if (!stored.ok) return finish('refused', { key: stored.key });
  } catch (e) {
    if ((e as { code?: string }).code === '23505') return finish('rejected', { key: 'election.errors.importConflict' });
    throw e;
  }
  return finish('imported', { imported: result.entries.length });
}
