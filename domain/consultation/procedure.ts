/**
 * The consultation procedure 协商程序 (DOMAIN.md §5.2) as pure functions over a snapshot:
 *
 *   topic_proposed 提出议题 → topic_published 公开议题 → collecting 征求意见 → meeting_scheduled
 *   → meeting_held 组织协商 → outcome_published 公开结果 → feedback 落实反馈 → closed 办结; or cancelled.
 *
 * Every command is checked (`checkConsultationCommand`, for the Update validator and the UI) and
 * applied (`applyConsultationCommand`, for the workflow) by the same code. Periods are counted in
 * days of `dayMs` milliseconds (86 400 000 in production, e.g. 1000 in tests). The states and the
 * snapshot are in snapshot.ts, the transition table and checks in transitions.ts, the public view
 * of opinions in publicOpinions.ts; this module re-exports them.
 */
import { DomainError, allowed, refuse, type Verdict } from '../errors';
import { checkMayOrganize, type Actor } from './catalogue';
import { answerOpinionSchema, cancelSchema, draftOutcomeSchema, feedbackSchema, fixPartiesSchema, opinionSchema, proposeTopicSchema, recordMeetingSchema, reviewOutcomeSchema, scheduleMeetingSchema, type CatalogueItem } from './schemas';
import type { Form } from './vocabulary';
import { type ConsultationClock, type ConsultationParty, type ConsultationSnapshot, type OutcomeDraft, type OutcomeReview, resolvePeriods } from './snapshot';
import { asVerdict, assertVerdict, checkStateAndRole, consultationDeadlines, currentDraft, preconditions } from './transitions';

// ---------------------------------------------------------------------------------------------
// Commands

/** Parses with a schema, turning the first issue into a DomainError with its key. */
function parse<T>(
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: { message: string; path: PropertyKey[] }[] } };
  },
  value: unknown,
): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new DomainError(issue.message, { field: issue.path.map(String).join('.') });
}

export interface ProposeTopicInput {
  id: string;
  communityId: string;
  proposer: Actor;
  title: string;
  description: string;
  origin?: 'party_organization' | 'committee' | 'petition';
  /** The item as in the catalogue version in force now; `null` for a matter outside the catalogue. */
  item: CatalogueItem | null;
  catalogueVersion: number | null;
  motionId?: string | null;
  now: number;
}

/** 提出议题: opens a consultation in `topic_proposed`. */
export function proposeTopic(input: ProposeTopicInput): ConsultationSnapshot {
  assertVerdict(checkMayOrganize(input.item, input.proposer.roles));
  if ((input.item === null) !== (input.catalogueVersion === null))
    throw new DomainError('consultation.errors.catalogueVersionMissing');
  const topic = parse(proposeTopicSchema, {
    title: input.title,
    description: input.description,
    origin: input.origin,
  });
  return {
    id: input.id,
    communityId: input.communityId,
    state: 'topic_proposed',
    title: topic.title,
    description: topic.description,
    origin: topic.origin,
    item: input.item,
    catalogueVersion: input.catalogueVersion,
    motionId: input.motionId ?? null,
    proposedBy: input.proposer.id,
    proposedAt: input.now,
    parties: [],
    topicPublishedAt: null,
    collectingOpenedAt: null,
    meeting: null,
    meetingRecord: null,
    outcomeDrafts: [],
    outcomePublishedAt: null,
    outcomeReviewed: null,
    feedback: [],
    opinions: [],
    closedAt: null,
    cancelledAt: null,
    cancelReason: null,
  };
}

export type ConsultationCommand =
  | { action: 'fixParties'; parties: ConsultationParty[] }
  | { action: 'publishTopic' }
  | { action: 'openCollection' }
  | { action: 'leaveOpinion'; opinionId: string; text: string }
  | { action: 'answerOpinion'; opinionId: string; text: string }
  | { action: 'scheduleMeeting'; meetingAt: number; form: Form; place: string }
  | {
      action: 'recordMeeting';
      attendees: number;
      positions: { party: string; position: string }[];
      agreements?: string;
      disagreements?: string;
      strawPoll?: { yes: number; no: number; abstain: number };
    }
  | { action: 'draftOutcome'; text: string }
  | { action: 'reviewOutcome'; verdict: 'approved' | 'objected'; note?: string }
  | { action: 'publishOutcome' }
  | { action: 'startFeedback' }
  | { action: 'reportFeedback'; text: string; final?: boolean }
  | { action: 'close' }
  | { action: 'cancel'; reason: string };

/**
 * Applies a command: checks state, role, periods and content, then returns the next snapshot.
 * Throws `DomainError` (with an i18n key) and changes nothing when refused.
 */
export function applyConsultationCommand(
  s: ConsultationSnapshot,
  actor: Actor,
  cmd: ConsultationCommand,
  clock: ConsultationClock,
): ConsultationSnapshot {
  // Re-sending an opinion with the same id is a no-op (idempotent form submissions).
  if (cmd.action === 'leaveOpinion') {
    const same = s.opinions.find((o) => o.id === cmd.opinionId);
    if (same) {
      if (same.authorId === actor.id) return s;
      throw new DomainError('consultation.errors.duplicateOpinionId');
    }
  }
  assertVerdict(checkStateAndRole(s, cmd.action, actor.roles));
  // Answering names the opinion, so its own checks say more than "nothing to answer".
  if (cmd.action !== 'answerOpinion') assertVerdict(asVerdict(preconditions(s, cmd.action, clock)));
  const now = clock.now;
  const p = resolvePeriods(clock.periods);
  switch (cmd.action) {
    case 'fixParties': {
      const { parties } = parse(fixPartiesSchema, { parties: cmd.parties });
      if (s.item) {
        const outside = parties.find((x) => !s.item!.parties.includes(x.type));
        if (outside) throw new DomainError('consultation.errors.partyNotInCatalogue', { type: outside.type });
      }
      return { ...s, parties };
    }
    case 'publishTopic':
      return { ...s, state: 'topic_published', topicPublishedAt: now };
    case 'openCollection':
      return { ...s, state: 'collecting', collectingOpenedAt: now };
    case 'leaveOpinion': {
      const { text } = parse(opinionSchema, { text: cmd.text });
      if (!cmd.opinionId) throw new DomainError('consultation.errors.opinionNotFound');
      const authorRole = actor.roles.includes('resident_representative')
        ? 'resident_representative'
        : 'resident';
      return {
        ...s,
        opinions: [
          ...s.opinions,
          { id: cmd.opinionId, authorId: actor.id, authorRole, text, submittedAt: now },
        ],
      };
    }
    case 'answerOpinion': {
      const a = parse(answerOpinionSchema, { opinionId: cmd.opinionId, text: cmd.text });
      const target = s.opinions.find((o) => o.id === a.opinionId);
      if (!target) throw new DomainError('consultation.errors.opinionNotFound');
      if (target.answer) throw new DomainError('consultation.errors.alreadyAnswered');
      return {
        ...s,
        opinions: s.opinions.map((o) =>
          o.id === a.opinionId
            ? { ...o, answer: { text: a.text, answeredBy: actor.id, answeredAt: now } }
            : o,
        ),
      };
    }
    case 'scheduleMeeting': {
      const m = parse(scheduleMeetingSchema, { meetingAt: cmd.meetingAt, form: cmd.form, place: cmd.place });
      assertVerdict(checkMeetingTime(s, m.meetingAt, clock));
      if (s.item && !s.item.forms.includes(m.form))
        throw new DomainError('consultation.errors.formNotInCatalogue', { form: m.form });
      return {
        ...s,
        state: 'meeting_scheduled',
        meeting: { at: m.meetingAt, form: m.form, place: m.place, scheduledAt: now, scheduledBy: actor.id },
      };
    }
    case 'recordMeeting': {
      const r = parse(recordMeetingSchema, {
        attendees: cmd.attendees,
        positions: cmd.positions,
        agreements: cmd.agreements,
        disagreements: cmd.disagreements,
        strawPoll: cmd.strawPoll,
      });
      const { strawPoll, ...rest } = r;
      return {
        ...s,
        state: 'meeting_held',
        meetingRecord: {
          ...rest,
          ...(strawPoll ? { strawPoll } : {}),
          recordedBy: actor.id,
          recordedAt: now,
        },
      };
    }
    case 'draftOutcome': {
      const { text } = parse(draftOutcomeSchema, { text: cmd.text });
      const draft: OutcomeDraft = {
        version: s.outcomeDrafts.length + 1,
        text,
        draftedBy: actor.id,
        draftedAt: now,
        reviewDueAt: now + p.supervisorReviewDays * clock.dayMs,
      };
      return { ...s, outcomeDrafts: [...s.outcomeDrafts, draft] };
    }
    case 'reviewOutcome': {
      const r = parse(reviewOutcomeSchema, { verdict: cmd.verdict, note: cmd.note });
      const review: OutcomeReview = {
        verdict: r.verdict,
        note: r.note,
        reviewerId: actor.id,
        reviewedAt: now,
      };
      const last = s.outcomeDrafts.length - 1;
      return { ...s, outcomeDrafts: s.outcomeDrafts.map((d, i) => (i === last ? { ...d, review } : d)) };
    }
    case 'publishOutcome':
      return {
        ...s,
        state: 'outcome_published',
        outcomePublishedAt: now,
        outcomeReviewed: currentDraft(s)?.review?.verdict === 'approved',
      };
    case 'startFeedback':
      return { ...s, state: 'feedback' };
    case 'reportFeedback': {
      const f = parse(feedbackSchema, { text: cmd.text, final: cmd.final });
      return { ...s, feedback: [...s.feedback, { ...f, reportedBy: actor.id, reportedAt: now }] };
    }
    case 'close':
      return { ...s, state: 'closed', closedAt: now };
    case 'cancel': {
      const { reason } = parse(cancelSchema, { reason: cmd.reason });
      return { ...s, state: 'cancelled', cancelledAt: now, cancelReason: reason };
    }
  }
}

/** For the Update validator: the same checks as `applyConsultationCommand`, as a verdict. */
export function checkConsultationCommand(
  s: ConsultationSnapshot,
  actor: Actor,
  cmd: ConsultationCommand,
  clock: ConsultationClock,
): Verdict {
  try {
    applyConsultationCommand(s, actor, cmd, clock);
    return allowed;
  } catch (e) {
    if (e instanceof DomainError) return refuse(e.key, e.params);
    throw e;
  }
}

/**
 * The meeting time rule: after now, and on or after the day that lies `topicNoticeDays` full days
 * after the topic's publication ("published ≥ 5 days before the meeting").
 */
export function checkMeetingTime(
  s: ConsultationSnapshot,
  meetingAt: number,
  clock: ConsultationClock,
): Verdict {
  if (meetingAt <= clock.now) return refuse('consultation.errors.meetingInPast');
  const { earliestMeetingAt } = consultationDeadlines(s, clock);
  if (earliestMeetingAt === null) return refuse('consultation.errors.topicNotPublished');
  if (meetingAt < earliestMeetingAt)
    return refuse('consultation.errors.meetingTooSoon', {
      earliest: earliestMeetingAt,
      days: resolvePeriods(clock.periods).topicNoticeDays,
    });
  return allowed;
}

export * from './snapshot';
export * from './transitions';
export * from './publicOpinions';
