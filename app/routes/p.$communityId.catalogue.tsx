import consultationStyles from '~/components/consultation/consultation.css';
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CatalogueItemCard, DiffView, useDates } from '~/components/consultation/ui';
import { cataloguePage, defaultCatalogueYear } from '~/consultations.server';
import { communityBySlug, db } from '~/data.server';
import { nameIn } from '~/i18n/names';
import { useLang } from '~/components/consultation/ui';
import { YearPicker } from '~/components/consultation/YearPicker';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: consultationStyles }];

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: d ? `${d.community.nameZh} ${d.year}年度协商事项目录 · 民议` : '协商事项目录 · 民议' },
];

/** Public, no account: the catalogue in force, every earlier version, and what changed each time. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  const url = new URL(request.url);
  const y = Number(url.searchParams.get('year'));
  const year = Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : await defaultCatalogueYear(community.id);
  const page = await cataloguePage(community.id, year, false);
  const wanted = Number(url.searchParams.get('v'));
  const shown = page.versions.find((v) => v.version === wanted) ?? page.versions[page.versions.length - 1];
  return {
    community: { slug: community.slug, nameZh: community.nameZh, nameEn: community.nameEn },
    year,
    years: page.years,
    versions: page.versions.map((v) => ({ version: v.version, publishedAt: v.publishedAt, changeNote: v.changeNote })),
    currentVersion: page.versions[page.versions.length - 1]?.version ?? null,
    shown: shown ?? null,
  };
}

export default function PublicCatalogue() {
  const { t } = useTranslation();
  const lang = useLang();
  const { date } = useDates();
  const d = useLoaderData<typeof loader>();
  const v = d.shown;
  const isCurrent = v && v.version === d.currentVersion;
  return (
    <div className="stack">
      <p>
        <Link to={`/p/${d.community.slug}`}>{t('consultation.ui.public.board')}</Link>
        {' · '}
        <Link to={`/p/${d.community.slug}/consultations`}>{t('consultation.ui.nav.publicConsultations')}</Link>
      </p>
      <h1>{t('consultation.ui.public.catalogueTitle', { community: nameIn(lang, d.community), year: d.year })}</h1>
      <p className="muted">{t('consultation.ui.catalogue.intro')}</p>
      {d.years.length > 1 ? <YearPicker year={d.year} years={d.years} /> : null}
      {!v ? <p>{t('consultation.ui.catalogue.noCatalogue')}</p> : null}
      {v ? (
        <>
          {isCurrent ? (
            <h2>{t('consultation.ui.catalogue.current', { version: v.version })}</h2>
          ) : (
            <p className="notice">
              {t('consultation.ui.catalogue.viewing', { version: v.version })}{' '}
              <Link to={`/p/${d.community.slug}/catalogue?year=${d.year}`}>{t('consultation.ui.catalogue.backToCurrent')}</Link>
            </p>
          )}
          <p className="muted">{t('consultation.ui.catalogue.publishedOn', { date: date(v.publishedAt) })}</p>
          <p>
            {t('consultation.ui.catalogue.changeNote')}：{v.changeNote}
          </p>
          {v.diff ? <DiffView diff={v.diff} title={t('consultation.ui.catalogue.diffTitle', { prev: v.version - 1 })} /> : null}
          <h2>{t('consultation.ui.catalogue.items', { count: v.items.length })}</h2>
          {v.items.map((item) => (
            <CatalogueItemCard key={item.code} item={item} />
          ))}
        </>
      ) : null}
      {d.versions.length > 1 ? (
        <section aria-labelledby="versions-h">
          <h2 id="versions-h">{t('consultation.ui.catalogue.versions')}</h2>
          <ul className="version-list">
            {[...d.versions].reverse().map((x) => (
              <li key={x.version}>
                {x.version === v?.version ? (
                  <strong>{t('consultation.ui.catalogue.versionLabel', { version: x.version })}</strong>
                ) : (
                  <Link to={`/p/${d.community.slug}/catalogue?year=${d.year}&v=${x.version}`}>
                    {t('consultation.ui.catalogue.viewVersion', { version: x.version })}
                  </Link>
                )}{' '}
                <span className="muted">{date(x.publishedAt)}</span> — {x.changeNote}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
