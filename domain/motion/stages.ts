/**
 * The 四议两公开 state machine (DOMAIN.md §3.1): states, the six steps a timeline shows, the table of
 * actions (who, from which state, to which state, under which guard), and a pure reducer.
 *
 * Written once and used three ways: the UI calls `nextActions` to show only what a person may do now;
 * a Temporal Update validator calls `assertMotionEvent` to refuse early with a message key; the
 * workflow calls `applyMotionEvent` to move on. Time is always passed in (`ctx.now`); a stage never
 * advances by itself when overdue — `overdue` and `motionDeadlines` tell the workflow when to remind,
 * escalate, lapse, or end a disclosure window.
 */
import { DomainError, allowed, refuse, type Verdict } from '../errors';
import { checkNotice, escalationAt, overdueLevel, type OverdueLevel } from './deadlines';
import {
  checkResolutionBody,
  isBudgetOverrun,
  resolutionBodyFor,
  reservedMatter,
  yuanToFen,
  type MatterFacts,
} from './matters';
import {
  meetingOutcome,
  type MeetingBody,
  type MeetingOutcome,
  type MeetingRecord,
  type ResidentsMeetingMode,
  type ResolutionBody,
} from './meetings';
import { holds, holdsAny, type Actor, type ActorKind } from './permissions';
import type { Role } from '../roles';
import {
  INQUORATE_NOTIFY_AFTER,
  MAX_RETURNS,
  OBJECTION_REPLY_DAYS,
  bodyRuleFor,
  type MotionSettings,
} from './settings';

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

/** States before the resolution vote: withdrawal and lapse are possible here (while no vote is open). */
export const PRE_RESOLUTION_STATES = [
  'draft',
  'proposed',
  'deliberating',
  'consulting',
  'party_review',
  'resolving',
] as const satisfies readonly MotionState[];

const ACTIVE_STATES = MOTION_STATES.filter((s) => !isTerminal(s));
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
export const actionLabelKey = (a: MotionAction) => `motion.action.${a}` as const;

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
  disclosure?: { kind: 'resolution' | 'result'; publishedAt?: number; correctionRequired: boolean };
  objections: readonly ObjectionState[];
  implementation?: { approvedBudgetFen: number; spentFen: number };
  paused?: PauseReason;
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
  };
}

// ─── Actions ────────────────────────────────────────────────────────────────────────────────────

/** Commands a person may send. */
export const MOTION_COMMANDS = [
  'editDraft',
  'recordPartyCommitteeDecision',
  'conveneJointMeeting',
  'recordJointMeeting',
  'openConsultation',
  'submitResidentOpinion',
  'answerResidentOpinion',
  'convenePartyMeeting',
  'recordPartyMeeting',
  'scheduleResolutionMeeting',
  'recordAttendance',
  'checkIn',
  'castVote',
  'recordResolution',
  'raiseObjection',
  'replyToObjection',
  'acceptObjectionReply',
  'ruleOnObjection',
  'recordProgress',
  'reportCompletion',
  'contestResolution',
  'withdraw',
] as const;
export type MotionCommand = (typeof MOTION_COMMANDS)[number];

/** Events only the workflow sends (timers, the consultation workflow, disclosure activities). */
export const SYSTEM_EVENTS = [
  'consultationCompleted',
  'disclosurePublished',
  'disclosureCorrected',
  'endDisclosure',
  'resumeImplementation',
  'lapse',
] as const;
export type SystemEvent = (typeof SYSTEM_EVENTS)[number];

export type MotionAction = MotionCommand | SystemEvent;

export interface ActionRule {
  from: readonly MotionState[];
  actors: readonly ActorKind[];
  /** Where it can lead; `same` = stays in its state. */
  to: readonly (MotionState | 'same')[];
  /** Message keys describing the guards, for the UI and the docs. */
  guards: readonly string[];
}

const NOT_DRAFT = ACTIVE_STATES.filter((s) => s !== 'draft');

/** The state machine of DOMAIN.md §3.1 with the actors of §1.2. */
export const ACTION_RULES: Readonly<Record<MotionAction, ActionRule>> = {
  editDraft: { from: ['draft'], actors: ['party_secretary'], to: ['same'], guards: [] },
  recordPartyCommitteeDecision: {
    from: ['draft'],
    actors: ['party_secretary'],
    to: ['proposed', 'same'],
    guards: ['motion.guard.partyCommitteePasses'],
  },
  conveneJointMeeting: {
    from: ['proposed', 'deliberating'],
    actors: ['party_secretary'],
    to: ['deliberating'],
    guards: ['motion.guard.noMeetingPending', 'motion.guard.noticePeriod'],
  },
  recordJointMeeting: {
    from: ['deliberating'],
    actors: ['party_secretary'],
    to: ['consulting', 'party_review', 'draft', 'rejected', 'same'],
    guards: ['motion.guard.meetingHeld', 'motion.guard.jointMeetingPasses', 'motion.guard.returnsLimit'],
  },
  openConsultation: {
    from: ['consulting'],
    actors: ['party_secretary'],
    to: ['same'],
    guards: ['motion.guard.consultationNotOpen'],
  },
  consultationCompleted: {
    from: ['consulting'],
    actors: ['system'],
    to: ['party_review'],
    guards: ['motion.guard.consultationOutcomePublished'],
  },
  submitResidentOpinion: {
    from: ['deliberating', 'consulting'],
    actors: ['resident', 'resident_representative', 'group_leader', 'party_member'],
    to: ['same'],
    guards: [],
  },
  answerResidentOpinion: { from: NOT_DRAFT, actors: ['committee_member'], to: ['same'], guards: [] },
  convenePartyMeeting: {
    from: ['party_review'],
    actors: ['party_secretary'],
    to: ['same'],
    guards: ['motion.guard.noMeetingPending', 'motion.guard.noticePeriod'],
  },
  recordPartyMeeting: {
    from: ['party_review'],
    actors: ['party_secretary'],
    to: ['resolving', 'deliberating', 'rejected', 'same'],
    guards: ['motion.guard.meetingHeld', 'motion.guard.partyMeetingPasses', 'motion.guard.returnsLimit'],
  },
  scheduleResolutionMeeting: {
    from: ['resolving'],
    actors: ['committee_director'],
    to: ['same'],
    guards: ['motion.guard.noMeetingPending', 'motion.guard.noticePeriod', 'motion.guard.reservedMatters'],
  },
  recordAttendance: {
    from: ['deliberating', 'party_review', 'resolving'],
    actors: ['committee_member', 'group_leader', 'party_secretary'],
    to: ['same'],
    guards: ['motion.guard.meetingPending'],
  },
  checkIn: {
    from: ['resolving'],
    actors: ['resident_representative', 'committee_member', 'resident'],
    to: ['same'],
    guards: ['motion.guard.votingOpen'],
  },
  castVote: {
    from: ['resolving'],
    actors: ['resident_representative', 'committee_member', 'resident'],
    to: ['same'],
    guards: ['motion.guard.votingOpen', 'motion.guard.onRoster'],
  },
  recordResolution: {
    from: ['resolving'],
    actors: ['committee_director', 'system'],
    to: ['resolution_disclosed', 'same'],
    guards: ['motion.guard.meetingHeld', 'motion.guard.resolutionRules'],
  },
  disclosurePublished: { from: DISCLOSURE_STATES, actors: ['system'], to: ['same'], guards: [] },
  disclosureCorrected: { from: DISCLOSURE_STATES, actors: ['system'], to: ['same'], guards: [] },
  endDisclosure: {
    from: DISCLOSURE_STATES,
    actors: ['system'],
    to: ['implementing', 'rejected', 'closed'],
    guards: ['motion.guard.disclosurePeriodOver', 'motion.guard.noBlockingObjection'],
  },
  raiseObjection: {
    from: ACTIVE_STATES,
    actors: ['supervisor', 'resident', 'resident_representative'],
    to: ['same'],
    guards: ['motion.guard.blockingBySupervisorsInDisclosure'],
  },
  replyToObjection: { from: ACTIVE_STATES, actors: ['committee_member'], to: ['same'], guards: [] },
  acceptObjectionReply: { from: ACTIVE_STATES, actors: ['supervisor'], to: ['same'], guards: [] },
  ruleOnObjection: { from: ACTIVE_STATES, actors: ['street_office_admin'], to: ['same'], guards: [] },
  recordProgress: {
    from: ['implementing'],
    actors: ['committee_member'],
    to: ['same'],
    guards: ['motion.guard.budgetOverrunPauses'],
  },
  reportCompletion: {
    from: ['implementing'],
    actors: ['committee_director'],
    to: ['result_disclosed'],
    guards: ['motion.guard.notPaused'],
  },
  contestResolution: {
    from: ['resolution_disclosed', 'implementing'],
    actors: ['street_office_admin'],
    to: ['same'],
    guards: [],
  },
  resumeImplementation: {
    from: ['resolution_disclosed', 'implementing'],
    actors: ['system'],
    to: ['same'],
    guards: ['motion.guard.amendmentOrRuling'],
  },
  withdraw: {
    from: PRE_RESOLUTION_STATES,
    actors: ['party_secretary'],
    to: ['withdrawn'],
    guards: ['motion.guard.beforeResolutionVote', 'motion.guard.partyCommitteeDecision'],
  },
  lapse: {
    from: PRE_RESOLUTION_STATES,
    actors: ['system'],
    to: ['lapsed'],
    guards: ['motion.guard.lapsePeriod', 'motion.guard.beforeResolutionVote'],
  },
};

/** The events the reducer accepts: one per action, with what it needs to decide. */
export type MotionEvent =
  | {
      type: 'editDraft';
      matter?: MatterFacts;
      preferredResolutionBody?: ResolutionBody;
      consultationMandatory?: boolean;
      consultOptIn?: boolean;
      estimatedCostYuan?: number;
    }
  | { type: 'recordPartyCommitteeDecision'; record: MeetingRecord }
  | { type: 'conveneJointMeeting'; opensAt: number; noticeAt?: number }
  | {
      type: 'recordJointMeeting';
      record: MeetingRecord;
      /** What the chair wrote down; must agree with the tally. */
      conclusion?: 'agree' | 'revise' | 'reject';
      /** Amendments were adopted (a new text version). */
      amended?: boolean;
    }
  | { type: 'openConsultation'; consultationId: string }
  | { type: 'consultationCompleted' }
  | { type: 'submitResidentOpinion' }
  | { type: 'answerResidentOpinion' }
  | { type: 'convenePartyMeeting'; opensAt: number; noticeAt?: number }
  | { type: 'recordPartyMeeting'; record: MeetingRecord }
  | {
      type: 'scheduleResolutionMeeting';
      body: ResolutionBody;
      opensAt: number;
      online: boolean;
      mode?: ResidentsMeetingMode;
      noticeAt?: number;
    }
  | { type: 'recordAttendance' }
  | { type: 'checkIn' }
  | { type: 'castVote' }
  | { type: 'recordResolution'; record: MeetingRecord; closedEarly?: boolean }
  | { type: 'disclosurePublished' }
  | { type: 'disclosureCorrected'; substantive: boolean }
  | { type: 'endDisclosure' }
  | { type: 'raiseObjection'; objectionId: string; blocking: boolean }
  | { type: 'replyToObjection'; objectionId: string }
  | { type: 'acceptObjectionReply'; objectionId: string }
  | { type: 'ruleOnObjection'; objectionId: string; ruling: 'upheld' | 'dismissed' }
  | { type: 'recordProgress'; amountYuan: number }
  | { type: 'reportCompletion'; finalAmountYuan: number }
  | { type: 'contestResolution' }
  | { type: 'resumeImplementation'; approvedBudgetYuan?: number }
  | { type: 'withdraw'; reason: string; decisionRef: string }
  | { type: 'lapse' };

// ─── Guards ─────────────────────────────────────────────────────────────────────────────────────

/** A resolution vote is open (or has opened and not been recorded): no withdrawal, no lapse. */
export function resolutionVoteOpen(s: MotionSnapshot, now: number): boolean {
  const m = s.pendingMeeting;
  return s.state === 'resolving' && m !== undefined && isResolutionBody(m.body) && now >= m.opensAt;
}

function isResolutionBody(b: MeetingBody): b is ResolutionBody {
  return b === 'residents_meeting' || b === 'representatives_meeting';
}

/** When the motion lapses if no resolution vote has opened (180 days after first `proposed` by default). */
export function lapseAt(s: MotionSnapshot, settings: MotionSettings): number | undefined {
  return s.firstProposedAt === undefined ? undefined : s.firstProposedAt + settings.lapseDays * settings.dayMs;
}

/** End of the disclosure window, once the disclosure is published. */
export function disclosureEndsAt(s: MotionSnapshot, settings: MotionSettings): number | undefined {
  const p = s.disclosure?.publishedAt;
  return p === undefined ? undefined : p + settings.disclosureDays * settings.dayMs;
}

const STAGE_CLOCK_STATES: Record<NonNullable<MotionSnapshot['stageClock']>['due'], readonly MotionState[]> = {
  jointMeeting: ['proposed', 'deliberating'],
  partyReview: ['party_review'],
  resolution: ['resolving'],
};

/** The current stage's due date (joint meeting ≤ 15 d after `proposed`, party review ≤ 30, resolution ≤ 30). */
export function stageDueAt(s: MotionSnapshot, settings: MotionSettings): number | undefined {
  const c = s.stageClock;
  if (!c || !STAGE_CLOCK_STATES[c.due].includes(s.state)) return undefined;
  return c.from + settings.dueDays[c.due] * settings.dayMs;
}

/** Edge #1: reminder at the due date, street-office escalation 7 days later; never advances the stage. */
export function overdue(s: MotionSnapshot, ctx: MotionContext): OverdueLevel {
  const due = stageDueAt(s, ctx.settings);
  return due === undefined ? 'onTime' : overdueLevel(due, ctx.now, ctx.settings);
}

export interface MotionDeadlines {
  meetingAt?: number;
  votingClosesAt?: number;
  dueAt?: number;
  escalateAt?: number;
  lapseAt?: number;
  disclosureEndsAt?: number;
  objectionRepliesDueAt?: number;
}

/** Every instant the workflow may need to wake up at for this motion now. */
export function motionDeadlines(s: MotionSnapshot, settings: MotionSettings): MotionDeadlines {
  const d: MotionDeadlines = {};
  if (s.pendingMeeting) {
    d.meetingAt = s.pendingMeeting.opensAt;
    if (s.pendingMeeting.closesAt !== undefined) d.votingClosesAt = s.pendingMeeting.closesAt;
  }
  const due = stageDueAt(s, settings);
  if (due !== undefined) {
    d.dueAt = due;
    d.escalateAt = escalationAt(due, settings);
  }
  const lapse = lapseAt(s, settings);
  if (lapse !== undefined && (PRE_RESOLUTION_STATES as readonly MotionState[]).includes(s.state)) d.lapseAt = lapse;
  const end = disclosureEndsAt(s, settings);
  if (end !== undefined && (DISCLOSURE_STATES as readonly MotionState[]).includes(s.state)) d.disclosureEndsAt = end;
  const replies = s.objections.filter((o) => o.status === 'open').map((o) => o.replyDueAt);
  if (replies.length > 0) d.objectionRepliesDueAt = Math.min(...replies);
  return d;
}

/** The earliest deadline strictly after `now`, for `condition(..., nextWakeUp - now)`. */
export function nextWakeUp(s: MotionSnapshot, ctx: MotionContext): number | undefined {
  const future = Object.values(motionDeadlines(s, ctx.settings)).filter(
    (t): t is number => t !== undefined && t > ctx.now,
  );
  return future.length > 0 ? Math.min(...future) : undefined;
}

/** §3.4: after two inquorate meetings of a body, supervisors and the street office are told. */
export function mustNotifyInquorate(s: MotionSnapshot, body: MeetingBody): boolean {
  return (s.inquorate[body] ?? 0) >= INQUORATE_NOTIFY_AFTER;
}

const hasBlockingObjection = (s: MotionSnapshot) => s.objections.some((o) => o.blocking && o.status !== 'settled');

/** Guards that depend on the snapshot and time, not on a command's payload. */
function stateGuard(s: MotionSnapshot, action: MotionAction, actor: Actor, ctx: MotionContext): Verdict {
  const { now, settings } = ctx;
  const m = s.pendingMeeting;
  switch (action) {
    case 'conveneJointMeeting':
    case 'convenePartyMeeting':
    case 'scheduleResolutionMeeting':
      return m ? refuse('motion.errors.meetingAlreadyPending') : allowed;
    case 'recordJointMeeting':
      return meetingHeld(m, 'joint_meeting', now);
    case 'recordPartyMeeting':
      return meetingHeld(m, 'party_members_meeting', now);
    case 'recordResolution': {
      if (!m || !isResolutionBody(m.body)) return refuse('motion.errors.noMeetingConvened');
      if (m.online && !holds(actor, 'system')) return refuse('motion.errors.onlineTallyIsAutomatic');
      return now >= m.opensAt ? allowed : refuse('motion.errors.meetingNotYetHeld');
    }
    case 'recordAttendance':
      return m ? allowed : refuse('motion.errors.noMeetingConvened');
    case 'checkIn':
    case 'castVote': {
      if (!m || !isResolutionBody(m.body) || !m.online) return refuse('motion.errors.votingNotOpen');
      const mayVoteHere =
        m.body === 'representatives_meeting'
          ? holdsAny(actor, ['resident_representative', 'committee_member'])
          : holds(actor, 'resident');
      if (!mayVoteHere) return refuse('motion.errors.notPermitted');
      if (now < m.opensAt) return refuse('motion.errors.votingNotOpen');
      if (m.closesAt !== undefined && now >= m.closesAt) return refuse('motion.errors.votingClosed');
      return allowed;
    }
    case 'openConsultation':
      return s.consultation.id ? refuse('motion.errors.consultationAlreadyOpen') : allowed;
    case 'consultationCompleted':
      return s.consultation.id ? allowed : refuse('motion.errors.noConsultation');
    case 'raiseObjection':
      return s.state === 'draft' && !holds(actor, 'supervisor') ? refuse('motion.errors.wrongStage') : allowed;
    case 'replyToObjection':
      return s.objections.some((o) => o.status !== 'settled') ? allowed : refuse('motion.errors.noOpenObjection');
    case 'acceptObjectionReply':
      return s.objections.some((o) => o.status === 'answered') ? allowed : refuse('motion.errors.noAnsweredObjection');
    case 'ruleOnObjection':
      return hasBlockingObjection(s) ? allowed : refuse('motion.errors.noBlockingObjection');
    case 'disclosurePublished':
      return s.disclosure?.publishedAt === undefined ? allowed : refuse('motion.errors.disclosureAlreadyPublished');
    case 'disclosureCorrected':
      return s.disclosure?.publishedAt !== undefined ? allowed : refuse('motion.errors.disclosureNotPublished');
    case 'endDisclosure': {
      const end = disclosureEndsAt(s, settings);
      if (end === undefined) return refuse('motion.errors.disclosureNotPublished');
      if (now < end) return refuse('motion.errors.disclosureWindowOpen', { until: end });
      // Edge #10: a blocking objection, even one raised on the last day, holds the move.
      if (hasBlockingObjection(s)) return refuse('motion.errors.blockingObjectionOpen');
      if (s.disclosure?.correctionRequired) return refuse('motion.errors.correctionRequired');
      return allowed;
    }
    case 'reportCompletion':
      return s.paused ? refuse('motion.errors.implementationPaused', { reason: s.paused }) : allowed;
    case 'contestResolution':
      if (s.state === 'resolution_disclosed' && !s.resolution?.passed) return refuse('motion.errors.nothingToContest');
      return s.paused === 'contested' ? refuse('motion.errors.alreadyContested') : allowed;
    case 'resumeImplementation':
      return s.paused ? allowed : refuse('motion.errors.notPaused');
    case 'withdraw':
      return resolutionVoteOpen(s, now) ? refuse('motion.errors.resolutionVoteOpened') : allowed;
    case 'lapse': {
      const at = lapseAt(s, settings);
      if (at === undefined || now < at) return refuse('motion.errors.notYetLapsed');
      return resolutionVoteOpen(s, now) ? refuse('motion.errors.resolutionVoteOpened') : allowed;
    }
    default:
      return allowed;
  }
}

function meetingHeld(m: PendingMeeting | undefined, body: MeetingBody, now: number): Verdict {
  if (!m || m.body !== body) return refuse('motion.errors.noMeetingConvened');
  return now >= m.opensAt ? allowed : refuse('motion.errors.meetingNotYetHeld');
}

/**
 * Whether `actor` may take `action` now, before looking at any payload. Order of refusal: finished
 * motion, role, stage, then the stage's own guards.
 */
export function availability(s: MotionSnapshot, action: MotionAction, actor: Actor, ctx: MotionContext): Verdict {
  const rule = ACTION_RULES[action];
  if (isTerminal(s.state)) return refuse('motion.errors.motionFinished', { state: s.state });
  if (!holdsAny(actor, rule.actors)) return refuse('motion.errors.notPermitted');
  if (!rule.from.includes(s.state)) return refuse('motion.errors.wrongStage', { state: s.state });
  return stateGuard(s, action, actor, ctx);
}

/** Throws `DomainError` unless `actor` may take `action` now (for Update validators). */
export function assertMay(s: MotionSnapshot, action: MotionAction, actor: Actor, ctx: MotionContext): void {
  const v = availability(s, action, actor, ctx);
  if (!v.ok) throw new DomainError(v.key, v.params);
}

/** The commands a person holding these roles may take now — the UI shows exactly these. */
export function nextActions(s: MotionSnapshot, actor: Actor, ctx: MotionContext): MotionCommand[] {
  return MOTION_COMMANDS.filter((c) => availability(s, c, actor, ctx).ok);
}

/** Full check of an event with its payload; changes nothing. */
export function checkMotionEvent(s: MotionSnapshot, e: MotionEvent, actor: Actor, ctx: MotionContext): Verdict {
  const v = availability(s, e.type, actor, ctx);
  if (!v.ok) return v;
  const { now, settings } = ctx;
  switch (e.type) {
    case 'conveneJointMeeting':
      return checkConvene('joint_meeting', e.opensAt, e.noticeAt ?? now, ctx);
    case 'convenePartyMeeting':
      return checkConvene('party_members_meeting', e.opensAt, e.noticeAt ?? now, ctx);
    case 'scheduleResolutionMeeting': {
      // Edge #23: refused at scheduling.
      const reserved = checkResolutionBody(s.matter, e.body);
      if (!reserved.ok) return reserved;
      if (e.body !== s.resolutionBody && e.body !== 'residents_meeting')
        return refuse('motion.errors.wrongResolutionBody');
      if (e.body === 'residents_meeting' && !e.mode) return refuse('motion.errors.modeRequired');
      return checkConvene(e.body, e.opensAt, e.noticeAt ?? now, ctx);
    }
    case 'recordJointMeeting': {
      if (e.conclusion) {
        const o = meetingOutcome('joint_meeting', e.record, bodyRuleFor('joint_meeting', settings));
        const agrees =
          o.kind === 'passed' ? e.conclusion === 'agree' : o.kind === 'notPassed' ? e.conclusion !== 'agree' : true;
        if (!agrees) return refuse('motion.errors.conclusionContradictsTally');
      }
      return checkRecord('joint_meeting', e.record, ctx);
    }
    case 'recordPartyCommitteeDecision':
      return checkRecord('party_committee', e.record, ctx);
    case 'recordPartyMeeting':
      return checkRecord('party_members_meeting', e.record, ctx);
    case 'recordResolution': {
      const m = s.pendingMeeting!;
      if (m.closesAt !== undefined && now < m.closesAt && !e.closedEarly)
        return refuse('motion.errors.votingStillOpen');
      return checkRecord(m.body, e.record, ctx);
    }
    case 'raiseObjection': {
      if (s.objections.some((o) => o.id === e.objectionId)) return refuse('motion.errors.duplicateObjection');
      if (e.blocking && !holds(actor, 'supervisor')) return refuse('motion.errors.onlySupervisorsBlock');
      if (e.blocking && !(DISCLOSURE_STATES as readonly MotionState[]).includes(s.state)) {
        return refuse('motion.errors.blockingOnlyInDisclosure');
      }
      return allowed;
    }
    case 'replyToObjection': {
      const o = s.objections.find((x) => x.id === e.objectionId);
      return o && o.status !== 'settled' ? allowed : refuse('motion.errors.noOpenObjection');
    }
    case 'acceptObjectionReply': {
      const o = s.objections.find((x) => x.id === e.objectionId);
      return o && o.status === 'answered' ? allowed : refuse('motion.errors.noAnsweredObjection');
    }
    case 'ruleOnObjection': {
      const o = s.objections.find((x) => x.id === e.objectionId);
      return o && o.blocking && o.status !== 'settled' ? allowed : refuse('motion.errors.noBlockingObjection');
    }
    case 'recordProgress':
      return checkAmount(e.amountYuan);
    case 'reportCompletion': {
      const a = checkAmount(e.finalAmountYuan);
      if (!a.ok) return a;
      const approved = s.implementation?.approvedBudgetFen ?? s.budgetFen;
      return isBudgetOverrun(approved, yuanToFen(e.finalAmountYuan), settings.budgetOverrunPercent)
        ? refuse('motion.errors.finalAccountsOverBudget', { percent: settings.budgetOverrunPercent })
        : allowed;
    }
    case 'resumeImplementation':
      return e.approvedBudgetYuan === undefined ? allowed : checkAmount(e.approvedBudgetYuan);
    case 'withdraw':
      if (!e.reason.trim()) return refuse('motion.errors.withdrawReasonRequired');
      if (!e.decisionRef.trim()) return refuse('motion.errors.partyDecisionRequired');
      return allowed;
    case 'openConsultation':
      return e.consultationId.trim() ? allowed : refuse('motion.errors.noConsultation');
    case 'editDraft':
      return e.estimatedCostYuan === undefined ? allowed : checkAmount(e.estimatedCostYuan);
    default:
      return allowed;
  }
}

function checkConvene(body: MeetingBody, opensAt: number, noticeAt: number, ctx: MotionContext): Verdict {
  if (noticeAt > ctx.now) return refuse('motion.errors.noticeInFuture');
  return checkNotice(body, noticeAt, opensAt, ctx.settings);
}

function checkRecord(body: MeetingBody, record: MeetingRecord, ctx: MotionContext): Verdict {
  try {
    meetingOutcome(body, record, bodyRuleFor(body, ctx.settings));
    return allowed;
  } catch (err) {
    if (err instanceof DomainError) return refuse(err.key, err.params);
    throw err;
  }
}

function checkAmount(yuan: number): Verdict {
  if (!Number.isFinite(yuan) || yuan < 0) return refuse('motion.errors.invalidAmount');
  try {
    yuanToFen(yuan);
    return allowed;
  } catch {
    return refuse('motion.errors.invalidAmount');
  }
}

/** Throws `DomainError` unless the event is valid now; changes nothing (for Update validators). */
export function assertMotionEvent(s: MotionSnapshot, e: MotionEvent, actor: Actor, ctx: MotionContext): void {
  const v = checkMotionEvent(s, e, actor, ctx);
  if (!v.ok) throw new DomainError(v.key, v.params);
}

// ─── Reducer ────────────────────────────────────────────────────────────────────────────────────

function enter(s: MotionSnapshot, state: MotionState, at: number): MotionSnapshot {
  return { ...s, state, history: [...s.history, { state, at }] };
}

/** Drops the per-person detail of a named outcome; the read model keeps that. */
function summary(o: MeetingOutcome): MeetingOutcome {
  const { count: _count, ...rest } = o as MeetingOutcome & { count?: unknown };
  return rest as MeetingOutcome;
}

function afterInquorate(s: MotionSnapshot, o: MeetingOutcome): MotionSnapshot {
  // §3.4: the motion stays; votes are void (kept by the read model); a new full notice is needed.
  const { pendingMeeting: _dropped, ...rest } = s;
  return { ...rest, lastOutcome: summary(o), inquorate: { ...s.inquorate, [o.body]: (s.inquorate[o.body] ?? 0) + 1 } };
}

/** A failure at the joint or party meeting: return (at most twice), then rejection. */
function afterFailure(s: MotionSnapshot, returnTo: 'draft' | 'deliberating', now: number): MotionSnapshot {
  const { pendingMeeting: _dropped, stageClock: _clock, ...rest } = s;
  if (s.returns >= MAX_RETURNS) return enter(rest, 'rejected', now);
  const returned = enter({ ...rest, returns: s.returns + 1, textVersion: s.textVersion + 1 }, returnTo, now);
  return returnTo === 'deliberating' ? { ...returned, stageClock: { due: 'jointMeeting', from: now } } : returned;
}

/**
 * Applies a valid event and returns the next snapshot. Throws `DomainError` if the event is not
 * allowed now (so a workflow handler can never skip the validator's rules).
 */
export function applyMotionEvent(s: MotionSnapshot, e: MotionEvent, actor: Actor, ctx: MotionContext): MotionSnapshot {
  assertMotionEvent(s, e, actor, ctx);
  const { now, settings } = ctx;
  switch (e.type) {
    case 'editDraft': {
      const matter = e.matter ?? s.matter;
      const preferred = e.preferredResolutionBody ?? s.preferredResolutionBody;
      return {
        ...s,
        matter,
        preferredResolutionBody: preferred,
        resolutionBody: resolutionBodyFor(matter, preferred),
        consultation: {
          ...s.consultation,
          mandatory: e.consultationMandatory ?? s.consultation.mandatory,
          optedIn: e.consultOptIn ?? s.consultation.optedIn,
        },
        budgetFen: e.estimatedCostYuan === undefined ? s.budgetFen : yuanToFen(e.estimatedCostYuan),
        textVersion: s.textVersion + 1,
      };
    }
    case 'recordPartyCommitteeDecision': {
      const o = meetingOutcome('party_committee', e.record, bodyRuleFor('party_committee', settings));
      if (o.kind !== 'passed') return { ...s, lastOutcome: summary(o) };
      return {
        ...enter(s, 'proposed', now),
        lastOutcome: summary(o),
        firstProposedAt: s.firstProposedAt ?? now,
        stageClock: { due: 'jointMeeting', from: now },
      };
    }
    case 'conveneJointMeeting':
    case 'convenePartyMeeting': {
      const body: MeetingBody = e.type === 'conveneJointMeeting' ? 'joint_meeting' : 'party_members_meeting';
      const pendingMeeting: PendingMeeting = {
        body,
        noticeAt: e.noticeAt ?? now,
        opensAt: e.opensAt,
        online: false,
        textVersion: s.textVersion,
      };
      const moved = s.state === 'proposed' ? enter(s, 'deliberating', now) : s;
      return { ...moved, pendingMeeting };
    }
    case 'recordJointMeeting': {
      const o = meetingOutcome('joint_meeting', e.record, bodyRuleFor('joint_meeting', settings));
      if (o.kind === 'inquorate') return afterInquorate(s, o);
      if (o.kind === 'notPassed') return { ...afterFailure(s, 'draft', now), lastOutcome: summary(o) };
      const { pendingMeeting: _m, stageClock: _c, ...rest } = s;
      const base = { ...rest, lastOutcome: summary(o), textVersion: s.textVersion + (e.amended ? 1 : 0) };
      const consult = (s.consultation.mandatory || s.consultation.optedIn) && !s.consultation.completed;
      return consult
        ? enter(base, 'consulting', now)
        : { ...enter(base, 'party_review', now), stageClock: { due: 'partyReview', from: now } };
    }
    case 'openConsultation':
      return { ...s, consultation: { ...s.consultation, id: e.consultationId } };
    case 'consultationCompleted':
      return {
        ...enter(s, 'party_review', now),
        consultation: { ...s.consultation, completed: true },
        stageClock: { due: 'partyReview', from: now },
      };
    case 'recordPartyMeeting': {
      const o = meetingOutcome('party_members_meeting', e.record, bodyRuleFor('party_members_meeting', settings));
      if (o.kind === 'inquorate') return afterInquorate(s, o);
      if (o.kind === 'notPassed') return { ...afterFailure(s, 'deliberating', now), lastOutcome: summary(o) };
      const { pendingMeeting: _m, ...rest } = s;
      return {
        ...enter(rest, 'resolving', now),
        lastOutcome: summary(o),
        stageClock: { due: 'resolution', from: now },
      };
    }
    case 'scheduleResolutionMeeting': {
      const pendingMeeting: PendingMeeting = {
        body: e.body,
        noticeAt: e.noticeAt ?? now,
        opensAt: e.opensAt,
        online: e.online,
        textVersion: s.textVersion,
        ...(e.online ? { closesAt: e.opensAt + settings.votingWindowDays * settings.dayMs } : {}),
        ...(e.mode ? { mode: e.mode } : {}),
      };
      return { ...s, pendingMeeting };
    }
    case 'recordResolution': {
      const m = s.pendingMeeting!;
      const body = m.body as ResolutionBody;
      const o = meetingOutcome(body, e.record, bodyRuleFor(body, settings));
      if (o.kind === 'inquorate') return afterInquorate(s, o);
      const { pendingMeeting: _m, stageClock: _c, ...rest } = s;
      return {
        ...enter(rest, 'resolution_disclosed', now),
        lastOutcome: summary(o),
        resolution: { passed: o.kind === 'passed', at: now, textVersion: m.textVersion, body },
        disclosure: { kind: 'resolution', correctionRequired: false },
      };
    }
    case 'disclosurePublished':
      return { ...s, disclosure: { ...s.disclosure!, publishedAt: now } };
    case 'disclosureCorrected':
      // §6: a substantive correction restarts the window; either way a required correction is done.
      return {
        ...s,
        disclosure: {
          ...s.disclosure!,
          correctionRequired: false,
          publishedAt: e.substantive ? now : s.disclosure!.publishedAt!,
        },
      };
    case 'endDisclosure': {
      const { disclosure: _d, ...rest } = s;
      if (s.state === 'result_disclosed') return enter(rest, 'closed', now);
      if (!s.resolution?.passed) return enter(rest, 'rejected', now);
      return { ...enter(rest, 'implementing', now), implementation: { approvedBudgetFen: s.budgetFen, spentFen: 0 } };
    }
    case 'raiseObjection': {
      const by = holds(actor, 'supervisor') ? 'supervisor' : 'resident';
      const objection: ObjectionState = {
        id: e.objectionId,
        by,
        blocking: e.blocking,
        raisedAt: now,
        replyDueAt: now + OBJECTION_REPLY_DAYS[by] * settings.dayMs,
        status: 'open',
      };
      return { ...s, objections: [...s.objections, objection] };
    }
    case 'replyToObjection':
      return updateObjection(s, e.objectionId, { status: 'answered' });
    case 'acceptObjectionReply':
      return updateObjection(s, e.objectionId, { status: 'settled' });
    case 'ruleOnObjection': {
      const next = updateObjection(s, e.objectionId, { status: 'settled', ruling: e.ruling });
      // An upheld objection requires a corrected disclosure before the window can end (§3.7.5).
      return e.ruling === 'upheld' && next.disclosure
        ? { ...next, disclosure: { ...next.disclosure, correctionRequired: true } }
        : next;
    }
    case 'recordProgress': {
      const impl = s.implementation!;
      const spentFen = impl.spentFen + yuanToFen(e.amountYuan);
      const over = isBudgetOverrun(impl.approvedBudgetFen, spentFen, settings.budgetOverrunPercent);
      return {
        ...s,
        implementation: { ...impl, spentFen },
        ...(over && !s.paused ? { paused: 'budgetOverrun' as const } : {}),
      };
    }
    case 'reportCompletion': {
      const impl = s.implementation!;
      return {
        ...enter(s, 'result_disclosed', now),
        implementation: { ...impl, spentFen: yuanToFen(e.finalAmountYuan) },
        disclosure: { kind: 'result', correctionRequired: false },
      };
    }
    case 'contestResolution':
      return { ...s, paused: 'contested' };
    case 'resumeImplementation': {
      const { paused: _p, ...rest } = s;
      if (e.approvedBudgetYuan === undefined) return rest;
      const approvedBudgetFen = yuanToFen(e.approvedBudgetYuan);
      return {
        ...rest,
        budgetFen: approvedBudgetFen,
        ...(s.implementation ? { implementation: { ...s.implementation, approvedBudgetFen } } : {}),
      };
    }
    case 'withdraw': {
      const { pendingMeeting: _m, stageClock: _c, ...rest } = s;
      return {
        ...enter(rest, 'withdrawn', now),
        // Edge #5: if a consultation ran, its parties get the reason and it is published for 7 days.
        withdrawal: {
          reason: e.reason.trim(),
          decisionRef: e.decisionRef.trim(),
          at: now,
          notifyConsultationParties: s.consultation.id !== undefined,
        },
      };
    }
    case 'lapse': {
      const { pendingMeeting: _m, stageClock: _c, ...rest } = s;
      return enter(rest, 'lapsed', now);
    }
    case 'submitResidentOpinion':
    case 'answerResidentOpinion':
    case 'recordAttendance':
    case 'checkIn':
    case 'castVote':
      return s; // recorded in the read model / vote book; the stage does not change
  }
}

function updateObjection(s: MotionSnapshot, id: string, patch: Partial<ObjectionState>): MotionSnapshot {
  return { ...s, objections: s.objections.map((o) => (o.id === id ? { ...o, ...patch } : o)) };
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

/**
 * The app roles that may ever take an action (the route guard's list): the action table's actors,
 * with the director counted as a committee member (the office is checked by the rules) and the
 * system left out.
 */
export function rolesFor(action: MotionAction): Role[] {
  const roles = ACTION_RULES[action].actors.flatMap((a): Role[] =>
    a === 'system' ? [] : a === 'committee_director' ? ['committee_member'] : [a],
  );
  return [...new Set(roles)];
}
