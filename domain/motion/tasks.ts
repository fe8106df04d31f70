/**
 * Who must act on a motion now (my tasks 我的待办), derived from its state alone so that the workflow,
 * replaying its history, always computes the same set: the stage's main task, per-person vote tasks,
 * objection tasks, and when a stage is overdue a reminder at its due date and a street-office
 * escalation 7 days later (edge #1). A stage is never advanced because it is overdue.
 */
import type { Role } from '../roles';
import { escalationAt } from './deadlines';
import type { CommitteeOffice } from './permissions';
import type { MotionSettings } from './settings';
import { MEETING_BODIES } from './meetings';
import { disclosureEndsAt, isTerminal, mustNotifyInquorate, overdue, stageDueAt, type MotionSnapshot } from './stages';
import { isWindowOpen, type VoteBook } from './votes';
import { awaitingReview, reviewDeadline } from './review';

export type TaskAssignee = { userId: string } | { role: Role } | { office: CommitteeOffice };

export type TaskSpec = {
  /** Stable per task: `motion:<id>:<what>:<discriminator>`. */
  key: string;
  /** i18n key (motion.task.*). */
  kind: string;
  to: TaskAssignee;
  dueAt?: number;
  escalated?: boolean;
  params?: Record<string, string | number>;
};

export interface TaskInputs {
  motionId: string;
  snapshot: MotionSnapshot;
  settings: MotionSettings;
  /** The representatives' online vote, while one is open. */
  book?: VoteBook | undefined;
}

const secretary = { role: 'party_secretary' } as const;
const director = { office: 'director' } as const;
const committee = { role: 'committee_member' } as const;

type Add = (what: string, kind: string, to: TaskAssignee, o?: { dueAt?: number; stage?: boolean }) => TaskSpec;

/** The open tasks of a motion at `now`. */
export function openTasks(m: TaskInputs, now: number): TaskSpec[] {
  const s = m.snapshot;
  const h = `h${s.history.length}`;
  const tasks: TaskSpec[] = [];
  const add: Add = (what, kind, to, o = {}) => {
    const t: TaskSpec = {
      key: `motion:${m.motionId}:${what}:${o.stage === false ? 'x' : h}`,
      kind,
      to,
      ...(o.dueAt !== undefined ? { dueAt: o.dueAt } : {}),
    };
    tasks.push(t);
    return t;
  };
  const main = stageTask(m, now, add);
  if (s.disclosure?.correctionRequired) add('correct', 'motion.task.correctDisclosure', committee);
  if (isTerminal(s.state)) return tasks;
  reviewTasks(m, now, add);
  objectionTasks(m, now, add);
  inquorateNotices(m, add);
  tasks.push(...overdueTasks(m, now, main));
  return tasks;
}

/** §3.4: after two inquorate meetings of a body, supervisors and the street office are told (once per body). */
function inquorateNotices(m: TaskInputs, add: Add): void {
  for (const body of MEETING_BODIES) {
    if (!mustNotifyInquorate(m.snapshot, body)) continue;
    const params = { body, times: m.snapshot.inquorate[body] ?? 0 };
    add(`inquorate-${body}-supervisor`, 'motion.task.inquorateTwice', { role: 'supervisor' }, { stage: false }).params = params;
    add(`inquorate-${body}-street`, 'motion.task.inquorateTwice', { role: 'street_office_admin' }, { stage: false }).params = params;
  }
}

/** The stage's own tasks; returns the main one (whose assignee gets the overdue reminder). */
function stageTask(m: TaskInputs, now: number, add: Add): TaskSpec | undefined {
  const s = m.snapshot;
  const due = stageDueAt(s, m.settings);
  const p = s.pendingMeeting;
  const opened = p !== undefined && now >= p.opensAt;
  const withDue = due === undefined ? {} : { dueAt: due };
  let main: TaskSpec | undefined;
  switch (s.state) {
    case 'draft':
      add('propose', 'motion.task.recordPartyCommitteeDecision', secretary);
      break;
    case 'proposed':
      main = add('convene', 'motion.task.conveneJointMeeting', secretary, withDue);
      break;
    case 'deliberating':
    case 'consulting':
      if (s.state === 'consulting') {
        if (!s.consultation.id) main = add('consult', 'motion.task.openConsultation', secretary);
      } else if (!p) main = add('convene', 'motion.task.conveneJointMeeting', secretary, withDue);
      else if (opened) main = add(`record-${p.opensAt}`, 'motion.task.recordJointMeeting', secretary, withDue);
      add('opinions', 'motion.task.answerOpinions', committee);
      break;
    case 'party_review':
      if (!p) main = add('convene', 'motion.task.convenePartyMeeting', secretary, withDue);
      else if (opened) main = add(`record-${p.opensAt}`, 'motion.task.recordPartyMeeting', secretary, withDue);
      break;
    case 'resolving':
      if (!p) main = add('schedule', 'motion.task.scheduleResolutionMeeting', director, withDue);
      else if (m.book) voteTasks(m.book, now, add);
      else if (opened) main = add(`record-${p.opensAt}`, 'motion.task.recordResolution', director, withDue);
      break;
    case 'implementing':
      if (s.paused) add(`paused-${s.paused}`, 'motion.task.implementationPaused', director);
      else add('complete', 'motion.task.reportCompletion', director);
      add('progress', 'motion.task.recordProgress', committee);
      break;
    default:
      break;
  }
  return main;
}

/**
 * §3.7.3: supervisors review a disclosure waiting for publication; once 2 working days passed without
 * review the director may publish it unreviewed; after a correction request the director resubmits.
 */
function reviewTasks(m: TaskInputs, now: number, add: Add): void {
  const r = awaitingReview(m.snapshot);
  if (!r) return;
  const round = `${m.snapshot.disclosure!.kind}-${r.submittedAt}`;
  if (r.status === 'correctionRequested') {
    add(`review-resubmit-${round}`, 'motion.task.resubmitDisclosure', director, { stage: false });
    return;
  }
  const from = reviewDeadline(r, m.settings);
  add(`review-${round}`, 'motion.task.reviewDisclosure', { role: 'supervisor' }, { dueAt: from, stage: false });
  if (now >= from) add(`review-unreviewed-${round}`, 'motion.task.publishUnreviewed', director, { stage: false });
}

/** One task per representative who has a vote and has not cast it, while the window is open. */
function voteTasks(book: VoteBook, now: number, add: Add): void {
  if (!isWindowOpen(book, now)) return;
  for (const p of book.roster) {
    if (p.hasVote === false || book.recused.includes(p.personId) || book.ballots[p.personId]) continue;
    add(`vote-${book.questionId}-${p.personId}`, 'motion.task.vote', { userId: p.personId }, { dueAt: book.closesAt, stage: false });
  }
}

/** Replies due, replies to accept, and rulings once a blocking objection outlives the disclosure window (§3.7). */
function objectionTasks(m: TaskInputs, now: number, add: Add): void {
  const s = m.snapshot;
  const end = disclosureEndsAt(s, m.settings);
  for (const o of s.objections) {
    if (o.status === 'open') {
      add(`objection-reply-${o.id}`, 'motion.task.replyToObjection', committee, { dueAt: o.replyDueAt, stage: false });
    }
    if (o.blocking && o.status === 'answered') {
      add(`objection-accept-${o.id}`, 'motion.task.acceptObjectionReply', { role: 'supervisor' }, { stage: false });
    }
    if (o.blocking && o.status !== 'settled' && end !== undefined && now >= end) {
      add(`objection-rule-${o.id}`, 'motion.task.ruleOnObjection', { role: 'street_office_admin' }, { stage: false });
    }
  }
}

/** Edge #1: a reminder at the due date (to whoever holds the main task), an escalation 7 days later. */
function overdueTasks(m: TaskInputs, now: number, main: TaskSpec | undefined): TaskSpec[] {
  const s = m.snapshot;
  const due = stageDueAt(s, m.settings);
  const level = overdue(s, { now, settings: m.settings });
  if (due === undefined || level === 'onTime') return [];
  const reminder: TaskSpec = {
    key: `motion:${m.motionId}:overdue:${due}`,
    kind: 'motion.task.overdue',
    to: main?.to ?? secretary,
    dueAt: due,
    params: { state: s.state },
  };
  if (level !== 'escalation') return [reminder];
  return [
    reminder,
    {
      key: `motion:${m.motionId}:escalation:${due}`,
      kind: 'motion.task.escalation',
      to: { role: 'street_office_admin' },
      dueAt: escalationAt(due, m.settings),
      escalated: true,
      params: { state: s.state },
    },
  ];
}
