/**
 * The consultation procedure 协商程序 (DOMAIN.md §5.2) as pure functions over a snapshot:
 *
 *   topic_proposed 提出议题 → topic_published 公开议题 → collecting 征求意见 → meeting_scheduled
 *   → meeting_held 组织协商 → outcome_published 公开结果 → feedback 落实反馈 → closed 办结; or cancelled.
 *
 * Every command is checked (`checkConsultationCommand`, for the Update validator and the UI) and
 * applied (`applyConsultationCommand`, for the workflow) by the same code. Periods are counted in
 * days of `dayMs` milliseconds (86 400 000 in production, e.g. 1000 in tests).
 */
import { DomainError, allowed, refuse, type Refusal, type Verdict } from '../errors';
import { hasAnyRole, type Role } from '../roles';
import { checkMayOrganize, type Actor } from './catalogue';
import {
  answerOpinionSchema,
  cancelSchema,
  consultationPeriodsSchema,
  draftOutcomeSchema,
  feedbackSchema,
  fixPartiesSchema,
  opinionSchema,
  proposeTopicSchema,
  recordMeetingSchema,
  reviewOutcomeSchema,
  scheduleMeetingSchema,
  type CatalogueItem,
  type ConsultationPeriods,
} from './schemas';
import type { Form, PartyType } from './vocabulary';

export const DAY_MS = 86_400_000;

export const CONSULTATION_STATES = [
  'topic_proposed', // 提出议题
  'topic_published', // 公开议题
  'collecting', // 征求意见
  'meeting_scheduled', // 已安排协商会议
  'meeting_held', // 已组织协商
  'outcome_published', // 公开协商结果
  'feedback', // 落实反馈
  'closed', // 办结
  'cancelled', // 取消
] as const;
export type ConsultationState = (typeof CONSULTATION_STATES)[number];

export const TERMINAL_STATES: readonly ConsultationState[] = ['closed', 'cancelled'];

// ---------------------------------------------------------------------------------------------
// Time: calendar days in Asia/Shanghai (UTC+8, no DST), scaled so that a day lasts `dayMs`.

export interface ConsultationClock {
  now: number;
  /** Length of a day in ms: 86 400 000 in production; smaller in tests. */
  dayMs: number;
  /** The community's settings; missing values take the defaults of `consultationPeriodsSchema`. */
  periods?: Partial<ConsultationPeriods>;
}

/** UTC+8. With scaled days the day grid stays aligned to Shanghai midnight of the epoch. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** 00:00 (Asia/Shanghai) of the day containing `t`. */
export function dayStart(t: number, dayMs: number): number {
  return Math.floor((t + SHANGHAI_OFFSET_MS) / dayMs) * dayMs - SHANGHAI_OFFSET_MS;
}

/** `t` itself if it is 00:00, otherwise 00:00 of the next day. */
export function nextDayStart(t: number, dayMs: number): number {
  const s = dayStart(t, dayMs);
  return s === t ? t : s + dayMs;
}

export function resolvePeriods(periods?: Partial<ConsultationPeriods>): ConsultationPeriods {
  const r = consultationPeriodsSchema.safeParse(periods ?? {});
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new DomainError(issue.message, { setting: String(issue.path[0] ?? '') });
  }
  return r.data;
}

// ---------------------------------------------------------------------------------------------
// Snapshot

export interface ConsultationParty {
  type: PartyType;
  name: string;
}

/** An opinion as stored: attributed. Never shown as such outside the committee and supervisors. */
export interface OpinionRecord {
  id: string;
  authorId: string;
  authorRole: 'resident' | 'resident_representative';
  text: string;
  submittedAt: number;
  answer?: { text: string; answeredBy: string; answeredAt: number };
}

export interface MeetingPlan {
  at: number;
  form: Form;
  place: string;
  scheduledAt: number;
  scheduledBy: string;
}

export interface MeetingRecord {
  attendees: number;
  positions: { party: string; position: string }[];
  agreements: string;
  disagreements: string;
  strawPoll?: { yes: number; no: number; abstain: number };
  recordedBy: string;
  recordedAt: number;
}

export interface OutcomeReview {
  verdict: 'approved' | 'objected';
  note: string;
  reviewerId: string;
  reviewedAt: number;
}

export interface OutcomeDraft {
  /** 1, 2, … : a redraft never overwrites an earlier draft. */
  version: number;
  text: string;
  draftedBy: string;
  draftedAt: number;
  /** After this instant the outcome may go out unreviewed, labelled as such. */
  reviewDueAt: number;
  review?: OutcomeReview;
}

export interface FeedbackReport {
  text: string;
  final: boolean;
  reportedBy: string;
  reportedAt: number;
}

export interface ConsultationSnapshot {
  id: string;
  communityId: string;
  state: ConsultationState;
  title: string;
  description: string;
  origin: 'party_organization' | 'committee' | 'petition';
  /** The catalogue item as it was in `catalogueVersion` (a running consultation keeps its version). */
  item: CatalogueItem | null;
  catalogueVersion: number | null;
  motionId: string | null;
  proposedBy: string;
  proposedAt: number;
  parties: ConsultationParty[];
  topicPublishedAt: number | null;
  collectingOpenedAt: number | null;
  meeting: MeetingPlan | null;
  meetingRecord: MeetingRecord | null;
  outcomeDrafts: OutcomeDraft[];
  outcomePublishedAt: number | null;
  /** `false`: published without supervisor review, shown as "not reviewed by the supervision committee". */
  outcomeReviewed: boolean | null;
  feedback: FeedbackReport[];
  opinions: OpinionRecord[];
  closedAt: number | null;
  cancelledAt: number | null;
  cancelReason: string | null;
}

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

const currentDraft = (s: ConsultationSnapshot): OutcomeDraft | undefined =>
  s.outcomeDrafts[s.outcomeDrafts.length - 1];

// ---------------------------------------------------------------------------------------------
// Checks

type Blocked = Refusal & { availableAt?: number };

/** Conditions of an action that do not depend on the command's content (for `nextActions`). */
function preconditions(
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

function checkStateAndRole(
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

const asVerdict = (v: Verdict | Blocked): Verdict =>
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

// ---------------------------------------------------------------------------------------------
// Commands

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

// ---------------------------------------------------------------------------------------------
// Public view of opinions

export interface PublicOpinion {
  /** 1, 2, … in order of submission; not the internal id. */
  number: number;
  /** 00:00 of the day it was left (no time of day, which could identify the author). */
  submittedOn: number;
  text: string;
  answer: { text: string; answeredOn: number } | null;
}

/**
 * Masks personal data a resident may have typed (§6, §7): mobile numbers as `138****1234`,
 * ID numbers as `110***********1234`, room numbers as `***`.
 */
export function maskPersonalData(text: string): string {
  return text
    .replace(/(?<![0-9A-Za-z])(\d{3})\d{11}(\d{3}[\dXx])(?![0-9A-Za-z])/g, '$1***********$2')
    .replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2')
    .replace(/\d+\s*(?:号楼|栋|幢)\s*(?:\d+\s*单元\s*)?\d+\s*(?:室|号)?/g, '***')
    .replace(/\d+\s*室/g, '***');
}

/**
 * The public view of opinions: no author, no role, no internal id, no time of day, no answering
 * official; personal data typed into the text is masked.
 */
export function publicOpinions(opinions: readonly OpinionRecord[], dayMs: number): PublicOpinion[] {
  return [...opinions]
    .sort((a, b) => a.submittedAt - b.submittedAt || a.id.localeCompare(b.id))
    .map((o, i) => ({
      number: i + 1,
      submittedOn: dayStart(o.submittedAt, dayMs),
      text: maskPersonalData(o.text),
      answer: o.answer
        ? { text: maskPersonalData(o.answer.text), answeredOn: dayStart(o.answer.answeredAt, dayMs) }
        : null,
    }));
}
