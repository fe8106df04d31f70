/**
 * People imports (居民信息导入) from XLSX or CSV: header mapping, every bad row named, all or nothing,
 * progress stored in `people_imports` for the page that refreshes itself.
 *
 * `readSpreadsheet` is the one place that reads a file (exceljs, csv-parse — the libraries the
 * election register import uses); the lead will switch it to the hardened streaming reader.
 */
import { randomUUID } from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, mapHeaders, validateImportRows, type ImportField, type ImportRowError } from '../domain/admin/people';
import { refuse, type Refusal } from '../domain/errors';
import { writeAudit } from './admin.server';
import { insertPeople } from './admin-people.server';
import type { Sql } from './client.server';

function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes); // CSV saved by Excel on Chinese Windows
  }
}

const isZip = (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** The first sheet (or the CSV) as rows of cell texts; refuses what it cannot read. */
export async function readSpreadsheet(bytes: Buffer, filename: string): Promise<{ ok: true; rows: string[][] } | Refusal> {
  if (bytes.length === 0) return refuse('admin.errors.importEmpty');
  if (bytes.length > IMPORT_MAX_BYTES) return refuse('admin.errors.importTooLarge', { maxMb: IMPORT_MAX_BYTES / 1024 / 1024 });
  try {
    if (isZip(bytes)) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      if (!ws) return refuse('admin.errors.importEmpty');
      if (ws.rowCount > IMPORT_MAX_ROWS + 1) return refuse('admin.errors.importTooManyRows', { max: IMPORT_MAX_ROWS });
      const rows: string[][] = [];
      for (let r = 1; r <= ws.rowCount; r++) {
        const row = ws.getRow(r);
        const cells: string[] = [];
        for (let c = 1; c <= ws.columnCount; c++) cells.push(String(row.getCell(c).text ?? '').slice(0, 500));
        rows.push(cells);
      }
      return { ok: true, rows };
    }
    if (/\.xlsx$/i.test(filename)) return refuse('admin.errors.importUnreadable');
    const table = parseCsv(decodeText(bytes).replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: false, bom: true, max_record_size: 10_000 }) as string[][];
    if (table.length > IMPORT_MAX_ROWS + 1) return refuse('admin.errors.importTooManyRows', { max: IMPORT_MAX_ROWS });
    return { ok: true, rows: table.map((r) => r.map((c) => String(c ?? '').slice(0, 500))) };
  } catch {
    return refuse('admin.errors.importUnreadable');
  }
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

/**
 * Reads, checks and stores one upload. Returns once the import row exists (so the page can show
 * progress) and finishes in the background, unless `wait` (tests, seeds). Nothing is stored unless
 * every row is right.
 */
export async function startPeopleImport(
  sql: Sql,
  a: { communityId: string; filename: string; bytes: Buffer; mapping: Partial<Record<ImportField, string>>; actor: string; lockedHash: string; wait?: boolean },
): Promise<{ importId: string; done: Promise<PeopleImport['status']> }> {
  const importId = randomUUID();
  await sql`insert into people_imports (id, community_id, filename, status, mapping, created_by)
            values (${importId}, ${a.communityId}, ${a.filename.slice(0, 200)}, 'queued', ${sql.json(a.mapping as never)}, ${a.actor})`;
  const finish = (status: PeopleImport['status'], extra: { errors?: ImportRowError[]; failure?: Refusal; imported?: number }) => sql`
    update people_imports set status = ${status}, errors = ${sql.json((extra.errors ?? []) as never)},
           failure_key = ${extra.failure?.key ?? null}, failure_params = ${extra.failure?.params ? sql.json(extra.failure.params as never) : null},
           imported_count = ${extra.imported ?? 0}, finished_at = now()
    where id = ${importId}`;
  const run = async (): Promise<PeopleImport['status']> => {
    const read = await readSpreadsheet(a.bytes, a.filename);
    if (!read.ok) return (await finish('refused', { failure: read }), 'refused');
    const [header = [], ...body] = read.rows;
    const mapped = mapHeaders(header, a.mapping);
    if (!mapped.ok) return (await finish('refused', { failure: refuse(mapped.key, mapped.params) }), 'refused');
    const dataRows = body.filter((r) => r.some((c) => c.trim() !== ''));
    if (dataRows.length === 0) return (await finish('refused', { failure: refuse('admin.errors.importEmpty') }), 'refused');
    await sql`update people_imports set status = 'checking', total_rows = ${body.length} where id = ${importId}`;
    const people: ReturnType<typeof validateImportRows>['people'] = [];
    const errors: ImportRowError[] = [];
    for (let i = 0; i < body.length; i += CHUNK) {
      const part = validateImportRows(body.slice(i, i + CHUNK), mapped.mapping);
      // row numbers of the chunk are relative: shift them to the file's
      people.push(...part.people.map((p) => ({ ...p, row: p.row + i })));
      errors.push(...part.errors.map((e) => ({ ...e, row: e.row + i, ...(e.params?.first ? { params: { first: Number(e.params.first) + i } } : {}) })));
      await sql`update people_imports set processed_rows = ${Math.min(body.length, i + CHUNK)} where id = ${importId}`;
    }
    // a phone twice across chunks
    const seen = new Map<string, number>();
    for (const p of people) {
      if (!p.phone) continue;
      const first = seen.get(p.phone);
      if (first !== undefined) errors.push({ row: p.row, field: 'phone', key: 'admin.errors.phoneDuplicateInFile', params: { first } });
      else seen.set(p.phone, p.row);
    }
    if (errors.length) return (await finish('rejected', { errors: errors.sort((x, y) => x.row - y.row).slice(0, 1000) }), 'rejected');
    await sql`update people_imports set status = 'storing' where id = ${importId}`;
    const stored = await sql.begin(async (tx) => {
      const r = await insertPeople(tx, a.communityId, people, { actor: a.actor, lockedHash: a.lockedHash, importId });
      if (!r.ok) return r;
      await writeAudit(tx, { communityId: a.communityId, actor: a.actor, action: 'admin.peopleImported', subjectType: 'people_import', subjectId: importId, details: { new: { filename: a.filename, count: r.ids.length } } });
      return r;
    });
    if (!stored.ok) {
      const row = (stored as { row?: number }).row;
      return (await finish('rejected', { errors: [{ row: row ?? 0, field: 'phone', key: stored.key, ...(stored.params ? { params: stored.params } : {}) }] }), 'rejected');
    }
    await finish('imported', { imported: stored.ids.length });
    return 'imported';
  };
  const done = run().catch(async (e) => {
    console.error(`people import ${importId} failed:`, (e as Error).message);
    await finish('refused', { failure: refuse('admin.errors.importUnreadable') }).catch(() => {});
    return 'refused' as const;
  });
  if (a.wait) await done;
  return { importId, done };
}
