import type { LoaderFunctionArgs } from '@remix-run/node';
import { boardFeed } from '~/board.server';
import { communityBySlug, db } from '~/data.server';

/** Atom feed of a community's board (public). `?kind=` and `?q=` filter it like the board. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  return boardFeed(db(), request, { communityId: community.id }, { title: `${community.nameZh}公开栏`, path: `/p/${community.slug}` });
}
