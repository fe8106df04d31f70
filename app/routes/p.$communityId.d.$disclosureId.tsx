import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { DisclosureBody } from '~/components/DisclosureBody';
import { MOTION_DISCLOSURE_KINDS, MotionDisclosure } from '~/components/motion/MotionDisclosure';
import { attachmentsOf } from '~/attachments.server';
import { communityBySlug, db, disclosureById, relatedMotions } from '~/data.server';
import { RelatedMotions } from '~/components/motion/RelatedMotions';
import type { loader as rootLoader } from '~/root';
import { formatShanghaiDate } from '../../domain/calendar';
import { idParam } from '~/forms.server';
import { ExportLinks } from '~/components/ExportLinks';
import { FinanceDisclosure } from '~/components/FinanceLines';
import { disclosureTables } from '../../domain/export/tables';


/** Elections, consultations and the catalogue have public pages of their own that show it in full. */
function featurePage(slug: string, subjectType: string, subjectId: string): string | null {
  if (subjectType === 'election') return `/p/${slug}/elections/${subjectId}`;
  if (subjectType === 'consultation') return `/p/${slug}/consultations/${subjectId}`;
  if (subjectType === 'appraisal' || subjectType === 'service_appraisal') return `/p/${slug}/appraisals/${subjectId}`;
  if (subjectType === 'catalogue') return `/p/${slug}/catalogue?year=${encodeURIComponent(subjectId)}`;
  return null;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · 民议` : '民议' }];

export async function loader({ params }: LoaderFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  const id = idParam(params.disclosureId);
  if (!community) throw new Response('Not Found', { status: 404 });
  const d = await disclosureById(db(), community.id, id);
  if (!d) throw new Response('Not Found', { status: 404 });
  const files = (await attachmentsOf(db(), d.subjectType, d.subjectId)).filter((a) => a.isPublic);
  // A motion's disclosure names the motions it amends or supersedes, and those that followed (§3.5).
  const related = d.subjectType === 'motion' ? (await relatedMotions(db(), d.subjectId)).filter((r) => r.state !== 'draft') : [];
  return {
    related,
    files: files.map((f) => ({ id: f.id, filename: f.filename })),
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
    featurePage: featurePage(community.slug, d.subjectType, d.subjectId),
    id: d.id,
    hasTables: disclosureTables(d.kind, d.body).length > 0,
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
      {d.kind === 'finance' ? (
        <FinanceDisclosure body={d.body as never} />
      ) : MOTION_DISCLOSURE_KINDS.has(d.kind) ? (
        <section className="card">
          <MotionDisclosure kind={d.kind} body={d.body as never} lang={lang} />
        </section>
      ) : (
        <>
          {d.featurePage ? (
            <p>
              <Link to={d.featurePage} className="button">
                {t('board.readFull')}
              </Link>
            </p>
          ) : null}
          <details className="card">
            <summary>{t('board.record')}</summary>
            <DisclosureBody body={d.body} />
          </details>
        </>
      )}
      <RelatedMotions related={d.related} hrefOf={(r) => (r.disclosureId ? `/p/${d.slug}/d/${r.disclosureId}` : null)} />
      {d.hasTables ? <ExportLinks base={`/p/${d.slug}/d/${d.id}/export`} /> : null}
      <p>
        <Link to={`/p/${d.slug}/d/${d.id}/notice`}>{t('notice.link')}</Link>
      </p>
      {d.files.length ? (
        <section className="card">
          <h2>{t('motionUi.sections.attachments')}</h2>
          <ul className="plain-list">
            {d.files.map((f) => (
              <li key={f.id}>
                <a href={`/p/${d.slug}/files/${f.id}`}>{f.filename}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p className="muted small">
        {t('board.thisHash')}：<code className="hash">{d.hash}</code>
      </p>
    </article>
  );
}

