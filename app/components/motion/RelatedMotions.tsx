/**
 * Which motion this one amends or supersedes, and which amend or supersede it (DOMAIN.md §3.5), on the
 * motion page (links to the motions) and on the board (links to their newest disclosures: the public
 * read a motion only through what was published).
 */
import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { RelatedMotion } from '../../../db/motion-reads.server';

export type Related = RelatedMotion;

export function RelatedMotions({ related, hrefOf, changeNote }: { related: readonly Related[]; hrefOf: (r: Related) => string | null; changeNote?: string | null }) {
  const { t } = useTranslation();
  if (related.length === 0) return null;
  return (
    <section className="card" aria-labelledby="related">
      <h2 id="related">{t('motionUi.related.title')}</h2>
      <ul className="plain-list">
        {related.map((r) => {
          const href = hrefOf(r);
          const name = t('motionUi.related.item', { number: r.number, title: r.title });
          return (
            <li key={`${r.direction}-${r.id}`}>
              {t(`motionUi.related.${r.direction}_${r.kind}`)}
              {href ? <Link to={href}>{name}</Link> : name}（{t(`motion.state.${r.state}`)}）
            </li>
          );
        })}
      </ul>
      {changeNote ? (
        <p className="prose">
          <strong>{t('motionUi.related.changeNote')}：</strong>
          {changeNote}
        </p>
      ) : null}
    </section>
  );
}
