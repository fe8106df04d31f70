/**
 * People imports (居民信息导入) from XLSX or CSV: header mapping, every bad row named, all or nothing,
 * progress stored in `people_imports` for the page that refreshes itself.
 *
 * `readSpreadsheet` reads the file with `readSheet` (db/spreadsheet.server.ts), the capped reader of
 * every import.
 */
import { randomUUID } from 'node:crypto';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, mapHeaders, validateImportRows, type ImportField, type ImportRowError } from '../domain/admin/people';
import { refuse, type Refusal } from '../domain/errors';
import { writeAudit } from './admin.server';
import { insertPeople } from './admin-people.server';
import type { Queryable, Sql } from './client.server';
import { readSheet } from './spreadsheet.server';

/**
 * The first sheet (or the CSV) through the capped reader shared by every import (decision 027: caps
 * before allocation, off the event loop); a file it refuses comes back as its `sheet.*` reason.
 */
export async function readSpreadsheet(bytes: Buffer, filename: string): Promise<{ ok: true; header: string[]; headerRow: number; rows: string[][] } | Refusal> {
  if (bytes.length === 0) return refuse('admin.errors.importEmpty');
  if (bytes.length > IMPORT_MAX_BYTES) return refuse('admin.errors.importTooLarge', { maxMb: IMPORT_MAX_BYTES / 1024 / 1024 });
  const sheet = await readSheet(bytes, filename, { maxBytes: IMPORT_MAX_BYTES, maxRows: IMPORT_MAX_ROWS + 1, maxColumns: 64, maxCellChars: 2000 });
  if (!sheet.ok) return refuse(sheet.key, sheet.params);
  const cut = (r: string[]) => r.map((c) => c.slice(0, 500));
  return { ok: true, header: cut(sheet.header), headerRow: sheet.headerRow, rows: sheet.rows.map(cut) };
}

export type PeopleImport = {
  id: string;
  filename: string;
  status: 'queued' | 'checking' | 'storing' | 'imported' | 'rejected' | 'refused';
  totalRows: number | null;
  processedRows: number;
  importedCount: number;
  errors: ImportRowError[];
  failureKey: string | null;
  failureParams: Record<string, string | number> | null;
  createdAt: Date;
  finishedAt: Date | null;
};

export async function peopleImports(sql: Sql, communityId: string): Promise<PeopleImport[]> {
  return sql<PeopleImport[]>`
    select id, filename, status, total_rows as "totalRows", processed_rows as "processedRows", imported_count as "importedCount",
           errors, failure_key as "failureKey", failure_params as "failureParams", created_at as "createdAt", finished_at as "finishedAt"
    from people_imports where community_id = ${communityId} order by created_at desc limit 20`;
}

const CHUNK = 200;
const RUNNING: readonly PeopleImport['status'][] = ['queued', 'checking', 'storing'];

export type NewPeopleImport = { communityId: string; filename: string; bytes: Buffer; mapping: Partial<Record<ImportField, string>>; actor: string; lockedHash: string };

/** Stores an upload as a queued import (the file waits in the row until the import has run). */
export async function createPeopleImport(sql: Sql, a: NewPeopleImport): Promise<string> {
  const importId = randomUUID();
  await sql`insert into people_imports (id, community_id, filename, status, mapping, created_by, file, locked_hash)
            values (${importId}, ${a.communityId}, ${a.filename.slice(0, 200)}, 'queued', ${sql.json(a.mapping as never)}, ${a.actor}, ${a.bytes}, ${a.lockedHash})`;
  return importId;
}

/**
 * Reads, checks and stores one queued import; `progress` is told each checked chunk (the activity
 * heartbeats with it). Safe to run again (a retried activity): a finished import is left as it is,
 * and the people are stored in one transaction that first locks the row and re-reads its status, so
 * all or nothing holds and nobody is stored twice.
 */
export async function runPeopleImport(sql: Sql, importId: string, progress: (processed: number) => void = () => {}): Promise<PeopleImport['status']> {
  const [job] = await sql<{ communityId: string; filename: string; status: PeopleImport['status']; mapping: Partial<Record<ImportField, string>>; actor: string; file: Buffer | null; lockedHash: string | null }[]>`
    select community_id as "communityId", filename, status, mapping, created_by as actor, file, locked_hash as "lockedHash" from people_imports where id = ${importId}`;
  if (!job) throw new Error(`no people import ${importId}`);
  if (!RUNNING.includes(job.status)) return job.status;
  const finish = async (status: PeopleImport['status'], extra: { errors?: ImportRowError[]; failure?: Refusal; imported?: number }, q: Queryable = sql) => {
    await q`
      update people_imports set status = ${status}, errors = ${sql.json((extra.errors ?? []) as never)},
             failure_key = ${extra.failure?.key ?? null}, failure_params = ${extra.failure?.params ? sql.json(extra.failure.params as never) : null},
             imported_count = ${extra.imported ?? 0}, finished_at = now(), file = null
      where id = ${importId}`;
    return status;
  };
  if (!job.file || !job.lockedHash) return finish('refused', { failure: refuse('admin.errors.importUnreadable') });
  const read = await readSpreadsheet(job.file, job.filename);
  if (!read.ok) return finish('refused', { failure: read });
  const { header, rows: body } = read;
  const offset = read.headerRow - 1; // validateImportRows numbers rows as if the header were row 1
  const mapped = mapHeaders(header, job.mapping);
  if (!mapped.ok) return finish('refused', { failure: refuse(mapped.key, mapped.params) });
  const dataRows = body.filter((r) => r.some((c) => c.trim() !== ''));
  if (dataRows.length === 0) return finish('refused', { failure: refuse('admin.errors.importEmpty') });
  await sql`update people_imports set status = 'checking', total_rows = ${body.length}, processed_rows = 0 where id = ${importId}`;
  const people: ReturnType<typeof validateImportRows>['people'] = [];
  const errors: ImportRowError[] = [];
  for (let i = 0; i < body.length; i += CHUNK) {
    const part = validateImportRows(body.slice(i, i + CHUNK), mapped.mapping);
    // row numbers of the chunk are relative: shift them to the file's
    const shift = i + offset;
    people.push(...part.people.map((p) => ({ ...p, row: p.row + shift })));
    errors.push(...part.errors.map((e) => ({ ...e, row: e.row + shift, ...(e.params?.first ? { params: { first: Number(e.params.first) + shift } } : {}) })));
    const processed = Math.min(body.length, i + CHUNK);
    await sql`update people_imports set processed_rows = ${processed} where id = ${importId}`;
    progress(processed);
  }
  // a phone twice across chunks
  const seen = new Map<string, number>();
  for (const p of people) {
    if (!p.phone) continue;
    const first = seen.get(p.phone);
    if (first !== undefined) errors.push({ row: p.row, field: 'phone', key: 'admin.errors.phoneDuplicateInFile', params: { first } });
    else seen.set(p.phone, p.row);
  }
  if (errors.length) return finish('rejected', { errors: errors.sort((x, y) => x.row - y.row).slice(0, 1000) });
  await sql`update people_imports set status = 'storing' where id = ${importId}`;
  const lockedHash = job.lockedHash;
  return sql.begin(async (tx) => {
    const [now] = await tx<{ status: PeopleImport['status'] }[]>`select status from people_imports where id = ${importId} for update`;
    if (!now || !RUNNING.includes(now.status)) return now?.status ?? 'refused';
    const r = await insertPeople(tx, job.communityId, people, { actor: job.actor, lockedHash, importId });
    if (!r.ok) {
      const row = (r as { row?: number }).row;
      return finish('rejected', { errors: [{ row: row ?? 0, field: 'phone', key: r.key, ...(r.params ? { params: r.params } : {}) }] }, tx);
    }
    await writeAudit(tx, { communityId: job.communityId, actor: job.actor, action: 'admin.peopleImported', subjectType: 'people_import', subjectId: importId, details: { new: { filename: job.filename, count: r.ids.length } } });
    return finish('imported', { imported: r.ids.length }, tx);
  });
}

/**
 * Creates the import and runs it in this process — for tests of the checks and for seeds. The web
 * starts the durable `peopleImport` workflow instead (app/admin-import.server.ts).
 */
export async function startPeopleImport(sql: Sql, a: NewPeopleImport & { wait?: boolean }): Promise<{ importId: string; done: Promise<PeopleImport['status']> }> {
  const importId = await createPeopleImport(sql, a);
  const done = runPeopleImport(sql, importId);
  if (a.wait) await done;
  return { importId, done };
}
