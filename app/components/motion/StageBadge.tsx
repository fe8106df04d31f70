import { useTranslation } from 'react-i18next';
import { isTerminal, stateLabelKey, type MotionState } from '../../../domain/motion/stages';

/** The motion's state in words; the border colour only repeats it. */
export function StageBadge({ state }: { state: MotionState }) {
  const { t } = useTranslation();
  const kind = state === 'closed' ? 'done' : isTerminal(state) ? 'ended' : 'active';
  return <span className={`stage-badge stage-${kind}`}>{t(stateLabelKey(state))}</span>;
}
