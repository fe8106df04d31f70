/**
 * CSV and XLSX downloads of the tables a page shows (issue 14 item 5). One CSV holds each table under
 * its title, separated by an empty line; an XLSX has one sheet per table. Every text cell passes
 * `safeCell` (formula injection) and XLSX cells are written as plain values — never as formulas.
 */
import { tk } from '~/i18n/keys';
import ExcelJS from 'exceljs';
import type { TFunction } from 'i18next';
import { safeCsvCell } from '../domain/admin/csv';
import { safeCell, type Cell, type ExportTable } from '../domain/export/tables';

export type ExportFormat = 'csv' | 'xlsx';

function localized(t: TFunction, table: ExportTable): { title: string; header: string[]; rows: Cell[][] } {
  const tr = new Set(table.translate ?? []);
  return {
    title: tk(t, table.title),
    header: table.columns.map((c) => tk(t, c)),
    rows: table.rows.map((r) => r.map((v, i) => safeCell(tr.has(i) && typeof v === 'string' ? tk(t, v) : v))),
  };
}

export function tablesCsv(t: TFunction, tables: readonly ExportTable[]): string {
  const blocks = tables.map((table) => {
    const l = localized(t, table);
    return [[l.title], l.header, ...l.rows].map((r) => r.map(safeCsvCell).join(',')).join('\r\n');
  });
  return '\uFEFF' + blocks.join('\r\n\r\n') + '\r\n'; // the BOM makes Excel read the Chinese as UTF-8
}

export async function tablesXlsx(t: TFunction, tables: readonly ExportTable[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Minyi 民议';
  const used = new Set<string>();
  for (const table of tables) {
    const l = localized(t, table);
    // sheet names: at most 31 characters, none of : \ / ? * [ ], unique
    let name = l.title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 28) || 'Sheet';
    for (let n = 2; used.has(name); n++) name = `${name.slice(0, 26)} ${n}`;
    used.add(name);
    const ws = wb.addWorksheet(name);
    ws.addRow(l.header).font = { bold: true };
    for (const r of l.rows) ws.addRow(r.map((v) => v ?? ''));
    ws.columns.forEach((c) => (c.width = 18));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The download response; `name` is the file name without extension (may be Chinese). */
export async function exportResponse(t: TFunction, tables: readonly ExportTable[], format: ExportFormat, name: string): Promise<Response> {
  const filename = `${name}.${format}`;
  const disposition = `attachment; filename="export.${format}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
  if (format === 'csv')
    return new Response(tablesCsv(t, tables), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': disposition,
      },
    });
  return new Response(new Uint8Array(await tablesXlsx(t, tables)), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': disposition,
    },
  });
}

export function exportFormat(param: string | undefined): ExportFormat {
  if (param === 'csv' || param === 'xlsx') return param;
  throw new Response('Not Found', { status: 404 });
}
