import { useTranslation } from 'react-i18next';

export type VoteCounts = { agree: number; disagree: number; abstain: number; notVoted: number };

/**
 * The tally as a bar chart made of plain elements (no script, scales with the text size): each bar
 * carries its number in words, and the passing threshold is marked on the "agree" row.
 */
export function VoteChart({
  counts,
  yesNeeded,
  quorum,
}: {
  counts: VoteCounts;
  yesNeeded?: number;
  quorum?: { present: number; expected: number; needed: number };
}) {
  const { t } = useTranslation();
  const rows: { key: keyof VoteCounts; label: string }[] = [
    { key: 'agree', label: t('motion.choice.agree') },
    { key: 'disagree', label: t('motion.choice.disagree') },
    { key: 'abstain', label: t('motion.choice.abstain') },
    { key: 'notVoted', label: t('motionUi.chart.notVoted') },
  ];
  const total = Math.max(1, counts.agree + counts.disagree + counts.abstain + counts.notVoted);
  const pct = (n: number) => `${Math.min(100, (100 * n) / total)}%`;
  return (
    <figure className="vote-chart">
      <ul className="bars">
        {rows.map((r) => (
          <li key={r.key} className={`bar-row bar-${r.key}`}>
            <span className="bar-label">{r.label}</span>
            <span className="bar-track">
              <span className="bar-fill" style={{ width: pct(counts[r.key]) }} />
              {r.key === 'agree' && yesNeeded !== undefined ? (
                <span className="bar-threshold" style={{ left: pct(yesNeeded) }} title={t('motionUi.chart.threshold', { needed: yesNeeded })} />
              ) : null}
            </span>
            <span className="bar-count">{counts[r.key]}</span>
          </li>
        ))}
      </ul>
      <figcaption>
        {t('motionUi.chart.caption', counts)}
        {yesNeeded !== undefined ? <> · {t('motionUi.chart.threshold', { needed: yesNeeded })}</> : null}
        {quorum ? <> · {t('motionUi.chart.quorum', quorum)}</> : null}
      </figcaption>
    </figure>
  );
}
