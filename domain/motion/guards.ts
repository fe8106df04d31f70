/**
 * Guards and deadlines: whether an action may be taken now, the full check of an event with its
 * payload, and every instant the workflow must wake up at (DOMAIN.md §3.1, §3.4, §8). Part of
 * `./stages` (decision 048).
 */
import { DomainError, allowed, refuse, type Verdict } from '../errors';
import { ACTION_RULES, MOTION_COMMANDS, type MotionAction, type MotionCommand, type MotionEvent } from './actions';
import { checkNotice, escalationAt, overdueLevel, type OverdueLevel } from './deadlines';
import { checkResolutionBody, isBudgetOverrun, yuanToFen } from './matters';
import { meetingOutcome, type MeetingBody, type MeetingRecord, type ResolutionBody } from './meetings';
import { holds, holdsAny, type Actor } from './permissions';
import { awaitingReview, reviewAllowsPublication, reviewDeadline, reviewGuard } from './review';
import { INQUORATE_NOTIFY_AFTER, bodyRuleFor, type MotionSettings } from './settings';
import {
  DISCLOSURE_STATES,
  PRE_RESOLUTION_STATES,
  isTerminal,
  type MotionContext,
  type MotionSnapshot,
  type MotionState,
  type PendingMeeting,
} from './snapshot';

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
  /** From when a disclosure still waiting for review may be published unreviewed (§3.7.3). */
  reviewDueAt?: number;
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
  const review = awaitingReview(s);
  if (review?.status === 'pending') d.reviewDueAt = reviewDeadline(review, settings);
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
      if (s.disclosure?.publishedAt !== undefined) return refuse('motion.errors.disclosureAlreadyPublished');
      return reviewAllowsPublication(s) ? allowed : refuse('motion.errors.disclosureAwaitsReview');
    case 'approveDisclosure':
    case 'requestDisclosureCorrection':
    case 'resubmitDisclosure':
    case 'publishUnreviewed':
      return reviewGuard(s, action, now, settings);
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
      if (!s.paused) return refuse('motion.errors.notPaused');
      // Only an amending motion resumes a budget overrun (§3.5, edge #14); the street office lifts only its own contest.
      if (!holds(actor, 'system') && s.paused !== 'contested') return refuse('motion.errors.resumeNeedsAmendment');
      return allowed;
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
    case 'requestDisclosureCorrection':
      return e.reason.trim() ? allowed : refuse('motion.errors.correctionReasonRequired');
    case 'resubmitDisclosure':
      return e.note.trim() ? allowed : refuse('motion.errors.resubmitNoteRequired');
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
