import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { DisclosureBody } from '~/components/DisclosureBody';
import { communityBySlug, db, disclosureById } from '~/data.server';
import type { loader as rootLoader } from '~/root';
import { formatShanghaiDate } from '../../domain/calendar';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · 民议` : '民议' }];

export async function loader({ params }: LoaderFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  const id = params.disclosureId ?? '';
  if (!community || !/^[0-9a-f-]{36}$/.test(id)) throw new Response('Not Found', { status: 404 });
  const d = await disclosureById(db(), community.id, id);
  if (!d) throw new Response('Not Found', { status: 404 });
  return {
    slug: community.slug,
    kind: d.kind,
    title: d.title,
    body: d.body,
    publishedAt: new Date(d.publishedAt).getTime(),
    visibleUntil: d.visibleUntil ? new Date(d.visibleUntil).getTime() : null,
    corrects: d.corrects,
    correctionReason: d.correctionReason,
    hash: d.hash,
    prevHash: d.prevHash,
  };
}

export default function PublicDisclosure() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const d = useLoaderData<typeof loader>();
  return (
    <article className="stack">
      <p>
        <Link to={`/p/${d.slug}`}>← {t('board.back')}</Link>
      </p>
      <p className="tags">
        <span className="tag">{t(`board.kind.${d.kind}`)}</span>
      </p>
      <h1>{d.title}</h1>
      <p className="muted">
        {t('board.publishedOn', { date: formatShanghaiDate(d.publishedAt, lang) })}
        {d.visibleUntil ? ` · ${t('board.visibleUntil', { date: formatShanghaiDate(d.visibleUntil, lang) })}` : null}
      </p>
      {d.corrects ? (
        <p className="card">
          {t('board.corrects')} — <Link to={`../d/${d.corrects}`}>{t('board.read')}</Link>
          <br />
          {t('board.correction', { reason: d.correctionReason })}
        </p>
      ) : null}
      <section className="card">
        <DisclosureBody body={d.body} />
      </section>
      <p className="muted small">
        {t('board.chainHead')}：<code className="hash">{d.hash}</code>
      </p>
    </article>
  );
}
