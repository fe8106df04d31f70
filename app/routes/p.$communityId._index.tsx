import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { communityBySlug, communityDisclosures, db, verifyCommunityChain } from '~/data.server';
import { nameIn } from '~/i18n/names';
import type { loader as rootLoader } from '~/root';
import { formatShanghaiDate } from '../../domain/calendar';
import { disclosureStatus } from '../../domain/disclosure';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.community.nameZh} 公开栏 · 民议` : '民议' }];

/** Public: no account needed. Shows only what DOMAIN.md §6 lets the public see. */
export async function loader({ params }: LoaderFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  const [rows, chain] = await Promise.all([communityDisclosures(db(), community.id), verifyCommunityChain(db(), community.id)]);
  const corrected = new Set(rows.flatMap((r) => (r.corrects ? [r.corrects] : [])));
  const now = Date.now();
  return {
    community: { slug: community.slug, nameZh: community.nameZh, nameEn: community.nameEn },
    chain,
    disclosures: rows.map((r) => ({
      id: r.id,
      seq: r.seq,
      kind: r.kind,
      title: r.title,
      publishedAt: new Date(r.publishedAt).getTime(),
      visibleUntil: r.visibleUntil ? new Date(r.visibleUntil).getTime() : null,
      correctionReason: r.correctionReason,
      status: disclosureStatus(
        { visibleUntil: r.visibleUntil ? new Date(r.visibleUntil).toISOString() : null },
        corrected.has(r.id),
        now,
      ),
    })),
  };
}

export default function PublicBoard() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const { community, disclosures, chain } = useLoaderData<typeof loader>();
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
      </ul>
      {disclosures.length === 0 ? <p>{t('board.empty')}</p> : null}
      <ol className="cards" reversed>
        {disclosures.map((d) => (
          <li key={d.id} className="card">
            <p className="tags">
              <span className="tag">{t(`board.kind.${d.kind}`)}</span>
              <span className={`tag status-${d.status}`}>{t(`board.${d.status}`)}</span>
            </p>
            <h2>
              <Link to={`d/${d.id}`}>{d.title}</Link>
            </h2>
            <p className="muted">
              {t('board.publishedOn', { date: formatShanghaiDate(d.publishedAt, lang) })}
              {d.visibleUntil && d.status === 'current'
                ? ` · ${t('board.visibleUntil', { date: formatShanghaiDate(d.visibleUntil, lang) })}`
                : null}
            </p>
            {d.correctionReason ? <p>{t('board.correction', { reason: d.correctionReason })}</p> : null}
          </li>
        ))}
      </ol>
      <section className="card" aria-labelledby="chain">
        <h2 id="chain">{t('board.chainTitle')}</h2>
        {chain.ok ? (
          <>
            <p>{t('board.chainOk', { count: chain.length })}</p>
            <p>
              {t('board.chainHead')}：<code className="hash">{chain.head}</code>
            </p>
          </>
        ) : (
          <p className="form-error">{t('board.chainBroken', { seq: chain.brokenAt })}</p>
        )}
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
