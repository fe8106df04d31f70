/** 街道: the street office compares its communities' published appraisal results year over year (read only). */
import appraisalStyles from '~/components/appraisal/appraisal.css';
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireStreetOfficeAdmin } from '~/admin.server';
import { streetComparison } from '~/appraisal-pages.server';
import { percent } from '~/components/appraisal/ResultChart';
import { nameIn } from '~/i18n/names';
import type { loader as rootLoader } from '~/root';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: appraisalStyles }];
export const meta: MetaFunction = () => [{ title: '各社区民主评议 · 民议' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { street } = await requireStreetOfficeAdmin(request, params.streetOfficeId);
  return { street, rows: await streetComparison(street.id) };
}

export default function StreetAppraisals() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const { street, rows } = useLoaderData<typeof loader>();
  const years = [...new Set(rows.map((r) => r.year))].sort();
  const communities = [...new Map(rows.map((r) => [r.community, r])).values()];
  return (
    <div className="stack">
      <p><Link to={`/so/${street.slug}`}>←</Link></p>
      <h1>{t('appraisal.street.title')}：{nameIn(lang, street)}</h1>
      <p className="muted">{t('appraisal.street.intro')}</p>
      {rows.length === 0 ? <p>{t('appraisal.street.none')}</p> : null}
      {(['cadre', 'service'] as const).map((kind) =>
        rows.some((r) => r.kind === kind) ? (
          <section key={kind} className="card">
            <h2>{t(`appraisal.kind.${kind}`)}</h2>
            <table className="appraisal-table">
              <thead>
                <tr><th scope="col">{t('appraisal.street.community')}</th>{years.map((y) => <th key={y} scope="col">{y}</th>)}</tr>
              </thead>
              <tbody>
                {communities.map((c) => (
                  <tr key={c.community}>
                    <th scope="row"><Link to={`/p/${c.community}`}>{lang === 'en' ? c.nameEn : c.nameZh}</Link></th>
                    {years.map((y) => {
                      const r = rows.find((x) => x.community === c.community && x.year === y && x.kind === kind);
                      const p = r ? percent(r.averagePermille) : null;
                      return (
                        <td key={y}>
                          {p ?? t('appraisal.result.noRate')}
                          {r?.averagePermille != null ? <div className="appraisal-bar" aria-hidden="true"><span className="good" style={{ width: `${r.averagePermille / 10}%` }} /></div> : null}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted">{t('appraisal.street.average')}</p>
          </section>
        ) : null,
      )}
    </div>
  );
}
