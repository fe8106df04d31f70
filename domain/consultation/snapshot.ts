/**
 * What a consultation 协商 is at a moment (DOMAIN.md §5.2): its states, the snapshot the workflow
 * keeps (parties, opinions, meeting, outcome, feedback), and its clock: calendar days in
 * Asia/Shanghai, scaled so that a day lasts `dayMs`.
 */
import { DomainError } from '../errors';
import { consultationPeriodsSchema, type CatalogueItem, type ConsultationPeriods } from './schemas';
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
