/** The minutes 会议记录 as an A4 PDF with the CJK font embedded (decision 044). */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireRole } from '~/auth.server';
import { idParam } from '~/forms.server';
import { asLang, DEFAULT_LANG, tFor } from '~/i18n/config';
import { meetingMinutes } from '~/meetings.server';
import { minutesPdf } from '~/minutes-pdf.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireRole(request, params.communityId);
  const meetingId = idParam(params.meetingId);
  const minutes = await meetingMinutes(community.id, meetingId);
  if (!minutes) throw new Response('Not Found', { status: 404 });
  const lang = asLang(new URL(request.url).searchParams.get('lang')) ?? DEFAULT_LANG;
  const pdf = await minutesPdf(minutes, tFor(lang), lang);
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="minutes-${meetingId}.pdf"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
