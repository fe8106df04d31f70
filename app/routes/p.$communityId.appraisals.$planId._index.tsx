/** The public result of an appraisal on the board (no account): chart with numbers in words, reports, replies, export. */
import { tk } from '~/i18n/keys';
import appraisalStyles from '~/components/appraisal/appraisal.css';
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { publicResult } from '~/appraisal-pages.server';
import { ResultChart, type ChartRow } from '~/components/appraisal/ResultChart';
import { communityBySlug, db } from '~/data.server';
import { idParam } from '~/forms.server';
import type { loader as rootLoader } from '~/root';
import { formatShanghaiDate } from '../../domain/calendar';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: appraisalStyles }];
export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d ? `${d.result.title} · 民议` : '民主评议 · 民议' }];

type Subject = { name: string; counts: ChartRow['counts']; satisfactionPermille?: number | null; overall?: string | null; underSixMonths?: boolean; report?: string; result?: { kind: string; satisfactionPermille?: number; n: number }; comments?: string[] };

export async function loader({ params }: LoaderFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  const result = await publicResult(community.id, idParam(params.planId));
  if (!result) throw new Response('Not Found', { status: 404 });
  return { slug: community.slug, planId: idParam(params.planId), result };
}

export default function PublicAppraisal() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const { slug, planId, result } = useLoaderData<typeof loader>();
  const body = result.body as unknown as { scale?: 'satisfaction' | 'competence'; subjects: Subject[]; returned?: number; void?: number; raters?: number };
  const cadre = result.kind === 'appraisal_result';
  const rows: ChartRow[] = body.subjects.map((s) => {
    const rate = cadre ? (s.satisfactionPermille ?? null) : s.result?.kind === 'rated' ? (s.result.satisfactionPermille ?? null) : null;
    const notes = cadre
      ? [s.overall ? tk(t, `appraisal.overall.${s.overall}`) : '', s.underSixMonths ? t('appraisal.flag.underSixMonths') : '']
      : [s.result?.kind === 'tooFew' ? t('appraisal.page.tooFew') : `${t('appraisal.result.n')} ${s.result?.n ?? 0}`];
    return { name: s.name, counts: s.counts, ratePermille: rate, note: notes.filter(Boolean).join('，') };
  });
  return (
    <div className="stack">
      <p><Link to={`/p/${slug}`}>{t('board.back')}</Link></p>
      <h1>{result.title}</h1>
      <p className="muted">{t('board.publishedOn', { date: formatShanghaiDate(result.publishedAt, lang) })}</p>
      {cadre ? <p>{t('appraisal.page.valid', { returned: body.returned ?? 0, void: body.void ?? 0 })}</p> : null}
      <ResultChart rows={rows} scale={body.scale ?? 'satisfaction'} />
      <div className="appraisal-table-wrap" role="region" aria-label={t('appraisal.result.table')} tabIndex={0}>
      <table className="appraisal-table">
        <caption className="muted">{t('appraisal.result.chart')}</caption>
        <thead><tr><th scope="col">{t('appraisal.page.subject')}</th><th scope="col">{t(`appraisal.grade.${body.scale ?? 'satisfaction'}.good`)}</th><th scope="col">{t(`appraisal.grade.${body.scale ?? 'satisfaction'}.fair`)}</th><th scope="col">{t(`appraisal.grade.${body.scale ?? 'satisfaction'}.poor`)}</th><th scope="col">{t('appraisal.result.rate')}</th></tr></thead>
        <tbody>{rows.map((r) => <tr key={r.name}><th scope="row">{r.name}</th><td>{r.counts.good}</td><td>{r.counts.fair}</td><td>{r.counts.poor}</td><td>{r.ratePermille === null ? t('appraisal.result.noRate') : `${(r.ratePermille / 10).toFixed(1)}%`}</td></tr>)}</tbody>
      </table>
      </div>
      <p>{t('appraisal.result.export')}: <a href={`/p/${slug}/appraisals/${planId}/export?format=csv`} className="button secondary">{t('appraisal.result.csv')}</a> <a href={`/p/${slug}/appraisals/${planId}/export?format=xlsx`} className="button secondary">{t('appraisal.result.xlsx')}</a></p>
      {cadre ? (
        <section>
          <h2>{t('appraisal.page.reports')}</h2>
          {body.subjects.map((s) => <details key={s.name}><summary>{s.name}</summary><p className="prose">{s.report}</p></details>)}
        </section>
      ) : null}
      {!cadre && body.subjects.some((s) => s.comments?.length) ? (
        <section>
          <h2>{t('appraisal.page.comments')}</h2>
          {body.subjects.filter((s) => s.comments?.length).map((s) => <div key={s.name}><h3>{s.name}</h3><ul>{s.comments!.map((c, i) => <li key={i}>{c}</li>)}</ul></div>)}
        </section>
      ) : null}
      {result.replies.length ? (
        <section>
          <h2>{t('appraisal.result.replies')}</h2>
          {result.replies.map((r) => <div key={r.subject} className="card"><h3>{r.subject}</h3><p className="prose">{r.reply}</p></div>)}
        </section>
      ) : null}
      <p className="muted">{t('board.thisHash')}: <code className="hash">{result.hash}</code></p>
    </div>
  );
}
