/**
 * The link between a motion (四议两公开, DOMAIN.md §3.1) and a consultation (§5): when the joint
 * meeting has passed a motion in 商议 `deliberating`, it goes to `consulting` if its catalogue item
 * is mandatory (or a trigger of the item fires) or the party secretary opted in at proposal, and
 * it stays there until the consultation has published its outcome. Only then may it go on to
 * 审议 `party_review`.
 */
import { allowed, refuse, type Verdict } from '../errors';
import { consultationRequirement, type MatterFacts } from './catalogue';
import type { ConsultationState } from './procedure';
import type { CatalogueItem } from './schemas';

/** Consultation states from which the linked motion may proceed to party review. */
export const RELEASING_STATES: readonly ConsultationState[] = ['outcome_published', 'feedback', 'closed'];

export interface MotionConsultationGateInput {
  /** The motion's catalogue item, as in the version linked at proposal; `null` if none. */
  catalogueItem: CatalogueItem | null | undefined;
  /** State of the consultation linked to the motion, `null`/`undefined` if none was opened. */
  consultationState: ConsultationState | null | undefined;
  /** The party secretary opted in to consultation at proposal. */
  optedIn: boolean;
  /** Budget and households affected, for the item's triggers. */
  facts?: MatterFacts;
}

export type MotionConsultationGate =
  /** The motion may leave 商议 for 审议. */
  | { decision: 'proceed'; to: 'party_review'; reason: string; params?: Record<string, string | number> }
  /** The motion must go to `consulting` and a consultation must be opened. */
  | { decision: 'consult'; to: 'consulting'; reason: string; params?: Record<string, string | number> }
  /** A consultation is under way (or was cancelled): the motion waits in `consulting`. */
  | { decision: 'hold'; to: null; reason: string; params?: Record<string, string | number> };

/**
 * Where a motion that has passed the joint meeting goes, and why (an i18n key the UI shows).
 * A consultation the party secretary opted in to binds like a mandatory one: once asked for,
 * it must reach `outcome_published` before party review.
 */
export function motionConsultationGate(input: MotionConsultationGateInput): MotionConsultationGate {
  const need = consultationRequirement(input.catalogueItem, input.facts);
  const state = input.consultationState ?? null;
  const required = need.required || input.optedIn;
  if (state !== null && RELEASING_STATES.includes(state))
    return { decision: 'proceed', to: 'party_review', reason: 'consultation.gate.outcomePublished' };
  if (!required && (state === null || state === 'cancelled'))
    return { decision: 'proceed', to: 'party_review', reason: 'consultation.gate.notRequired' };
  if (state === 'cancelled')
    return { decision: 'hold', to: null, reason: 'consultation.gate.consultationCancelled' };
  // A linked consultation under way is awaited even where it was not required: its outcome is
  // attached to the motion and shown to every later voter.
  if (state !== null)
    return { decision: 'hold', to: null, reason: 'consultation.gate.awaitingOutcome', params: { state } };
  // Required, none opened yet.
  if (need.required)
    return {
      decision: 'consult',
      to: 'consulting',
      reason: need.reason,
      ...(need.params ? { params: need.params } : {}),
    };
  return { decision: 'consult', to: 'consulting', reason: 'consultation.gate.optedIn' };
}

/** For the motion workflow's validator: may the motion enter 审议 now? */
export function checkMayEnterPartyReview(input: MotionConsultationGateInput): Verdict {
  const g = motionConsultationGate(input);
  return g.decision === 'proceed' ? allowed : refuse(g.reason, g.params);
}

/** Reuse window of a closed consultation for a superseding motion (§3.1): "< 6 months", taken as 180 days. */
export const REUSE_WINDOW_DAYS = 180;

/**
 * A closed consultation may serve a new motion that supersedes a failed one only if it closed
 * less than 6 months ago and a supervisor confirmed that the substance is unchanged.
 */
export function checkConsultationReuse(args: {
  consultationState: ConsultationState;
  closedAt: number | null;
  supervisorConfirmedUnchanged: boolean;
  now: number;
  dayMs: number;
}): Verdict {
  if (args.consultationState !== 'closed' || args.closedAt === null)
    return refuse('consultation.errors.reuseNotClosed');
  if (args.now - args.closedAt >= REUSE_WINDOW_DAYS * args.dayMs)
    return refuse('consultation.errors.reuseTooOld', { days: REUSE_WINDOW_DAYS });
  if (!args.supervisorConfirmedUnchanged) return refuse('consultation.errors.reuseNeedsSupervisor');
  return allowed;
}
