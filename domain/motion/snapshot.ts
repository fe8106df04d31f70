/**
 * A motion's states, the six steps of 四议两公开, the snapshot the rules read, and its timeline
 * (DOMAIN.md §3.1). Part of `./stages` (decision 048).
 */
import { resolutionBodyFor, reservedMatter, yuanToFen, type MatterFacts } from './matters';
import type { MeetingBody, MeetingOutcome, ResidentsMeetingMode, ResolutionBody } from './meetings';
import type { DisclosureReview } from './review';
import type { MotionSettings } from './settings';

// ─── States and steps ───────────────────────────────────────────────────────────────────────────

export const MOTION_STATES = [
  'draft', // 酝酿 (not public)
  'proposed', // 提议
  'deliberating', // 商议 — joint meeting
  'consulting', // 协商
  'party_review', // 审议 — party members' meeting
  'resolving', // 决议
  'resolution_disclosed', // 决议公开
  'implementing', // 实施
  'result_disclosed', // 结果公开
  'closed', // 办结
  'rejected', // 未通过
  'withdrawn', // 撤回
  'lapsed', // 逾期失效
] as const;
export type MotionState = (typeof MOTION_STATES)[number];

export const TERMINAL_STATES = ['closed', 'rejected', 'withdrawn', 'lapsed'] as const satisfies readonly MotionState[];
export const isTerminal = (s: MotionState): boolean => (TERMINAL_STATES as readonly MotionState[]).includes(s);

/** Ended without passing: such a motion may be changed and proposed again (`supersedesMotionId`). */
export const SUPERSEDABLE_STATES = ['rejected', 'withdrawn', 'lapsed'] as const satisfies readonly MotionState[];

/**
 * What a new motion may start from this one (§3.5): an amending motion while its implementation is
 * paused, a changed one proposed again once it ended without passing, else nothing.
 */
export function newMotionBasis(m: { state: MotionState; paused?: unknown }): 'amends' | 'supersedes' | null {
  if (m.paused) return 'amends';
  return (SUPERSEDABLE_STATES as readonly MotionState[]).includes(m.state) ? 'supersedes' : null;
}

/** States before the resolution vote: withdrawal and lapse are possible here (while no vote is open). */
export const PRE_RESOLUTION_STATES = [
  'draft',
  'proposed',
  'deliberating',
  'consulting',
  'party_review',
  'resolving',
] as const satisfies readonly MotionState[];

/** States a motion can still move from. */
export const ACTIVE_STATES = MOTION_STATES.filter((s) => !isTerminal(s));
/** States in which a disclosure 公开 is on the public board (§3.5, §3.6). */
export const DISCLOSURE_STATES = ['resolution_disclosed', 'result_disclosed'] as const satisfies readonly MotionState[];

/** The six steps of 四议两公开, in order, for the timeline. */
export const STEPS = [
  'propose', // 提议
  'deliberate', // 商议
  'review', // 审议
  'resolve', // 决议
  'discloseResolution', // 决议公开
  'discloseResult', // 实施结果公开
] as const;
export type Step = (typeof STEPS)[number];

/** Which step each state belongs to; terminal states belong to none. */
export const STEP_OF_STATE: Readonly<Record<MotionState, Step | null>> = {
  draft: 'propose',
  proposed: 'propose',
  deliberating: 'deliberate',
  consulting: 'deliberate',
  party_review: 'review',
  resolving: 'resolve',
  resolution_disclosed: 'discloseResolution',
  implementing: 'discloseResult',
  result_disclosed: 'discloseResult',
  closed: null,
  rejected: null,
  withdrawn: null,
  lapsed: null,
};

export const stateLabelKey = (s: MotionState) => `motion.state.${s}` as const;
export const stepLabelKey = (s: Step) => `motion.step.${s}` as const;

// ─── Snapshot ───────────────────────────────────────────────────────────────────────────────────

export interface PendingMeeting {
  body: MeetingBody;
  noticeAt: number;
  /** Meeting start; for an online vote, when the window opens. */
  opensAt: number;
  /** End of an online voting window; absent for meetings held in person. */
  closesAt?: number;
  online: boolean;
  mode?: ResidentsMeetingMode;
  /** The text version put to the vote (the resolution votes one fixed version, §3.5). */
  textVersion: number;
}

export type ObjectionStatus = 'open' | 'answered' | 'settled';

export interface ObjectionState {
  id: string;
  by: 'supervisor' | 'resident';
  blocking: boolean;
  raisedAt: number;
  replyDueAt: number;
  status: ObjectionStatus;
  ruling?: 'upheld' | 'dismissed';
}

export type PauseReason = 'budgetOverrun' | 'contested';

/** Everything the rules need to know about one motion; plain JSON, kept in the workflow. */
export interface MotionSnapshot {
  motionId: string;
  state: MotionState;
  /** Every entry into a state, oldest first (bounded: at most two returns). */
  history: readonly { state: MotionState; at: number }[];
  matter: MatterFacts;
  preferredResolutionBody: ResolutionBody;
  /** The body that will resolve it; reserved matters force the residents' meeting. */
  resolutionBody: ResolutionBody;
  consultation: { mandatory: boolean; optedIn: boolean; id?: string; completed: boolean };
  /** Estimated cost, then the approved budget. */
  budgetFen: number;
  textVersion: number;
  returns: number;
  firstProposedAt?: number;
  /** Which stage due date runs, and since when (§3.4). */
  stageClock?: { due: 'jointMeeting' | 'partyReview' | 'resolution'; from: number };
  pendingMeeting?: PendingMeeting;
  /** Inquorate meetings so far, per body. */
  inquorate: Partial<Record<MeetingBody, number>>;
  lastOutcome?: MeetingOutcome;
  resolution?: { passed: boolean; at: number; textVersion: number; body: ResolutionBody };
  /** `review`: the supervision committee's review before publication (§3.7.3); absent in motions from before it. */
  disclosure?: { kind: 'resolution' | 'result'; publishedAt?: number; correctionRequired: boolean; review?: DisclosureReview };
  objections: readonly ObjectionState[];
  implementation?: { approvedBudgetFen: number; spentFen: number };
  paused?: PauseReason;
  /** §3.5: the paused motion this one amends; once resolved it resumes that one's implementation. */
  amendsMotionId?: string;
  withdrawal?: { reason: string; decisionRef: string; at: number; notifyConsultationParties: boolean };
}

export interface MotionContext {
  now: number;
  settings: MotionSettings;
}

export interface NewMotion {
  motionId: string;
  createdAt: number;
  matter: MatterFacts;
  preferredResolutionBody?: ResolutionBody;
  /** The linked catalogue item has `mandatory: true`. */
  consultationMandatory?: boolean;
  /** The party secretary chose to consult although the catalogue does not require it. */
  consultOptIn?: boolean;
  estimatedCostYuan?: number;
  /** §3.5: the motion whose paused implementation this one amends. */
  amendsMotionId?: string;
}

/** A new motion, in `draft`. A superseding motion starts here too and must go through every step. */
export function newMotion(m: NewMotion): MotionSnapshot {
  const preferred = m.preferredResolutionBody ?? 'representatives_meeting';
  return {
    motionId: m.motionId,
    state: 'draft',
    history: [{ state: 'draft', at: m.createdAt }],
    matter: m.matter,
    preferredResolutionBody: preferred,
    resolutionBody: resolutionBodyFor(m.matter, preferred),
    consultation: { mandatory: m.consultationMandatory ?? false, optedIn: m.consultOptIn ?? false, completed: false },
    budgetFen: yuanToFen(m.estimatedCostYuan ?? 0),
    textVersion: 1,
    returns: 0,
    inquorate: {},
    objections: [],
    ...(m.amendsMotionId ? { amendsMotionId: m.amendsMotionId } : {}),
  };
}

// ─── Timeline ───────────────────────────────────────────────────────────────────────────────────

export type StepStatus = 'done' | 'current' | 'upcoming' | 'stopped' | 'notReached';

export interface TimelineStep {
  step: Step;
  labelKey: string;
  status: StepStatus;
  /** When the motion first reached this step. */
  startedAt?: number;
}

/** The six steps with their status, for the motion page and public disclosures. */
export function timeline(s: MotionSnapshot): TimelineStep[] {
  const started = new Map<Step, number>();
  for (const h of s.history) {
    const step = STEP_OF_STATE[h.state];
    if (step && !started.has(step)) started.set(step, h.at);
  }
  const lastActive = [...s.history].reverse().find((h) => STEP_OF_STATE[h.state] !== null);
  const currentStep = STEP_OF_STATE[s.state] ?? (lastActive ? STEP_OF_STATE[lastActive.state] : null);
  const currentIndex = currentStep ? STEPS.indexOf(currentStep) : -1;
  return STEPS.map((step, i) => {
    let status: StepStatus;
    if (s.state === 'closed') status = 'done';
    else if (i < currentIndex) status = 'done';
    else if (i === currentIndex) status = isTerminal(s.state) ? 'stopped' : 'current';
    else status = isTerminal(s.state) ? 'notReached' : 'upcoming';
    const at = started.get(step);
    return { step, labelKey: stepLabelKey(step), status, ...(at === undefined ? {} : { startedAt: at }) };
  });
}

/** Whether the reserved-matter rule fixes the resolution body (the UI shows it as not editable). */
export function resolutionBodyIsForced(s: MotionSnapshot): boolean {
  return reservedMatter(s.matter) !== null;
}

