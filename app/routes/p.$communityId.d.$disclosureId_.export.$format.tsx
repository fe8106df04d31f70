import type { LoaderFunctionArgs } from '@remix-run/node';
import { communityBySlug, db, disclosureById } from '~/data.server';
import { exportFormat, exportResponse } from '~/exports.server';
import { idParam } from '~/forms.server';
import { tOf } from '~/lang.server';
import { disclosureTables } from '../../domain/export/tables';

/** Public: the tables of one disclosure (tally, attendance, results…) as CSV or XLSX. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const format = exportFormat(params.format);
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  const d = await disclosureById(db(), community.id, idParam(params.disclosureId));
  const tables = d ? disclosureTables(d.kind, d.body) : [];
  if (!d || tables.length === 0) throw new Response('Not Found', { status: 404 });
  return exportResponse(await tOf(request), tables, format, `${community.slug}-${d.title}`);
}
