/**
 * Who is told what, when (DOMAIN.md §3.4 notices, §6 disclosures): from one committed process step
 * to the notices it causes. Pure — db/notify.server.ts runs it inside the step's own transaction
 * and writes the result to the outbox under a unique (recipient, step, channel) key, so a step
 * replayed or retried never notifies twice.
 *
 * - A meeting notice (or an online vote's opening) goes to the roster frozen at notice (edge #4:
 *   that roster *is* the body as of the notice's date), by SMS to a mobile number and by email where
 *   an address is on file. A person with neither is not reached: the grid worker's call list shows them.
 * - An online vote gets one reminder before it closes, only to those with a vote; it carries the
 *   condition "unless they voted", checked when it is due (never a reminder to someone who acted).
 * - A published disclosure goes to the board's confirmed subscribers.
 * - Parameters are the motion's title and dates only: never another person's data or a choice.
 */
import type { MotionFact, MeetingNotice } from '../motion/facts';
import type { MeetingBody } from '../motion/meetings';
import type { Channel } from './contacts';
import { outsideQuietHours } from './quiet';

export const NOTICE_KINDS = [
  'meetingNotice',
  'voteOpened',
  'voteReminder',
  'disclosurePublished',
  // Consultations, elections and appraisals (domain/notify/steps.ts).
  'consultationOpened',
  'consultationMeeting',
  'electionVoterNotice',
  'electionPollsOpened',
  'electionReminder',
  'appraisalPlanned',
  'appraisalRatingOpened',
  'appraisalReminder',
  // Service appraisal (§9.3) and the by-election deadline (§4.7, §8 #21).
  'serviceSurveyOpened',
  'serviceReminder',
  'serviceResultsPublished',
  'serviceReplyRequested',
  'byElectionDueSoon',
  'byElectionOverdue',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export type NoticeParams = Record<string, string | number>;

export type PlannedNotice = {
  /** The step this notice is about; with the recipient and channel, unique. */
  stepKey: string;
  kind: NoticeKind;
  channel: Channel;
  to: Recipient;
  /** Not sent before this instant (quiet hours, reminder time). */
  notBefore: number;
  params: NoticeParams;
  /** Checked when due: the notice is cancelled if the person already acted. */
  unless?: Unless;
};

/**
 * What "already acted" means for a reminder, checked against the same facts the process keeps:
 * a representative's vote in a meeting, a voter's participation flag in an election round, a
 * rater's returned appraisal form (online or paper), a household's service ratings, a by-election
 * planned for a vacancy.
 */
export type Unless =
  | { voted: string }
  | { electionRound: { electionId: string; round: number } }
  | { appraisalReturned: string }
  /** The person's household rated every unit of this service appraisal. */
  | { serviceRated: string }
  /** The vacancy open since this day has been filled or a by-election holds it. */
  | { byElectionVacancy: { communityId: string; since: string } };

/** A person's reachable channels (the addresses themselves stay in db/, encrypted). */
export type Reachable = { userId: string; sms: boolean; email: boolean };
/**
 * A voter on an election's register 选民名单, with or without an account (decision 073): the
 * election's voter notices address the register entry, so each voter is one recipient.
 */
export type ReachableVoter = { voterId: string; sms: boolean; email: boolean };
export type Subscriber = { subscriptionId: string; channel: Channel };
/** Whom an outbox row addresses: an account, a board subscription, or a register entry. */
export type Recipient = { userId: string } | { subscriptionId: string } | { voterId: string };

export type StepInput = {
  motionId: string;
  step: number;
  at: number;
  action: string;
  details: Record<string, unknown>;
  facts: MotionFact[];
};

export type PlanContext = {
  title: string;
  dayMs: number;
  /** Contacts of everyone the step may concern, by user id. */
  reach: (userId: string) => Reachable | undefined;
  subscribers: Subscriber[];
};

/** Whether a step can cause any notice (the activity wakes the delivery workflow only then). */
export function stepNotifies(s: Pick<StepInput, 'action' | 'facts'>): boolean {
  return s.action === 'disclosurePublished' || s.facts.some((f) => f.type === 'meetingConvened');
}

/** When an online vote's one reminder is due: half-way through the window, at most one day before it closes. */
export function reminderAt(opensAt: number, closesAt: number, dayMs: number): number {
  return closesAt - Math.min(Math.floor((closesAt - opensAt) / 2), dayMs);
}

const isOnlineVote = (n: MeetingNotice) => n.online && (n.body as MeetingBody) === 'representatives_meeting';

export function channelsOf(r: Pick<Reachable, 'sms' | 'email'> | undefined): Channel[] {
  if (!r) return [];
  return [...(r.sms ? (['sms'] as const) : []), ...(r.email ? (['email'] as const) : [])];
}

/** An SMS waits out the quiet hours (a reminder at most until `latest`); an email goes at `at`. */
export const sendAt = (channel: Channel, at: number, dayMs: number, latest?: number): number =>
  channel === 'sms' ? outsideQuietHours(at, { dayMs, ...(latest !== undefined ? { latest } : {}) }) : at;

/** The board's confirmed subscribers, told of one published disclosure (keyed by the disclosure). */
export function boardNotices(disclosureId: string, at: number, params: NoticeParams, ctx: Pick<PlanContext, 'dayMs' | 'subscribers'>): PlannedNotice[] {
  return ctx.subscribers.map((sub) => ({
    stepKey: `disclosure:${disclosureId}`,
    kind: 'disclosurePublished' as const,
    channel: sub.channel,
    to: { subscriptionId: sub.subscriptionId },
    notBefore: sendAt(sub.channel, at, ctx.dayMs),
    params: { ...params, disclosureId },
  }));
}

function meetingNotices(s: StepInput, n: MeetingNotice, ctx: PlanContext): PlannedNotice[] {
  const vote = isOnlineVote(n) && n.opensAt !== undefined && n.closesAt !== undefined;
  const params: NoticeParams = {
    title: ctx.title,
    body: n.body,
    ...(n.opensAt !== undefined ? { opensAt: n.opensAt } : {}),
    ...(n.closesAt !== undefined ? { closesAt: n.closesAt } : {}),
    ...(n.location ? { location: n.location } : {}),
  };
  const stepKey = `motion:${s.motionId}:meeting:${n.id}`;
  const out: PlannedNotice[] = [];
  const seen = new Set<string>();
  for (const p of n.roster) {
    if (seen.has(p.personId)) continue;
    seen.add(p.personId);
    for (const channel of channelsOf(ctx.reach(p.personId))) {
      const notBefore = sendAt(channel, s.at, ctx.dayMs);
      out.push({ stepKey, kind: vote ? 'voteOpened' : 'meetingNotice', channel, to: { userId: p.personId }, notBefore, params });
      if (vote && p.hasVote !== false) {
        const at = reminderAt(n.opensAt!, n.closesAt!, ctx.dayMs);
        out.push({
          stepKey: `${stepKey}:reminder`,
          kind: 'voteReminder',
          channel,
          to: { userId: p.personId },
          notBefore: sendAt(channel, at, ctx.dayMs, n.closesAt!),
          params,
          unless: { voted: n.id },
        });
      }
    }
  }
  return out;
}

/** The notices one committed motion step causes. */
export function planMotionStep(s: StepInput, ctx: PlanContext): PlannedNotice[] {
  const out: PlannedNotice[] = [];
  for (const f of s.facts) if (f.type === 'meetingConvened') out.push(...meetingNotices(s, f.notice, ctx));
  const disclosureId = s.details.disclosureId;
  if (s.action === 'disclosurePublished' && typeof disclosureId === 'string') {
    const kind = typeof s.details.kind === 'string' ? s.details.kind : 'resolution';
    out.push(...boardNotices(disclosureId, s.at, { title: ctx.title, disclosureKind: kind }, ctx));
  }
  return out;
}
