import type { LoaderFunctionArgs } from '@remix-run/node';
import { boardFeed, streetOfficeBySlug } from '~/board.server';
import { db } from '~/data.server';

/** Atom feed of a street office's board: every community's disclosures (public). */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const street = await streetOfficeBySlug(db(), params.streetOfficeId ?? '');
  if (!street) throw new Response('Not Found', { status: 404 });
  return boardFeed(db(), request, { streetOfficeId: street.id }, { title: `${street.nameZh}公开栏`, path: `/s/${street.slug}` });
}
