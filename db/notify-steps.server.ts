/**
 * The outbox rows of consultation, election and appraisal steps (domain/notify/steps.ts), written by
 * each process's step activity right after the step's own write. A retried activity plans the same
 * rows again and the outbox's unique (recipient, step, channel) key inserts none of them twice.
 */
import type { ConsultationSnapshot } from '../domain/consultation';
import type { ElectionSnapshot } from '../domain/election/process';
import type { AppraisalState, ServiceState } from '../domain/appraisal';
import { replyRequested } from '../domain/appraisal/serviceProcess';
import { BY_ELECTION_REMIND_DAYS } from '../domain/election/by-election';
import { addDays } from '../domain/election/dates';
import type { PlannedNotice, Reachable } from '../domain/notify/plan';
import {
  appraisalNotifies,
  consultationNotifies,
  consultationTellsPeople,
  electionNotifies,
  electionTellsVoters,
  planAppraisalStep,
  planConsultationStep,
  planByElectionDeadline,
  planElectionStep,
  planServiceStep,
  serviceNotifies,
  type StepContext,
} from '../domain/notify/steps';
import { reachVoter } from '../domain/notify/voters';
import type { Queryable } from './client.server';
import { vacanciesOf } from './election-vacancies.server';
import { activeSubscribers, contactsOf, insertNotices, reachable, registerContactsOf } from './notify.server';

async function reachableOf(q: Queryable, communityId: string, userIds: readonly string[]): Promise<Reachable[]> {
  const contacts = await contactsOf(q, communityId, [...new Set(userIds)]);
  return userIds.flatMap((id) => {
    const c = contacts.get(id);
    return c ? [reachable(c)] : [];
  });
}

async function context(q: Queryable, communityId: string, dayMs: number, userIds: readonly string[], board: boolean): Promise<StepContext> {
  return { dayMs, people: await reachableOf(q, communityId, userIds), subscribers: board ? await activeSubscribers(q, communityId) : [] };
}

/** Residents' representatives holding the role today (a consultation's standing audience). */
async function representativesToday(q: Queryable, communityId: string): Promise<string[]> {
  const rows = await q<{ userId: string }[]>`
    select distinct m.user_id as "userId" from memberships m
    where m.community_id = ${communityId} and m.role = 'resident_representative'
      and m.starts_on <= current_date and (m.ends_on is null or m.ends_on >= current_date)
    order by 1`;
  return rows.map((r) => r.userId);
}

const write = (q: Queryable, communityId: string, subjectType: string, subjectId: string, notices: PlannedNotice[]) =>
  notices.length ? insertNotices(q, { communityId, subjectType, subjectId }, notices) : Promise.resolve(0);

export async function enqueueConsultationNotices(
  q: Queryable,
  o: { snapshot: Omit<ConsultationSnapshot, 'opinions'>; action: string; at: number; dayMs: number; opinionsCloseAt?: number | null; disclosureId?: string },
): Promise<number> {
  if (!consultationNotifies(o.action)) return 0;
  const s = o.snapshot;
  const tells = consultationTellsPeople(o.action);
  const ctx = await context(q, s.communityId, o.dayMs, tells ? await representativesToday(q, s.communityId) : [], !tells);
  const notices = planConsultationStep(
    {
      consultationId: s.id, action: o.action, at: o.at, title: s.title,
      ...(o.disclosureId ? { disclosureId: o.disclosureId } : {}),
      ...(o.opinionsCloseAt ? { opinionsCloseAt: o.opinionsCloseAt } : {}),
      ...(s.meeting ? { meeting: { at: s.meeting.at, location: s.meeting.place } } : {}),
    },
    ctx,
  );
  return write(q, s.communityId, 'consultation', s.id, notices);
}

/**
 * An election step's notices. The voter steps tell every active entry of the register, each as one
 * recipient (its `voter_id`), whether or not it has an account (decision 073); the others tell the
 * board's subscribers.
 */
export async function enqueueElectionNotices(q: Queryable, s: ElectionSnapshot, action: string, at: number): Promise<number> {
  if (!electionNotifies(action)) return 0;
  const tellsVoters = electionTellsVoters(action);
  const ctx: StepContext = {
    dayMs: s.dayMs,
    people: tellsVoters ? (await registerContactsOf(q, s.communityId, { electionId: s.electionId })).map(reachVoter) : [],
    subscribers: tellsVoters ? [] : await activeSubscribers(q, s.communityId),
  };
  const disclosure =
    action === 'election.plan_published' ? s.disclosures.plan && { id: s.disclosures.plan, kind: 'election_plan' }
    : action === 'candidate_list.published' ? s.disclosures.candidates && { id: s.disclosures.candidates, kind: 'candidate_list' }
    : s.disclosures.result && { id: s.disclosures.result, kind: 'election_result' };
  const notices = planElectionStep(
    {
      electionId: s.electionId, action, at, title: s.title, electionDayAt: s.schedule.pollingOpensAt, online: s.plan.onlineVoting.enabled,
      ...(s.round ? { round: { no: s.round.no, openedAt: s.round.openedAt, closableAt: s.round.closableAt } } : {}),
      ...(disclosure ? { disclosure } : {}),
    },
    ctx,
  );
  return write(q, s.communityId, 'election', s.electionId, notices);
}

export async function enqueueAppraisalNotices(q: Queryable, o: { state: AppraisalState; action: string; at: number; dayMs: number; disclosureId?: string }): Promise<number> {
  if (!appraisalNotifies(o.action)) return 0;
  const s = o.state;
  const people = o.action === 'publish' ? [] : o.action === 'plan' ? [...s.raterIds, ...s.subjects.map((x) => x.userId)] : s.raterIds;
  const ctx = await context(q, s.communityId, o.dayMs, people, o.action === 'publish');
  const notices = planAppraisalStep(
    {
      planId: s.id, action: o.action, at: o.at, title: s.title, meetingAt: s.meetingAt,
      ...(s.ratingOpenedAt !== null && s.ratingClosesAt !== null ? { rating: { openedAt: s.ratingOpenedAt, closesAt: s.ratingClosesAt } } : {}),
      ...(o.disclosureId ? { disclosureId: o.disclosureId } : {}),
    },
    ctx,
  );
  return write(q, s.communityId, 'appraisal', s.id, notices);
}

/** People holding a community role today, or the street office's staff for the community's street. */
async function holdersToday(q: Queryable, communityId: string, role: 'resident' | 'committee_member' | 'street_office_admin'): Promise<string[]> {
  const rows =
    role === 'street_office_admin'
      ? await q<{ userId: string }[]>`
          select distinct m.user_id as "userId" from memberships m join communities c on c.id = ${communityId}
          where m.role = 'street_office_admin' and (m.street_office_id = c.street_office_id or m.community_id = c.id)
            and m.starts_on <= current_date and (m.ends_on is null or m.ends_on >= current_date) order by 1`
      : await q<{ userId: string }[]>`
          select distinct m.user_id as "userId" from memberships m
          where m.community_id = ${communityId} and m.role = ${role}
            and m.starts_on <= current_date and (m.ends_on is null or m.ends_on >= current_date) order by 1`;
  return rows.map((r) => r.userId);
}

/**
 * One reachable resident per household (§9.3: a household rates once): the household is the
 * register's building and unit, as householdKeyOf keys a rating; a resident without both is a
 * household alone. The first of a household (by id) who can be reached is told.
 */
async function oneResidentPerHousehold(q: Queryable, communityId: string): Promise<Reachable[]> {
  const ids = await holdersToday(q, communityId, 'resident');
  const homes = await q<{ userId: string; building: string | null; unit: string | null }[]>`
    select user_id as "userId", building, unit from people where community_id = ${communityId} and status = 'active' and user_id = any(${ids}::text[])`;
  const homeOf = new Map(homes.map((h) => [h.userId, h.building?.trim() && h.unit?.trim() ? `${h.building.trim()}:${h.unit.trim()}` : null]));
  const told = new Set<string>();
  const out: Reachable[] = [];
  for (const r of await reachableOf(q, communityId, ids)) {
    if (!r.sms && !r.email) continue;
    const home = homeOf.get(r.userId) ?? `person:${r.userId}`;
    if (told.has(home)) continue;
    told.add(home);
    out.push(r);
  }
  return out;
}

export async function enqueueServiceNotices(q: Queryable, o: { state: ServiceState; action: string; at: number; dayMs: number; disclosureId?: string }): Promise<number> {
  if (!serviceNotifies(o.action)) return 0;
  const s = o.state;
  const published = o.action === 'publishResults';
  const ctx: StepContext & { committee?: Reachable[] } = published
    ? {
        dayMs: o.dayMs,
        people: await reachableOf(q, s.communityId, await holdersToday(q, s.communityId, 'street_office_admin')),
        committee: await reachableOf(q, s.communityId, await holdersToday(q, s.communityId, 'committee_member')),
        subscribers: await activeSubscribers(q, s.communityId),
      }
    : { dayMs: o.dayMs, people: await oneResidentPerHousehold(q, s.communityId), subscribers: [] };
  const notices = planServiceStep(
    {
      planId: s.id, action: o.action, at: o.at, title: s.title,
      survey: { openedAt: s.openedAt, closesAt: s.surveyClosesAt },
      replyRequested: s.subjects.filter((x) => replyRequested(s, x.id)).map((x) => x.name),
      replyDueAt: s.replyDueAt,
      ...(o.disclosureId ? { disclosureId: o.disclosureId } : {}),
    },
    ctx,
  );
  return write(q, s.communityId, 'service_appraisal', s.id, notices);
}

/**
 * The street office's reminders of the by-election deadline (domain/notify/steps.ts), for the
 * oldest open vacancy of the community on `today`; written whenever a seat may have fallen vacant
 * (a role ended, a recall passed) and when the roles page is read — the unique key writes each once.
 */
export async function enqueueByElectionReminders(q: Queryable, communityId: string, today: string): Promise<number> {
  const { deadline } = await vacanciesOf(q, communityId, today);
  if (!deadline) return 0;
  const [c] = await q<{ name: string }[]>`select name_zh as name from communities where id = ${communityId}`;
  const staff = await reachableOf(q, communityId, await holdersToday(q, communityId, 'street_office_admin'));
  const notices = planByElectionDeadline(
    { communityId, since: deadline.since, dueOn: deadline.dueOn, remindOn: addDays(deadline.dueOn, -BY_ELECTION_REMIND_DAYS), overdueOn: addDays(deadline.dueOn, 1), communityName: c?.name ?? '' },
    staff,
    Date.now(),
  );
  return write(q, communityId, 'community', communityId, notices);
}
