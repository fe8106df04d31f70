import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { loadBoard, loadChain } from '~/board.server';
import { BoardFilters } from '~/components/board/BoardFilters';
import { BoardList } from '~/components/board/BoardList';
import { communityBySlug, db } from '~/data.server';
import { nameIn } from '~/i18n/names';
import type { loader as rootLoader } from '~/root';
import { formatShanghaiDate } from '../../domain/calendar';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.community.nameZh} 公开栏 · 民议` : '民议' },
  ...(data
    ? [{ tagName: 'link', rel: 'alternate', type: 'application/atom+xml', href: `/p/${data.community.slug}/feed.xml`, title: `${data.community.nameZh} 公开栏` }]
    : []),
];

/** Public: no account needed. Shows only what DOMAIN.md §6 lets the public see. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  const [board, chain] = await Promise.all([loadBoard(db(), request, { communityId: community.id }), loadChain(db(), community.id)]);
  return {
    community: { slug: community.slug, nameZh: community.nameZh, nameEn: community.nameEn },
    chain: { ...chain, checkedAt: chain.checkedAt ? new Date(chain.checkedAt).getTime() : null },
    ...board,
  };
}

export default function PublicBoard() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const { community, chain, filter, error, years, entries, olderHref, newestHref } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t('board.title', { community: nameIn(lang, community) })}</h1>
      <p className="muted">{t('board.intro')}</p>
      <ul className="link-list">
        <li>
          <Link to={`/p/${community.slug}/catalogue`}>{t('community.catalogue')}</Link>
        </li>
        <li>
          <Link to={`/p/${community.slug}/consultations`}>{t('community.consultations')}</Link>
        </li>
        <li>
          <a href={`/p/${community.slug}/feed.xml`}>{t('board.feed')}</a>
        </li>
        <li>
          <Link to={`/p/${community.slug}/subscribe`}>{t('notify.subscribe.link')}</Link>
        </li>
      </ul>
      <BoardFilters groups={filter.groups} year={filter.year} q={filter.q} years={years} error={error} />
      <BoardList entries={entries} olderHref={olderHref} newestHref={newestHref} />
      <section className="card wrap-anywhere" aria-labelledby="chain">
        <h2 id="chain">{t('board.chainTitle')}</h2>
        {chain.ok ? (
          <>
            <p>{t('board.chainOk', { count: chain.length })}</p>
            <p className="muted">
              {chain.checkedAt ? t('board.chainChecked', { date: formatShanghaiDate(chain.checkedAt, lang) }) : t('board.chainNeverChecked')}
            </p>
            {chain.pending ? <p className="notice">{t('board.chainPending')}</p> : null}
            <p>
              {t('board.chainHead')}：<code className="hash">{chain.head}</code>
            </p>
          </>
        ) : (
          <p className="form-error">{t('board.chainBroken', { seq: chain.brokenAt })}</p>
        )}
        <p>
          <Link to={`/p/${community.slug}/verify`}>{t('board.verifyLink')}</Link>
        </p>
        <p className="muted">{t('board.chainHow')}</p>
        <p>
          <a href={`/p/${community.slug}/chain.json`} download>
            {t('board.download')}
          </a>
        </p>
        <p>
          <a href="/verify-disclosures.mjs" download>
            {t('board.verifier')}
          </a>
        </p>
        <p className="muted">{t('board.verifierHow', { file: `${community.slug}-disclosures.json` })}</p>
      </section>
    </div>
  );
}
