import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireRole } from '~/auth.server';
import { exportFormat, exportResponse } from '~/exports.server';
import { idParam } from '~/forms.server';
import { tOf } from '~/lang.server';
import { meetingMinutes } from '~/meetings.server';
import { minutesTables } from '../../domain/export/tables';

/** A meeting's attendance and agenda tallies as CSV or XLSX, for whoever may read its minutes. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const format = exportFormat(params.format);
  const { community } = await requireRole(request, params.communityId);
  const minutes = await meetingMinutes(community.id, idParam(params.meetingId));
  if (!minutes) throw new Response('Not Found', { status: 404 });
  const response = await exportResponse(await tOf(request), minutesTables(minutes), format, `${community.slug}-${minutes.title}`);
  response.headers.set('Cache-Control', 'private, no-store');
  return response;
}
