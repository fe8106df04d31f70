/**
 * The outbox rows of consultation, election and appraisal steps (domain/notify/steps.ts), written by
 * each process's step activity right after the step's own write. A retried activity plans the same
 * rows again and the outbox's unique (recipient, step, channel) key inserts none of them twice.
 */
import type { ConsultationSnapshot } from '../domain/consultation';
import type { ElectionSnapshot } from '../domain/election/process';
import type { AppraisalState } from '../domain/appraisal';
import type { PlannedNotice, Reachable } from '../domain/notify/plan';
import {
  appraisalNotifies,
  consultationNotifies,
  consultationTellsPeople,
  electionNotifies,
  electionTellsVoters,
  planAppraisalStep,
  planConsultationStep,
  planElectionStep,
  type StepContext,
} from '../domain/notify/steps';
import type { Queryable } from './client.server';
import { activeSubscribers, contactsOf, insertNotices, reachable } from './notify.server';

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

export async function enqueueElectionNotices(q: Queryable, s: ElectionSnapshot, action: string, at: number): Promise<number> {
  if (!electionNotifies(action)) return 0;
  const voters = electionTellsVoters(action)
    ? (await q<{ userId: string }[]>`
        select distinct user_id as "userId" from voters
        where election_id = ${s.electionId} and status = 'active' and user_id is not null order by 1`).map((r) => r.userId)
    : [];
  const ctx = await context(q, s.communityId, s.dayMs, voters, !electionTellsVoters(action));
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
