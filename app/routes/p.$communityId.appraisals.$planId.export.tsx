/** A published result as CSV or XLSX: per subject counts, n and satisfaction; no rater, no personal data; formula-safe cells. */
import type { LoaderFunctionArgs } from '@remix-run/node';
import ExcelJS from 'exceljs';
import { exportRows, publicResult } from '~/appraisal-pages.server';
import { communityBySlug, db } from '~/data.server';
import { idParam } from '~/forms.server';

const csvCell = (v: string | number) => (typeof v === 'number' ? String(v) : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export async function loader({ params, request }: LoaderFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  const planId = idParam(params.planId);
  const result = await publicResult(community.id, planId);
  if (!result) throw new Response('Not Found', { status: 404 });
  const rows = exportRows(result);
  const name = `appraisal-${community.slug}-${planId.slice(0, 8)}`;
  if (new URL(request.url).searchParams.get('format') === 'xlsx') {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('result');
    for (const r of rows) sheet.addRow(r);
    const bytes = await book.xlsx.writeBuffer();
    return new Response(bytes as ArrayBuffer, {
      headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': `attachment; filename="${name}.xlsx"` },
    });
  }
  const text = '\ufeff' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
  return new Response(text, { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.csv"` } });
}
