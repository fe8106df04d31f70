/**
 * Who is told what, when — for consultations (DOMAIN.md §5.2), elections (§4.2, §4.6) and the cadre
 * appraisal (§9.2), as plan.ts does for motions. Pure: the step's activity gathers the recipients
 * (people holding the role on the step's date, with their channels) and writes the result to the
 * outbox, whose unique (recipient, step, channel) key makes a retried step notify nobody twice.
 *
 * | Step | Who | Notice |
 * |---|---|---|
 * | consultation topic published (§5.2 step 3) | board subscribers | the disclosure |
 * | consultation opinions opened (step 4) | residents' representatives | consultationOpened (until when) |
 * | consultation meeting scheduled (step 5) | residents' representatives | consultationMeeting (time, place) |
 * | consultation outcome published (step 7) | board subscribers | the disclosure |
 * | election plan / candidate list / result published | board subscribers | the disclosure |
 * | voter list published (≥ E−20) | every voter on the register, with or without an account (one register entry, one recipient) | electionVoterNotice (election day) |
 * | polls opened (a round) | every voter on the register, as above | electionPollsOpened; online pilot: one electionReminder unless they took part in the round (the entry's participation flag) |
 * | appraisal planned (§9.2 step 1, ≥ 5 days before) | raters and subjects | appraisalPlanned (meeting time) |
 * | appraisal rating opened (step 3) | raters | appraisalRatingOpened (closes at); one appraisalReminder unless they returned a form |
 * | appraisal result published (step 7) | board subscribers | the disclosure |
 * | service survey opened (§9.3) | one resident per household | serviceSurveyOpened (closes at); one serviceReminder unless the household rated |
 * | service results published | board subscribers; street-office staff | the disclosure; serviceResultsPublished (the report) |
 * | a unit below the threshold asked to reply | committee members (they obtain and record it); street-office staff | serviceReplyRequested (unit, due) |
 * | a committee seat fell vacant (§4.7, §8 #21) | street-office staff | byElectionDueSoon 30 days before the 3-month deadline, byElectionOverdue the day after, unless filled or a by-election holds it |
 *
 * Parameters are titles and times only (no names, no choices). SMS waits out the quiet hours; a
 * reminder comes half-way through its window (at most a day before the end, plan.ts `reminderAt`).
 */
import { REAL_DAY_MS } from '../calendar';
import type { Channel } from './contacts';
import {
  boardNotices,
  channelsOf,
  reminderAt,
  sendAt,
  type NoticeKind,
  type NoticeParams,
  type PlannedNotice,
  type Reachable,
  type ReachableVoter,
  type Recipient,
  type Subscriber,
  type Unless,
} from './plan';

export type StepContext = {
  dayMs: number;
  /**
   * The people the step concerns, each with the channels they can be reached by: accounts, or for
   * an election's voter notices the register's entries (domain/notify/voters.ts).
   */
  people: readonly (Reachable | ReachableVoter)[];
  subscribers: Subscriber[];
};

type PersonNotice = { stepKey: string; kind: NoticeKind; at: number; params: NoticeParams; latest?: number; unless?: Unless };

const recipientOf = (p: Reachable | ReachableVoter): Recipient => ('voterId' in p ? { voterId: p.voterId } : { userId: p.userId });

/** One notice per person and channel they have (a person listed twice is told once). */
export function personNotices(n: PersonNotice, people: readonly (Reachable | ReachableVoter)[], dayMs: number): PlannedNotice[] {
  const seen = new Set<string>();
  const out: PlannedNotice[] = [];
  for (const p of people) {
    const key = 'voterId' in p ? `voter:${p.voterId}` : `user:${p.userId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const channel of channelsOf(p) as Channel[])
      out.push({
        stepKey: n.stepKey,
        kind: n.kind,
        channel,
        to: recipientOf(p),
        notBefore: sendAt(channel, n.at, dayMs, n.latest),
        params: n.params,
        ...(n.unless ? { unless: n.unless } : {}),
      });
  }
  return out;
}

/** A window's notice now and its one reminder, the reminder only to those who have not acted. */
function windowNotices(
  o: { stepKey: string; opened: NoticeKind; reminder: NoticeKind; opensAt: number; closesAt: number; params: NoticeParams; unless: Unless; remind: boolean },
  ctx: StepContext,
): PlannedNotice[] {
  const opened = personNotices({ stepKey: o.stepKey, kind: o.opened, at: o.opensAt, params: o.params }, ctx.people, ctx.dayMs);
  if (!o.remind) return opened;
  const at = reminderAt(o.opensAt, o.closesAt, ctx.dayMs);
  return [...opened, ...personNotices({ stepKey: `${o.stepKey}:reminder`, kind: o.reminder, at, params: o.params, latest: o.closesAt, unless: o.unless }, ctx.people, ctx.dayMs)];
}

// ─── Consultations ──────────────────────────────────────────────────────────────────────────────

export type ConsultationStepInput = {
  consultationId: string;
  action: string;
  at: number;
  title: string;
  /** The disclosure this step published (topic, outcome). */
  disclosureId?: string;
  opinionsCloseAt?: number;
  meeting?: { at: number; location?: string };
};

/** The actions of a consultation that tell anyone (the activity gathers recipients only then). */
export const consultationNotifies = (action: string) => ['publishTopic', 'openCollection', 'scheduleMeeting', 'publishOutcome'].includes(action);
/** Only these steps concern the representatives themselves (the others tell subscribers). */
export const consultationTellsPeople = (action: string) => action === 'openCollection' || action === 'scheduleMeeting';

export function planConsultationStep(s: ConsultationStepInput, ctx: StepContext): PlannedNotice[] {
  const key = `consultation:${s.consultationId}`;
  const out: PlannedNotice[] = [];
  if (s.action === 'openCollection')
    out.push(...personNotices({ stepKey: `${key}:opinions`, kind: 'consultationOpened', at: s.at, params: { title: s.title, ...(s.opinionsCloseAt ? { closesAt: s.opinionsCloseAt } : {}) } }, ctx.people, ctx.dayMs));
  if (s.action === 'scheduleMeeting' && s.meeting)
    out.push(
      ...personNotices(
        { stepKey: `${key}:meeting:${s.meeting.at}`, kind: 'consultationMeeting', at: s.at, params: { title: s.title, opensAt: s.meeting.at, ...(s.meeting.location ? { location: s.meeting.location } : {}) } },
        ctx.people,
        ctx.dayMs,
      ),
    );
  if ((s.action === 'publishTopic' || s.action === 'publishOutcome') && s.disclosureId)
    out.push(...boardNotices(s.disclosureId, s.at, { title: s.title, disclosureKind: s.action === 'publishTopic' ? 'consultation_topic' : 'consultation_outcome' }, ctx));
  return out;
}

// ─── Elections ──────────────────────────────────────────────────────────────────────────────────

export type ElectionStepInput = {
  electionId: string;
  action: string;
  at: number;
  title: string;
  /** 00:00 of election day E (the voter notice names it). */
  electionDayAt: number;
  round?: { no: number; openedAt: number; closableAt: number };
  /** The online pilot is on (§4.6): voters can still act online, so a reminder makes sense. */
  online: boolean;
  disclosure?: { id: string; kind: string };
};

const ELECTION_DISCLOSURE_ACTIONS = ['election.plan_published', 'candidate_list.published', 'election.results_published', 'election.declared_void'];
export const electionNotifies = (action: string) => ['voter_register.published', 'election.polls_opened', ...ELECTION_DISCLOSURE_ACTIONS].includes(action);
/** Only these steps concern the voters themselves (the others tell subscribers). */
export const electionTellsVoters = (action: string) => action === 'voter_register.published' || action === 'election.polls_opened';

export function planElectionStep(s: ElectionStepInput, ctx: StepContext): PlannedNotice[] {
  const key = `election:${s.electionId}`;
  if (s.action === 'voter_register.published')
    return personNotices({ stepKey: `${key}:register`, kind: 'electionVoterNotice', at: s.at, params: { title: s.title, opensAt: s.electionDayAt } }, ctx.people, ctx.dayMs);
  if (s.action === 'election.polls_opened' && s.round)
    return windowNotices(
      {
        stepKey: `${key}:round:${s.round.no}`,
        opened: 'electionPollsOpened',
        reminder: 'electionReminder',
        opensAt: s.round.openedAt,
        closesAt: s.round.closableAt,
        params: { title: s.title, opensAt: s.round.openedAt, closesAt: s.round.closableAt },
        unless: { electionRound: { electionId: s.electionId, round: s.round.no } },
        remind: s.online && s.round.closableAt > s.round.openedAt,
      },
      ctx,
    );
  if (ELECTION_DISCLOSURE_ACTIONS.includes(s.action) && s.disclosure) return boardNotices(s.disclosure.id, s.at, { title: s.title, disclosureKind: s.disclosure.kind }, ctx);
  return [];
}

// ─── Cadre appraisal ────────────────────────────────────────────────────────────────────────────

export type AppraisalStepInput = {
  planId: string;
  action: string;
  at: number;
  title: string;
  meetingAt: number;
  rating?: { openedAt: number; closesAt: number };
  disclosureId?: string;
};

export const appraisalNotifies = (action: string) => ['plan', 'openRating', 'publish'].includes(action);

export function planAppraisalStep(s: AppraisalStepInput, ctx: StepContext): PlannedNotice[] {
  const key = `appraisal:${s.planId}`;
  if (s.action === 'plan')
    return personNotices({ stepKey: `${key}:plan`, kind: 'appraisalPlanned', at: s.at, params: { title: s.title, opensAt: s.meetingAt } }, ctx.people, ctx.dayMs);
  if (s.action === 'openRating' && s.rating)
    return windowNotices(
      {
        stepKey: `${key}:rating`,
        opened: 'appraisalRatingOpened',
        reminder: 'appraisalReminder',
        opensAt: s.rating.openedAt,
        closesAt: s.rating.closesAt,
        params: { title: s.title, opensAt: s.rating.openedAt, closesAt: s.rating.closesAt },
        unless: { appraisalReturned: s.planId },
        remind: true,
      },
      ctx,
    );
  if (s.action === 'publish' && s.disclosureId) return boardNotices(s.disclosureId, s.at, { title: s.title, disclosureKind: 'appraisal_result' }, ctx);
  return [];
}

// ─── Service appraisal (§9.3) ───────────────────────────────────────────────────────────────────

export type ServiceStepInput = {
  planId: string;
  action: string;
  at: number;
  title: string;
  survey: { openedAt: number; closesAt: number };
  /** Units below the threshold, asked to reply by `replyDueAt` (after publication). */
  replyRequested: string[];
  replyDueAt: number | null;
  disclosureId?: string;
};

export const serviceNotifies = (action: string) => action === 'open' || action === 'publishResults';

/**
 * Service appraisal steps. `people` are, at `open`, one resident per household (the household rates
 * once, §9.3); at `publishResults`, the street-office staff and `committee` the committee members.
 */
export function planServiceStep(s: ServiceStepInput, ctx: StepContext & { committee?: Reachable[] }): PlannedNotice[] {
  const key = `service-appraisal:${s.planId}`;
  if (s.action === 'open')
    return windowNotices(
      {
        stepKey: `${key}:survey`,
        opened: 'serviceSurveyOpened',
        reminder: 'serviceReminder',
        opensAt: s.survey.openedAt,
        closesAt: s.survey.closesAt,
        params: { title: s.title, opensAt: s.survey.openedAt, closesAt: s.survey.closesAt },
        unless: { serviceRated: s.planId },
        remind: s.survey.closesAt > s.survey.openedAt,
      },
      ctx,
    );
  if (s.action !== 'publishResults') return [];
  const out: PlannedNotice[] = [];
  if (s.disclosureId) out.push(...boardNotices(s.disclosureId, s.at, { title: s.title, disclosureKind: 'service_appraisal_result' }, ctx));
  out.push(...personNotices({ stepKey: `${key}:results`, kind: 'serviceResultsPublished', at: s.at, params: { title: s.title } }, ctx.people, ctx.dayMs));
  for (const unit of s.replyRequested)
    out.push(
      ...personNotices(
        { stepKey: `${key}:reply:${unit}`, kind: 'serviceReplyRequested', at: s.at, params: { title: s.title, unit, ...(s.replyDueAt ? { closesAt: s.replyDueAt } : {}) } },
        [...(ctx.committee ?? []), ...ctx.people],
        ctx.dayMs,
      ),
    );
  return out;
}

// ─── By-election deadline (§4.7 "still unfilled", §8 #21) ───────────────────────────────────────

/** 09:00 Asia/Shanghai of a civil day (a reminder about dates comes in the morning). */
const morningOf = (day: string) => Date.parse(`${day}T09:00:00+08:00`);

/**
 * The street office's two reminders for the oldest open vacancy: `remindOn` (30 days before the
 * deadline) and the day after `dueOn`; each cancelled when due if the vacancy was filled or a
 * by-election holds it. Keyed by the vacancy's day, so a later vacancy gets reminders of its own.
 */
export function planByElectionDeadline(
  d: { communityId: string; since: string; dueOn: string; remindOn: string; overdueOn: string; communityName: string },
  people: readonly Reachable[],
  now: number,
): PlannedNotice[] {
  const key = `by-election:${d.communityId}:${d.since}`;
  const unless: Unless = { byElectionVacancy: { communityId: d.communityId, since: d.since } };
  const params = { title: d.communityName, closesAt: Date.parse(`${d.dueOn}T23:59:00+08:00`) };
  return [
    ...personNotices({ stepKey: `${key}:dueSoon`, kind: 'byElectionDueSoon', at: Math.max(now, morningOf(d.remindOn)), params, unless }, people, REAL_DAY_MS),
    ...personNotices({ stepKey: `${key}:overdue`, kind: 'byElectionOverdue', at: Math.max(now, morningOf(d.overdueOn)), params, unless }, people, REAL_DAY_MS),
  ];
}
