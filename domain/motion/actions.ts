/**
 * The table of actions (who, from which state, to which state, under which guards) and the events the
 * reducer accepts (DOMAIN.md §3.1, actors of §1.2). Part of `./stages` (decision 048).
 */
import type { MatterFacts } from './matters';
import type { MeetingRecord, ResidentsMeetingMode, ResolutionBody } from './meetings';
import type { ActorKind } from './permissions';
import type { ReviewEvent } from './review';
import type { Role } from '../roles';
import {
  ACTIVE_STATES,
  PRE_RESOLUTION_STATES,
  type MotionState,
  DISCLOSURE_STATES,
} from './snapshot';

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
  'resumeImplementation',
  'withdraw',
  // The supervision committee's review of a disclosure before publication (§3.7.3, review.ts).
  'approveDisclosure',
  'requestDisclosureCorrection',
  'resubmitDisclosure',
  'publishUnreviewed',
] as const;
export type MotionCommand = (typeof MOTION_COMMANDS)[number];

/** Events only the workflow sends (timers, the consultation workflow, disclosure activities). */
export const SYSTEM_EVENTS = [
  'consultationCompleted',
  'disclosurePublished',
  'disclosureCorrected',
  'endDisclosure',
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
  /**
   * A paused implementation resumes: by the amending motion once resolved (the system, §3.5), or — a
   * contested resolution only (edge #22) — by the street office lifting its own contest after review.
   */
  resumeImplementation: {
    from: ['resolution_disclosed', 'implementing'],
    actors: ['system', 'street_office_admin'],
    to: ['same'],
    guards: ['motion.guard.amendmentOrRuling'],
  },
  approveDisclosure: { from: DISCLOSURE_STATES, actors: ['supervisor'], to: ['same'], guards: ['motion.guard.awaitingReview'] },
  requestDisclosureCorrection: { from: DISCLOSURE_STATES, actors: ['supervisor'], to: ['same'], guards: ['motion.guard.awaitingReview'] },
  resubmitDisclosure: {
    from: DISCLOSURE_STATES,
    actors: ['committee_director', 'party_secretary'],
    to: ['same'],
    guards: ['motion.guard.correctionRequested'],
  },
  publishUnreviewed: {
    from: DISCLOSURE_STATES,
    actors: ['committee_director', 'party_secretary'],
    to: ['same'],
    guards: ['motion.guard.reviewPeriodOver'],
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
  | { type: 'resumeImplementation'; approvedBudgetYuan?: number; amendingMotionId?: string }
  | ReviewEvent
  | { type: 'withdraw'; reason: string; decisionRef: string }
  | { type: 'lapse' };

export const actionLabelKey = (a: MotionAction) => `motion.action.${a}` as const;

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
