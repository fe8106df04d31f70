/**
 * The pure reducer of the motion state machine: a valid event and the next snapshot (DOMAIN.md §3.1).
 * Part of `./stages` (decision 048).
 */
import type { MotionEvent } from './actions';
import { assertMotionEvent } from './guards';
import { isBudgetOverrun, resolutionBodyFor, yuanToFen } from './matters';
import { meetingOutcome, type MeetingBody, type MeetingOutcome, type ResolutionBody } from './meetings';
import { holds, type Actor } from './permissions';
import { applyReviewEvent, newReview } from './review';
import { MAX_RETURNS, OBJECTION_REPLY_DAYS, bodyRuleFor } from './settings';
import type { MotionContext, MotionSnapshot, MotionState, ObjectionState, PendingMeeting } from './snapshot';

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
  return applyStageEvent(s, e, ctx) ?? applyLaterEvent(s, e, actor, ctx);
}

/** Proposal to resolution: the events that move a motion through its meetings; undefined for the rest. */
function applyStageEvent(s: MotionSnapshot, e: MotionEvent, ctx: MotionContext): MotionSnapshot | undefined {
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
        disclosure: { kind: 'resolution', correctionRequired: false, review: newReview(now) },
      };
    }
    default:
      return undefined;
  }
}

/** Disclosure, objections, implementation and the ends of a motion. */
function applyLaterEvent(s: MotionSnapshot, e: MotionEvent, actor: Actor, ctx: MotionContext): MotionSnapshot {
  const { now, settings } = ctx;
  switch (e.type) {
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
      // §3.5: a passed amendment is carried out as the amended motion's implementation, which it
      // resumes (workflows/motion/system.ts); the amendment itself is done (decision 062).
      if (s.amendsMotionId) return enter(rest, 'closed', now);
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
        disclosure: { kind: 'result', correctionRequired: false, review: newReview(now) },
      };
    }
    case 'contestResolution':
      return { ...s, paused: 'contested' };
    case 'approveDisclosure':
    case 'requestDisclosureCorrection':
    case 'resubmitDisclosure':
    case 'publishUnreviewed':
      return applyReviewEvent(s, e, now);
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
    default:
      // submitResidentOpinion, answerResidentOpinion, recordAttendance, checkIn, castVote: recorded in
      // the read model / vote book; the stage does not change.
      return s;
  }
}

function updateObjection(s: MotionSnapshot, id: string, patch: Partial<ObjectionState>): MotionSnapshot {
  return { ...s, objections: s.objections.map((o) => (o.id === id ? { ...o, ...patch } : o)) };
}
