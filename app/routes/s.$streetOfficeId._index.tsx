import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { communitiesOfStreet, loadBoard, streetOfficeBySlug } from '~/board.server';
import { BoardFilters } from '~/components/board/BoardFilters';
import { BoardList } from '~/components/board/BoardList';
import { db } from '~/data.server';
import { nameIn } from '~/i18n/names';
import type { loader as rootLoader } from '~/root';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.street.nameZh} 公开栏 · 民议` : '民议' },
  ...(data
    ? [{ tagName: 'link', rel: 'alternate', type: 'application/atom+xml', href: `/s/${data.street.slug}/feed.xml`, title: `${data.street.nameZh} 公开栏` }]
    : []),
];

/** Public: a street office's board, every community's disclosures newest first. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const street = await streetOfficeBySlug(db(), params.streetOfficeId ?? '');
  if (!street) throw new Response('Not Found', { status: 404 });
  const [board, communities] = await Promise.all([loadBoard(db(), request, { streetOfficeId: street.id }), communitiesOfStreet(db(), street.id)]);
  return { street, communities, ...board };
}

export default function StreetBoard() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const { street, communities, filter, error, years, entries, olderHref, newestHref } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t('board.street.title', { street: nameIn(lang, street) })}</h1>
      <p className="muted">{t('board.street.intro')}</p>
      <nav aria-label={t('board.communities')}>
        <h2>{t('board.communities')}</h2>
        <ul className="link-list">
          {communities.map((c) => (
            <li key={c.slug}>
              <Link to={`/p/${c.slug}`}>{nameIn(lang, c)}</Link>
            </li>
          ))}
          <li>
            <a href={`/s/${street.slug}/feed.xml`}>{t('board.feed')}</a>
          </li>
        </ul>
      </nav>
      <BoardFilters groups={filter.groups} year={filter.year} q={filter.q} years={years} error={error} />
      <BoardList entries={entries} showCommunity olderHref={olderHref} newestHref={newestHref} />
    </div>
  );
}
