import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireRole } from '~/auth.server';
import { exportFormat, exportResponse } from '~/exports.server';
import { idParam } from '~/forms.server';
import { tOf } from '~/lang.server';
import { motionDetail } from '~/motions.server';
import { namedVotesTable } from '../../domain/export/tables';

/** One meeting's named votes as CSV or XLSX — exactly what the motion page shows this viewer (§3.8). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const format = exportFormat(params.format);
  const { user, community, roles } = await requireRole(request, params.communityId);
  const caller = { userId: user.id, displayName: user.displayName, roles, communityId: community.id };
  const detail = await motionDetail(community.id, params.motionId ?? '', caller);
  const meeting = detail?.meetings.find((m) => m.id === idParam(params.meetingId));
  if (!detail || !meeting?.votes) throw new Response('Not Found', { status: 404 });
  const response = await exportResponse(await tOf(request), [namedVotesTable(meeting.votes)], format, `${community.slug}-${detail.motion.title}`);
  response.headers.set('Cache-Control', 'private, no-store');
  return response;
}
