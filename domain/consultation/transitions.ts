/**
 * Who may do what, when, in a consultation (DOMAIN.md §5.2): the transition table, the roles of
 * each actor rule, periods and deadlines, the checks every command passes (state, role,
 * preconditions) and the next actions a page offers.
 */
import { DomainError, allowed, refuse, type Refusal, type Verdict } from '../errors';
import { hasAnyRole, type Role } from '../roles';
import type { CatalogueItem, ConsultationPeriods } from './schemas';
import { type ConsultationClock, type ConsultationSnapshot, type ConsultationState, type OutcomeDraft, nextDayStart, resolvePeriods } from './snapshot';

// ---------------------------------------------------------------------------------------------
// Transition table

export type ActorRule = 'organizer' | 'committee' | 'secretary' | 'residents' | 'supervisor';

export interface TransitionRule {
  from: readonly ConsultationState[];
  /** `null`: the state does not change. */
  to: ConsultationState | null;
  actors: ActorRule;
}

const OPEN_FOR_ANSWERS: readonly ConsultationState[] = [
  'collecting',
  'meeting_scheduled',
  'meeting_held',
  'outcome_published',
  'feedback',
];

export const CONSULTATION_TRANSITIONS = {
  fixParties: { from: ['topic_proposed'], to: null, actors: 'organizer' },
  publishTopic: { from: ['topic_proposed'], to: 'topic_published', actors: 'organizer' },
  openCollection: { from: ['topic_published'], to: 'collecting', actors: 'organizer' },
  leaveOpinion: { from: ['collecting'], to: null, actors: 'residents' },
  answerOpinion: { from: OPEN_FOR_ANSWERS, to: null, actors: 'committee' },
  scheduleMeeting: {
    from: ['collecting', 'meeting_scheduled'],
    to: 'meeting_scheduled',
    actors: 'organizer',
  },
  recordMeeting: { from: ['meeting_scheduled'], to: 'meeting_held', actors: 'organizer' },
  draftOutcome: { from: ['meeting_held'], to: null, actors: 'organizer' },
  reviewOutcome: { from: ['meeting_held'], to: null, actors: 'supervisor' },
  publishOutcome: { from: ['meeting_held'], to: 'outcome_published', actors: 'organizer' },
  startFeedback: { from: ['outcome_published'], to: 'feedback', actors: 'organizer' },
  reportFeedback: { from: ['outcome_published', 'feedback'], to: null, actors: 'committee' },
  close: { from: ['feedback'], to: 'closed', actors: 'organizer' },
  cancel: {
    from: ['topic_proposed', 'topic_published', 'collecting', 'meeting_scheduled', 'meeting_held'],
    to: 'cancelled',
    actors: 'secretary',
  },
} as const satisfies Record<string, TransitionRule>;

export type ConsultationAction = keyof typeof CONSULTATION_TRANSITIONS;
export const CONSULTATION_ACTIONS = Object.keys(CONSULTATION_TRANSITIONS) as ConsultationAction[];

/**
 * Who acts. For a cross-community item the street office takes the place of the community's
 * party secretary and committee.
 */
export function rolesFor(rule: ActorRule, item: Pick<CatalogueItem, 'scope'> | null): readonly Role[] {
  const cross = item?.scope === 'cross_community';
  switch (rule) {
    case 'organizer':
      return cross ? ['street_office_admin'] : ['party_secretary', 'committee_member'];
    case 'committee':
      return cross ? ['street_office_admin'] : ['committee_member'];
    case 'secretary':
      return cross ? ['street_office_admin'] : ['party_secretary'];
    case 'residents':
      return ['resident', 'resident_representative'];
    case 'supervisor':
      return ['supervisor'];
  }
}

/** Who may read opinions with their authors (everyone else gets `publicOpinions`). */
export function mayReadAttributedOpinions(roles: readonly Role[]): boolean {
  return hasAnyRole(roles, ['party_secretary', 'party_committee_member', 'committee_member', 'supervisor']);
}

// ---------------------------------------------------------------------------------------------
// Periods and deadlines

/** Opinions are collected for the longer of the community's setting and the item's own minimum. */
export function commentDaysFor(s: Pick<ConsultationSnapshot, 'item'>, periods: ConsultationPeriods): number {
  return Math.max(periods.commentDays, s.item?.minCommentDays ?? 0);
}

export interface ConsultationDeadlines {
  /** The meeting may not start before this (topic published ≥ N days before the meeting day). */
  earliestMeetingAt: number | null;
  /** Opinions are collected at least until this instant. */
  commentPeriodEndsAt: number | null;
  /** The outcome should be written by this instant (never auto-advances; reminder). */
  outcomeDueAt: number | null;
  /** After this the current draft may go out unreviewed. */
  reviewDueAt: number | null;
  /** The published outcome stays on display at least until this instant. */
  outcomeVisibleUntil: number | null;
  /** Next implementation report to the parties due (at least quarterly). */
  feedbackDueAt: number | null;
}

export function consultationDeadlines(
  s: ConsultationSnapshot,
  clock: ConsultationClock,
): ConsultationDeadlines {
  const p = resolvePeriods(clock.periods);
  const d = clock.dayMs;
  const draft = currentDraft(s);
  const lastReport = s.feedback[s.feedback.length - 1];
  const feedbackOpen = s.state === 'outcome_published' || s.state === 'feedback';
  return {
    earliestMeetingAt:
      s.topicPublishedAt === null ? null : nextDayStart(s.topicPublishedAt, d) + p.topicNoticeDays * d,
    commentPeriodEndsAt:
      s.collectingOpenedAt === null ? null : s.collectingOpenedAt + commentDaysFor(s, p) * d,
    outcomeDueAt: s.meeting && s.meetingRecord ? s.meeting.at + p.outcomeDueDays * d : null,
    reviewDueAt: draft && !draft.review ? draft.reviewDueAt : null,
    outcomeVisibleUntil:
      s.outcomePublishedAt === null ? null : s.outcomePublishedAt + p.outcomeVisibleDays * d,
    feedbackDueAt:
      feedbackOpen && s.outcomePublishedAt !== null
        ? (lastReport?.reportedAt ?? s.outcomePublishedAt) + p.feedbackIntervalDays * d
        : null,
  };
}

export interface Overdue {
  key: 'consultation.overdue.outcome' | 'consultation.overdue.feedback';
  dueAt: number;
}

/** Deadlines that have passed: the workflow reminds and escalates; nothing advances by itself. */
export function overdue(s: ConsultationSnapshot, clock: ConsultationClock): Overdue[] {
  const d = consultationDeadlines(s, clock);
  const out: Overdue[] = [];
  if (d.outcomeDueAt !== null && s.outcomeDrafts.length === 0 && clock.now > d.outcomeDueAt)
    out.push({ key: 'consultation.overdue.outcome', dueAt: d.outcomeDueAt });
  if (d.feedbackDueAt !== null && clock.now > d.feedbackDueAt)
    out.push({ key: 'consultation.overdue.feedback', dueAt: d.feedbackDueAt });
  return out;
}

export const currentDraft = (s: ConsultationSnapshot): OutcomeDraft | undefined =>
  s.outcomeDrafts[s.outcomeDrafts.length - 1];

// ---------------------------------------------------------------------------------------------
// Checks

type Blocked = Refusal & { availableAt?: number };

/** Conditions of an action that do not depend on the command's content (for `nextActions`). */
export function preconditions(
  s: ConsultationSnapshot,
  action: ConsultationAction,
  clock: ConsultationClock,
): Verdict | Blocked {
  const d = consultationDeadlines(s, clock);
  const draft = currentDraft(s);
  switch (action) {
    case 'publishTopic':
      return s.parties.length > 0 ? allowed : refuse('consultation.errors.partiesNotFixed');
    case 'answerOpinion':
      return s.opinions.some((o) => !o.answer) ? allowed : refuse('consultation.errors.noOpenOpinions');
    case 'scheduleMeeting':
      if (s.state === 'collecting' && d.commentPeriodEndsAt !== null && clock.now < d.commentPeriodEndsAt)
        return {
          ...refuse('consultation.errors.commentPeriodRunning', { until: d.commentPeriodEndsAt }),
          availableAt: d.commentPeriodEndsAt,
        };
      return allowed;
    case 'recordMeeting':
      if (s.meeting && clock.now < s.meeting.at)
        return {
          ...refuse('consultation.errors.meetingNotYetHeld', { at: s.meeting.at }),
          availableAt: s.meeting.at,
        };
      return allowed;
    case 'reviewOutcome':
      if (!draft) return refuse('consultation.errors.noOutcomeDraft');
      if (draft.review) return refuse('consultation.errors.alreadyReviewed');
      return allowed;
    case 'publishOutcome':
      if (!draft) return refuse('consultation.errors.noOutcomeDraft');
      if (draft.review?.verdict === 'objected') return refuse('consultation.errors.outcomeObjected');
      if (!draft.review && clock.now < draft.reviewDueAt)
        return {
          ...refuse('consultation.errors.awaitingSupervisorReview', { until: draft.reviewDueAt }),
          availableAt: draft.reviewDueAt,
        };
      return allowed;
    case 'startFeedback':
      if (d.outcomeVisibleUntil !== null && clock.now < d.outcomeVisibleUntil)
        return {
          ...refuse('consultation.errors.outcomeStillOnDisplay', { until: d.outcomeVisibleUntil }),
          availableAt: d.outcomeVisibleUntil,
        };
      return allowed;
    case 'close':
      return s.feedback[s.feedback.length - 1]?.final
        ? allowed
        : refuse('consultation.errors.finalFeedbackMissing');
    default:
      return allowed;
  }
}

export function checkStateAndRole(
  s: ConsultationSnapshot,
  action: ConsultationAction,
  roles: readonly Role[],
): Verdict {
  const rule: TransitionRule = CONSULTATION_TRANSITIONS[action];
  if (!rule.from.includes(s.state))
    return refuse('consultation.errors.wrongState', { state: s.state, action });
  if (!hasAnyRole(roles, rolesFor(rule.actors, s.item)))
    return s.item?.scope === 'cross_community' && rule.actors !== 'residents' && rule.actors !== 'supervisor'
      ? refuse('consultation.errors.crossCommunityNeedsStreetOffice')
      : refuse('consultation.errors.roleNotAllowed', { action });
  return allowed;
}

export const asVerdict = (v: Verdict | Blocked): Verdict =>
  v.ok ? allowed : { ok: false, key: v.key, ...(v.params ? { params: v.params } : {}) };

/** State, role and preconditions of an action, without the command's content. */
export function checkConsultationAction(
  s: ConsultationSnapshot,
  action: ConsultationAction,
  roles: readonly Role[],
  clock: ConsultationClock,
): Verdict {
  const v = checkStateAndRole(s, action, roles);
  return v.ok ? asVerdict(preconditions(s, action, clock)) : v;
}

export function assertVerdict(v: Verdict): void {
  if (!v.ok) throw new DomainError(v.key, v.params);
}

export function assertMayAct(
  s: ConsultationSnapshot,
  action: ConsultationAction,
  roles: readonly Role[],
  clock: ConsultationClock,
): void {
  assertVerdict(checkConsultationAction(s, action, roles, clock));
}

// ---------------------------------------------------------------------------------------------
// Next actions for the UI

export interface NextAction {
  action: ConsultationAction;
  /** The state after the action (`null`: unchanged). */
  to: ConsultationState | null;
  enabled: boolean;
  /** Why it is not possible yet (i18n key), when `enabled` is false. */
  reason?: string;
  params?: Record<string, string | number>;
  /** When a waiting period ends and the action becomes possible. */
  availableAt?: number;
}

/**
 * The actions this person could take now or later in this state, in procedure order. Actions
 * their roles never allow here are left out; actions waiting for a period or a precondition are
 * listed disabled, with the reason.
 */
export function nextActions(
  s: ConsultationSnapshot,
  roles: readonly Role[],
  clock: ConsultationClock,
): NextAction[] {
  const out: NextAction[] = [];
  for (const action of CONSULTATION_ACTIONS) {
    const rule: TransitionRule = CONSULTATION_TRANSITIONS[action];
    if (!rule.from.includes(s.state) || !hasAnyRole(roles, rolesFor(rule.actors, s.item))) continue;
    const v = preconditions(s, action, clock);
    out.push(
      v.ok
        ? { action, to: rule.to, enabled: true }
        : {
            action,
            to: rule.to,
            enabled: false,
            reason: v.key,
            ...(v.params ? { params: v.params } : {}),
            ...('availableAt' in v && v.availableAt !== undefined ? { availableAt: v.availableAt } : {}),
          },
    );
  }
  return out;
}
