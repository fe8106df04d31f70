import type { LoaderFunctionArgs } from '@remix-run/node';
import { publicOrigin } from '~/board.server';
import { communityBySlug, db, disclosureById } from '~/data.server';
import { idParam } from '~/forms.server';
import { langOf, tOf } from '~/lang.server';
import { cachedNoticePdf } from '~/notice-pdf.server';

/** Public: the A4 notice 公示 of one disclosure as a PDF (same content as the print page). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  const d = await disclosureById(db(), community.id, idParam(params.disclosureId));
  if (!d) throw new Response('Not Found', { status: 404 });
  const lang = await langOf(request);
  const pdf = await cachedNoticePdf(
    {
      community: lang === 'en' ? community.nameEn : community.nameZh,
      kind: d.kind,
      title: d.title,
      body: d.body,
      publishedAt: new Date(d.publishedAt).getTime(),
      visibleUntil: d.visibleUntil ? new Date(d.visibleUntil).getTime() : null,
      correctionReason: d.correctionReason,
      hash: d.hash,
      recordUrl: `${publicOrigin(request)}/p/${community.slug}/d/${d.id}`,
    },
    await tOf(request),
    lang,
  );
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="notice.pdf"; filename*=UTF-8''${encodeURIComponent(`${community.slug}-${d.title}.pdf`)}`,
    },
  });
}
