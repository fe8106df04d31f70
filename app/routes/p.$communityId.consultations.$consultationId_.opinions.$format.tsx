import type { LoaderFunctionArgs } from '@remix-run/node';
import { publicConsultation } from '~/consultations.server';
import { communityBySlug, db } from '~/data.server';
import { exportFormat, exportResponse } from '~/exports.server';
import { idParam } from '~/forms.server';
import { tOf } from '~/lang.server';
import { opinionsTable } from '../../domain/export/tables';

/** Public: a consultation's opinions and answers, anonymised as on its page (§6, §7), as CSV or XLSX. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const format = exportFormat(params.format);
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  const c = await publicConsultation(community.id, idParam(params.consultationId));
  if (!c) throw new Response('Not Found', { status: 404 });
  return exportResponse(await tOf(request), [opinionsTable(c.opinions)], format, `${community.slug}-${c.title}`);
}
