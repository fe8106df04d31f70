import { useTranslation } from 'react-i18next';
import type { Lang } from '~/i18n/config';
import { formatShanghaiDate } from '../../../domain/calendar';
import type { TimelineStep } from '../../../domain/motion/stages';
import { tk } from '../../i18n/keys';

/**
 * The six steps of 四议两公开 as an ordered list: each step says in words whether it is done,
 * in progress or not reached (colour and the mark only repeat what the words say).
 */
export function Timeline({ steps, lang }: { steps: TimelineStep[]; lang: Lang }) {
  const { t } = useTranslation();
  const mark = { done: '✓', current: '●', upcoming: '○', stopped: '■', notReached: '–' } as const;
  return (
    <ol className="timeline">
      {steps.map((s, i) => (
        <li key={s.step} className={`timeline-step is-${s.status}`} aria-current={s.status === 'current' ? 'step' : undefined}>
          <span className="timeline-mark" aria-hidden="true">
            {mark[s.status]}
          </span>
          <span className="timeline-body">
            <span className="timeline-label">
              {i + 1}. {tk(t, s.labelKey)}
            </span>
            <span className="timeline-status">
              {t(`motion.timelineStatus.${s.status}`)}
              {s.startedAt ? ` · ${formatShanghaiDate(s.startedAt, lang)}` : null}
            </span>
            <span className="timeline-hint muted">{t(`motion.stepHint.${s.step}`)}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}
