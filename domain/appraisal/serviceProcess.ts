/**
 * The service appraisal as a state and its commands (DOMAIN.md §9.3):
 *
 *   surveying → closed → published → finished
 *
 * The committee runs it; residents' ratings are rows in PostgreSQL (not commands). After
 * publication, each subject below the threshold is asked to reply within 15 days; its reply is
 * published beside the result. Pure.
 */
import { allowed, refuse, type Verdict } from '../errors';
import { hasAnyRole } from '../roles';
import type { Actor } from './process';
import type { GradeCounts } from './rules';
import { REPLY_DAYS, serviceResult, type ServiceKind, type ServiceResult } from './service';

export const SERVICE_STAGES = ['surveying', 'closed', 'published', 'finished'] as const;
export type ServiceStage = (typeof SERVICE_STAGES)[number];

export interface ServiceState {
  id: string;
  communityId: string;
  year: number;
  title: string;
  stage: ServiceStage;
  subjects: { id: string; name: string; kind: ServiceKind }[];
  openedAt: number;
  surveyClosesAt: number;
  results: Record<string, { counts: GradeCounts; result: ServiceResult }> | null;
  publishedAt: number | null;
  replyDueAt: number | null;
  replies: Record<string, { text: string; at: number }>;
}

export type ServiceCommand =
  | { action: 'closeSurvey' }
  | { action: 'publishResults' }
  | { action: 'recordReply'; subjectId: string; text: string }
  | { action: 'finish' };
export type ServiceAction = ServiceCommand['action'];

const RUNS: Actor['roles'] = ['committee_member'];

export const replyRequested = (s: ServiceState, subjectId: string) => {
  const r = s.results?.[subjectId]?.result;
  return r?.kind === 'rated' && r.replyRequested;
};

export function checkServiceCommand(s: ServiceState, actor: Actor, c: ServiceCommand): Verdict {
  if (!hasAnyRole(actor.roles, RUNS)) return refuse('appraisal.errors.notAllowedCommittee');
  if (s.stage === 'finished') return refuse('appraisal.errors.finished');
  switch (c.action) {
    case 'closeSurvey':
      return s.stage === 'surveying' ? allowed : refuse('appraisal.errors.wrongStage');
    case 'publishResults':
      return s.stage === 'closed' ? allowed : refuse('appraisal.errors.wrongStage');
    case 'recordReply':
      if (s.stage !== 'published') return refuse('appraisal.errors.wrongStage');
      if (!s.subjects.some((x) => x.id === c.subjectId)) return refuse('appraisal.errors.subjectNotInPlan');
      if (!replyRequested(s, c.subjectId)) return refuse('appraisal.errors.replyNotRequested');
      return s.replies[c.subjectId] ? refuse('appraisal.errors.replyRecorded') : allowed;
    case 'finish':
      return s.stage === 'published' ? allowed : refuse('appraisal.errors.wrongStage');
  }
}

/** The next state. `closeSurvey` takes the counts the activity read once the window was shut. */
export function applyServiceCommand(
  s: ServiceState,
  c: ServiceCommand | { action: 'surveyCounted'; counts: Record<string, GradeCounts> },
  clock: { now: number; dayMs: number },
): ServiceState {
  switch (c.action) {
    case 'closeSurvey':
      return { ...s, stage: 'closed', surveyClosesAt: Math.min(s.surveyClosesAt, clock.now) };
    case 'surveyCounted':
      return {
        ...s,
        results: Object.fromEntries(s.subjects.map((x) => {
          const counts = c.counts[x.id] ?? { good: 0, fair: 0, poor: 0 };
          return [x.id, { counts, result: serviceResult(counts) }];
        })),
      };
    case 'publishResults':
      return { ...s, stage: 'published', publishedAt: clock.now, replyDueAt: clock.now + REPLY_DAYS * clock.dayMs };
    case 'recordReply':
      return { ...s, replies: { ...s.replies, [c.subjectId]: { text: c.text, at: clock.now } } };
    case 'finish':
      return { ...s, stage: 'finished' };
  }
}

/** Whether every reply asked for has come (then the workflow may end by itself). */
export const allRepliesIn = (s: ServiceState) => s.subjects.every((x) => !replyRequested(s, x.id) || !!s.replies[x.id]);
