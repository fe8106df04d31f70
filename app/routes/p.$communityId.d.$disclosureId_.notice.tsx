/**
 * 公示 for the bulletin board (issue 14 item 4): one disclosure as an A4 notice — community, notice
 * period, the content in plain words, the tally, a QR code to the online record with its hash, and a
 * signature and stamp block. Printed from the browser (print stylesheet) or downloaded as a PDF.
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import noticeStyles from '~/components/board/notice.css';
import { DisclosureBody } from '~/components/DisclosureBody';
import { FinanceDisclosure } from '~/components/FinanceLines';
import { MOTION_DISCLOSURE_KINDS, MotionDisclosure } from '~/components/motion/MotionDisclosure';
import { publicOrigin } from '~/board.server';
import { communityBySlug, db, disclosureById } from '~/data.server';
import { idParam } from '~/forms.server';
import type { loader as rootLoader } from '~/root';
import { formatShanghaiDate } from '../../domain/calendar';
import { noticeOf } from '../../domain/export/notice';
import { tk } from '~/i18n/keys';


export const links: LinksFunction = () => [{ rel: 'stylesheet', href: noticeStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · 公示 · 民议` : '民议' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  const d = await disclosureById(db(), community.id, idParam(params.disclosureId));
  if (!d) throw new Response('Not Found', { status: 404 });
  const recordUrl = `${publicOrigin(request)}/p/${community.slug}/d/${d.id}`;
  return {
    slug: community.slug,
    communityZh: community.nameZh,
    communityEn: community.nameEn,
    id: d.id,
    kind: d.kind,
    title: d.title,
    body: d.body,
    publishedAt: new Date(d.publishedAt).getTime(),
    visibleUntil: d.visibleUntil ? new Date(d.visibleUntil).getTime() : null,
    correctionReason: d.correctionReason,
    hash: d.hash,
    recordUrl,
    plain: noticeOf(d.kind, d.body),
    qrSvg: await QRCode.toString(recordUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
  };
}

export default function Notice() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const d = useLoaderData<typeof loader>();
  const day = (at: number) => formatShanghaiDate(at, lang);
  return (
    <>
      <p className="notice-actions">
        <Link to={`/p/${d.slug}/d/${d.id}`}>← {t('notice.back')}</Link>
        {' · '}
        <a href={`/p/${d.slug}/d/${d.id}/notice.pdf`} download>
          {t('notice.pdf')}
        </a>
        <br />
        <span className="muted small">{t('notice.printHint')}</span>
      </p>
      <article className="notice" aria-labelledby="notice-title">
        <p className="notice-kind">
          {lang === 'en' ? d.communityEn : d.communityZh} · {t(`board.kind.${d.kind}`)}
          {t('notice.suffix')}
        </p>
        <h1 id="notice-title">{d.title}</h1>
        <p>
          {d.visibleUntil
            ? t('notice.period', { from: day(d.publishedAt), to: day(d.visibleUntil) })
            : t('notice.publishedOn', { date: day(d.publishedAt) })}
        </p>
        {d.correctionReason ? <p>{t('board.correction', { reason: d.correctionReason })}</p> : null}
        {d.kind === 'finance' ? (
          <FinanceDisclosure body={d.body as never} />
        ) : MOTION_DISCLOSURE_KINDS.has(d.kind) ? (
          <MotionDisclosure kind={d.kind} body={d.body as never} lang={lang} />
        ) : d.plain.texts.length || d.plain.tables.length ? (
          <NoticeContent plain={d.plain} />
        ) : (
          <DisclosureBody body={d.body} />
        )}
        <div className="notice-qr">
          <div role="img" aria-label={t('notice.qr')} dangerouslySetInnerHTML={{ __html: d.qrSvg }} />
          <div>
            <p>{t('notice.qrHint')}</p>
            <p className="small">{d.recordUrl}</p>
            <p className="small">
              {t('board.thisHash')}：<code className="hash">{d.hash}</code>
            </p>
          </div>
        </div>
        <div className="notice-sign">
          <p>{t('notice.issuer', { community: lang === 'en' ? d.communityEn : d.communityZh })}</p>
          <p>{t('notice.stamp')}</p>
          <p>{t('notice.date')}</p>
        </div>
      </article>
    </>
  );
}

/** Texts and tables in words (domain/export/notice), for the kinds without a page component of their own. */
function NoticeContent({ plain }: { plain: ReturnType<typeof noticeOf> }) {
  const { t } = useTranslation();
  return (
    <>
      {plain.verdict ? <p>{tk(t, plain.verdict)}</p> : null}
      {plain.texts.map((x) => (
        <section key={x.label}>
          <h2>{tk(t, x.label)}</h2>
          <p className="prose">{x.text}</p>
        </section>
      ))}
      {plain.tables.map((table) => {
        const tr = new Set(table.translate ?? []);
        return (
          <table key={table.title}>
            <caption>{tk(t, table.title)}</caption>
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c} scope="col">
                    {tk(t, c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r, i) => (
                <tr key={i}>
                  {r.map((v, j) => (
                    <td key={j}>{v === null ? '—' : tr.has(j) && typeof v === 'string' ? tk(t, v) : String(v)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </>
  );
}
