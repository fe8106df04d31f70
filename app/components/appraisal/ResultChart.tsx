/**
 * A result as a stacked bar per subject (plain CSS, no script) with the numbers in words beside it:
 * colour is never the only signal (STYLE.md). Works at 360 px and doubled text.
 */
import { useTranslation } from 'react-i18next';

export type ChartRow = { name: string; counts: { good: number; fair: number; poor: number }; ratePermille: number | null; note?: string };

export const percent = (permille: number | null) => (permille === null ? null : `${(permille / 10).toFixed(1)}%`);

export function ResultChart({ rows, scale }: { rows: ChartRow[]; scale: 'satisfaction' | 'competence' }) {
  const { t } = useTranslation();
  const g = (k: 'good' | 'fair' | 'poor') => t(`appraisal.grade.${scale}.${k}`);
  return (
    <figure className="appraisal-chart">
      <figcaption>{t('appraisal.result.chart')}</figcaption>
      <ul>
        {rows.map((r) => {
          const n = r.counts.good + r.counts.fair + r.counts.poor;
          const w = (x: number) => `${n ? (100 * x) / n : 0}%`;
          return (
            <li key={r.name}>
              <p className="appraisal-chart-line">
                {t('appraisal.result.line', {
                  name: r.name, good: g('good'), goodN: r.counts.good, fair: g('fair'), fairN: r.counts.fair, poor: g('poor'), poorN: r.counts.poor,
                  rate: percent(r.ratePermille) ?? t('appraisal.result.noRate'),
                })}
                {r.note ? ` · ${r.note}` : ''}
              </p>
              <div className="appraisal-bar" aria-hidden="true">
                <span className="good" style={{ width: w(r.counts.good) }}>{r.counts.good || ''}</span>
                <span className="fair" style={{ width: w(r.counts.fair) }}>{r.counts.fair || ''}</span>
                <span className="poor" style={{ width: w(r.counts.poor) }}>{r.counts.poor || ''}</span>
              </div>
            </li>
          );
        })}
      </ul>
      <p className="muted appraisal-legend" aria-hidden="true">
        <span className="swatch good" /> {g('good')} <span className="swatch fair" /> {g('fair')} <span className="swatch poor" /> {g('poor')}
      </p>
    </figure>
  );
}
