import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { chainCheckStatus, startChainCheck } from '~/chain-check.server';
import { communityBySlug, db } from '~/data.server';
import { nameIn } from '~/i18n/names';
import type { loader as rootLoader } from '~/root';
import { formatShanghaiDate } from '../../domain/calendar';

/** While a full check runs the page refreshes itself every 2 s: no JavaScript needed. */
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.community.nameZh} 完整校验 · 民议` : '民议' },
  ...(data?.running ? [{ httpEquiv: 'refresh', content: '2' } as const] : []),
];

async function communityOf(slug: string | undefined) {
  const community = await communityBySlug(db(), slug ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  return community;
}

/** Public: anyone may see the last full check of a community's chain, and start a new one. */
export async function loader({ params }: LoaderFunctionArgs) {
  const community = await communityOf(params.communityId);
  const status = await chainCheckStatus(db(), community.id);
  const ms = (d: Date) => new Date(d).getTime();
  return {
    community: { slug: community.slug, nameZh: community.nameZh, nameEn: community.nameEn },
    running: status.running ? { ...status.running, since: ms(status.running.since) } : null,
    last: status.last ? { ...status.last, at: ms(status.last.at) } : null,
  };
}

/** At most one check runs per community (one workflow id): pressing again joins the running one. */
export async function action({ params }: ActionFunctionArgs) {
  const community = await communityOf(params.communityId);
  await startChainCheck(db(), community.id);
  return redirect(`/p/${community.slug}/verify`, 303);
}

export default function VerifyChain() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const { community, running, last } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== 'idle';
  return (
    <div className="stack">
      <h1>{t('board.verify.title', { community: nameIn(lang, community) })}</h1>
      <p className="muted">{t('board.verify.intro')}</p>
      {running ? (
        <section className="card" aria-live="polite">
          <h2>{t('board.verify.running')}</h2>
          <p>{t('board.verify.progress', { checked: running.checked, total: running.total })}</p>
          <progress max={Math.max(running.total, 1)} value={running.checked} aria-label={t('board.verify.running')} />
          <p className="muted">{t('board.verify.refreshing')}</p>
        </section>
      ) : null}
      {last ? (
        <section className="card">
          <h2>{t('board.verify.last', { date: formatShanghaiDate(last.at, lang) })}</h2>
          {last.ok ? (
            <>
              <p>{t('board.chainOk', { count: last.length })}</p>
              <p>
                {t('board.chainHead')}：<code className="hash">{last.head}</code>
              </p>
            </>
          ) : (
            <p className="form-error">{t('board.chainBroken', { seq: last.brokenSeq })}</p>
          )}
        </section>
      ) : (
        <p>{t('board.verify.never')}</p>
      )}
      {running ? null : (
        <Form method="post">
          <button type="submit" disabled={busy}>
            {t('board.verify.start')}
          </button>
        </Form>
      )}
      <p>
        <Link to={`/p/${community.slug}`}>{t('board.back')}</Link>
      </p>
    </div>
  );
}
