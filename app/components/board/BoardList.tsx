import { Link, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { nameIn } from '~/i18n/names';
import type { loader as rootLoader } from '~/root';
import { formatShanghaiDate } from '../../../domain/calendar';
import type { DisclosureKind } from '../../../domain/disclosure';

export type BoardListEntry = {
  id: string;
  seq: number;
  kind: DisclosureKind;
  title: string;
  communitySlug: string;
  communityNameZh: string;
  communityNameEn: string;
  publishedAt: number;
  visibleUntil: number | null;
  correctionReason: string | null;
  status: 'current' | 'archived' | 'superseded';
};

/** Disclosures newest first; `showCommunity` on the street office's board. */
export function BoardList({
  entries,
  showCommunity,
  olderHref,
  newestHref,
}: {
  entries: BoardListEntry[];
  showCommunity?: boolean;
  olderHref?: string;
  newestHref?: string;
}) {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  return (
    <section aria-labelledby="board-results" className="stack">
      <h2 id="board-results" className="skip">
        {t('board.filter.results')}
      </h2>
      {entries.length === 0 ? <p>{t('board.filter.none')}</p> : null}
      <ol className="cards">
        {entries.map((d) => (
          <li key={d.id} className="card">
            <p className="tags">
              <span className="tag">{t(`board.kind.${d.kind}`)}</span>
              <span className={`tag status-${d.status}`}>{t(`board.${d.status}`)}</span>
              {showCommunity ? (
                <span className="tag">{nameIn(lang, { nameZh: d.communityNameZh, nameEn: d.communityNameEn })}</span>
              ) : null}
            </p>
            <h3>
              <Link to={`/p/${d.communitySlug}/d/${d.id}`}>{d.title}</Link>
            </h3>
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
      <p className="inline">
        {newestHref ? (
          <Link to={newestHref} className="button-link">
            {t('board.filter.newest')}
          </Link>
        ) : null}
        {olderHref ? (
          <Link to={olderHref} className="button-link" rel="next">
            {t('board.filter.older')}
          </Link>
        ) : null}
      </p>
    </section>
  );
}
