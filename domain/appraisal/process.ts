/**
 * The cadre appraisal 述职述廉与民主评议 as a state and its commands (DOMAIN.md §9.2):
 *
 *   planned → reports_delivered → meeting → rating → counting → tallied → published   (or void, cancelled)
 *
 * `checkAppraisalCommand` answers whether a command is allowed now (the Update validator asks it);
 * `applyAppraisalCommand` gives the next state (the handler). Pure; times are epoch ms passed in.
 */
import { allowed, refuse, type Verdict } from '../errors';
import { hasAnyRole, type Role } from '../roles';
import { checkPaperTotals, combineCounts, type FormCounts, type RatedPlan } from './ballot';
import { appraisalValid, returnsNeeded, tallySubject, type AppraisalRules, type Overall, type Scale, type SubjectTally } from './rules';
import type { PaperTotals } from './schemas';

export const STAGES = ['planned', 'reports_delivered', 'meeting', 'rating', 'counting', 'tallied', 'published', 'void', 'cancelled'] as const;
export type Stage = (typeof STAGES)[number];
export const TERMINAL_STAGES: readonly Stage[] = ['published', 'void', 'cancelled'];

/** Notice before the meeting and reports before it, in days (PLATFORM, §9.2 steps 1–2). */
export const NOTICE_DAYS = 5;
export const REPORT_DAYS = 3;
/** The result stays on the board at least this many days (§9.2 step 7, §6). */
export const RESULT_DAYS = 7;

export interface Actor {
  id: string;
  roles: Role[];
}

export interface AppraisalSubject {
  userId: string;
  name: string;
  /** First day of the office held on the plan date. */
  inOfficeSince: string;
  underSixMonths: boolean;
  /** Left office before the meeting: not rated (§9.4). */
  left: boolean;
  report: string | null;
}

export interface PaperEntry {
  totals: PaperTotals;
  enteredBy: string;
  confirmedBy: string | null;
}

export interface AppraisalResult {
  raters: number;
  returned: number;
  void: number;
  valid: boolean;
  needed: number;
  subjects: Record<string, SubjectTally & { criteria: { good: number; fair: number; poor: number }[] }>;
}

export interface AppraisalState {
  id: string;
  communityId: string;
  year: number;
  title: string;
  planDate: string;
  meetingAt: number;
  windowHours: number;
  scale: Scale;
  criteria: string[];
  subjects: AppraisalSubject[];
  raterIds: string[];
  plannedAt: number;
  plannedBy: string;
  stage: Stage;
  reportsDeliveredAt: number | null;
  questions: { subjectId: string; question: string; answer: string }[];
  ratingOpenedAt: number | null;
  ratingClosesAt: number | null;
  /** Raters given a paper form (they cannot also rate online). */
  paperIssued: string[];
  paper: PaperEntry | null;
  result: AppraisalResult | null;
  rules: AppraisalRules;
  /** Each subject's overall grade last year, if they were appraised (two years in a row). */
  lastYear: Record<string, Overall>;
}

export type AppraisalCommand =
  | { action: 'submitReport'; subjectId: string; text: string }
  | { action: 'deliverReports' }
  | { action: 'openMeeting'; leftOffice: string[] }
  | { action: 'recordQuestion'; subjectId: string; question: string; answer: string }
  | { action: 'openRating' }
  | { action: 'issuePaperForms'; raterIds: string[] }
  | { action: 'recordPaperTotals'; totals: PaperTotals }
  | { action: 'confirmPaperTotals' }
  | { action: 'closeRating' }
  | { action: 'tally'; online: FormCounts }
  | { action: 'publish' }
  | { action: 'cancel'; reason: string };
export type AppraisalAction = AppraisalCommand['action'];

export interface Clock {
  now: number;
  dayMs: number;
}

const SUPERVISOR: Role[] = ['supervisor'];

export const ratedPlan = (s: AppraisalState): RatedPlan => ({
  criteria: s.criteria,
  ratedSubjectIds: s.subjects.filter((x) => !x.left).map((x) => x.userId),
});

/** The roster check of a new plan: each subject in office on the plan date, the notice long enough (§9.2). */
export function checkPlan(
  p: { subjectIds: string[]; raterIds: string[]; meetingAt: number },
  inOffice: ReadonlyMap<string, unknown>,
  eligibleRaters: ReadonlySet<string>,
  clock: Clock,
): Verdict {
  const missing = p.subjectIds.find((id) => !inOffice.has(id));
  if (missing) return refuse('appraisal.errors.subjectNotInOffice');
  if (p.raterIds.some((id) => !eligibleRaters.has(id))) return refuse('appraisal.errors.raterNotEligible');
  if (p.meetingAt < clock.now + NOTICE_DAYS * clock.dayMs) return refuse('appraisal.errors.noticeTooShort', { days: NOTICE_DAYS });
  return allowed;
}

/** Whether `actor` may give `command` now. */
export function checkAppraisalCommand(s: AppraisalState, actor: Actor, c: AppraisalCommand, clock: Clock): Verdict {
  const supervisor = hasAnyRole(actor.roles, SUPERVISOR);
  if (TERMINAL_STAGES.includes(s.stage)) return refuse('appraisal.errors.finished');
  switch (c.action) {
    case 'submitReport': {
      const subject = s.subjects.find((x) => x.userId === c.subjectId);
      if (!subject) return refuse('appraisal.errors.subjectNotInPlan');
      if (!supervisor && actor.id !== c.subjectId) return refuse('appraisal.errors.notAllowed');
      return s.stage === 'planned' ? allowed : refuse('appraisal.errors.wrongStage');
    }
    case 'deliverReports':
      if (!supervisor) return refuse('appraisal.errors.notAllowed');
      if (s.stage !== 'planned') return refuse('appraisal.errors.wrongStage');
      if (s.subjects.some((x) => x.report === null)) return refuse('appraisal.errors.reportsMissing');
      if (clock.now > s.meetingAt - REPORT_DAYS * clock.dayMs) return refuse('appraisal.errors.reportsTooLate', { days: REPORT_DAYS });
      return allowed;
    case 'openMeeting':
      if (!supervisor) return refuse('appraisal.errors.notAllowed');
      if (s.stage !== 'reports_delivered') return refuse('appraisal.errors.wrongStage');
      if (clock.now < s.meetingAt) return refuse('appraisal.errors.meetingNotYet');
      return allowed;
    case 'recordQuestion':
      if (!supervisor) return refuse('appraisal.errors.notAllowed');
      if (s.stage !== 'meeting') return refuse('appraisal.errors.wrongStage');
      return ratedPlan(s).ratedSubjectIds.includes(c.subjectId) ? allowed : refuse('appraisal.errors.subjectNotInPlan');
    case 'openRating':
      if (!supervisor) return refuse('appraisal.errors.notAllowed');
      return s.stage === 'meeting' ? allowed : refuse('appraisal.errors.wrongStage');
    case 'issuePaperForms':
      if (!supervisor) return refuse('appraisal.errors.notAllowed');
      if (s.stage !== 'rating') return refuse('appraisal.errors.wrongStage');
      return c.raterIds.every((id) => s.raterIds.includes(id)) ? allowed : refuse('appraisal.errors.raterNotInPlan');
    case 'recordPaperTotals':
      if (!supervisor) return refuse('appraisal.errors.notAllowed');
      if (s.stage !== 'rating' && s.stage !== 'counting') return refuse('appraisal.errors.wrongStage');
      if (s.paper?.confirmedBy) return refuse('appraisal.errors.paperConfirmed');
      return checkPaperTotals(c.totals, ratedPlan(s), s.paperIssued.length);
    case 'confirmPaperTotals':
      if (!supervisor) return refuse('appraisal.errors.notAllowed');
      if (!s.paper) return refuse('appraisal.errors.paperMissing');
      if (s.paper.confirmedBy) return refuse('appraisal.errors.paperConfirmed');
      return s.paper.enteredBy === actor.id ? refuse('appraisal.errors.secondPersonRequired') : allowed;
    case 'closeRating':
      if (!supervisor) return refuse('appraisal.errors.notAllowed');
      return s.stage === 'rating' ? allowed : refuse('appraisal.errors.wrongStage');
    case 'tally':
      if (!supervisor) return refuse('appraisal.errors.notAllowed');
      if (s.stage !== 'counting') return refuse('appraisal.errors.wrongStage');
      if (s.paperIssued.length > 0 && !s.paper?.confirmedBy) return refuse('appraisal.errors.paperUnconfirmed');
      return allowed;
    case 'publish':
      if (!supervisor) return refuse('appraisal.errors.notAllowed');
      return s.stage === 'tallied' ? allowed : refuse('appraisal.errors.wrongStage');
    case 'cancel':
      if (!supervisor) return refuse('appraisal.errors.notAllowed');
      return ['planned', 'reports_delivered', 'meeting'].includes(s.stage) ? allowed : refuse('appraisal.errors.wrongStage');
  }
}

/** The result of a closed window (§9.2 steps 4–6): validity first, then each rated subject's tally. */
export function appraisalResult(s: AppraisalState, online: FormCounts): AppraisalResult {
  const paper = s.paper?.confirmedBy ? s.paper.totals : null;
  const all = combineCounts(online, paper, s.criteria.length);
  const raters = s.raterIds.length;
  const valid = appraisalValid(all.returned, raters);
  const subjects: AppraisalResult['subjects'] = {};
  if (valid) {
    for (const subject of s.subjects.filter((x) => !x.left)) {
      const counted = all.subjects[subject.userId];
      const overall = counted?.overall ?? { good: 0, fair: 0, poor: 0 };
      subjects[subject.userId] = {
        ...tallySubject(overall, { rules: s.rules, lastYear: s.lastYear[subject.userId] ?? null, underSixMonths: subject.underSixMonths }),
        criteria: counted?.criteria ?? s.criteria.map(() => ({ good: 0, fair: 0, poor: 0 })),
      };
    }
  }
  return { raters, returned: all.returned, void: all.void, valid, needed: returnsNeeded(raters), subjects };
}

/** The next state after an allowed command (the caller checked it). */
export function applyAppraisalCommand(s: AppraisalState, actor: Actor, c: AppraisalCommand, clock: Clock): AppraisalState {
  switch (c.action) {
    case 'submitReport':
      return { ...s, subjects: s.subjects.map((x) => (x.userId === c.subjectId ? { ...x, report: c.text } : x)) };
    case 'deliverReports':
      return { ...s, stage: 'reports_delivered', reportsDeliveredAt: clock.now };
    case 'openMeeting':
      return { ...s, stage: 'meeting', subjects: s.subjects.map((x) => (c.leftOffice.includes(x.userId) ? { ...x, left: true } : x)) };
    case 'recordQuestion':
      return { ...s, questions: [...s.questions, { subjectId: c.subjectId, question: c.question, answer: c.answer }] };
    case 'openRating':
      return { ...s, stage: 'rating', ratingOpenedAt: clock.now, ratingClosesAt: clock.now + s.windowHours * (clock.dayMs / 24) };
    case 'issuePaperForms':
      return { ...s, paperIssued: [...new Set([...s.paperIssued, ...c.raterIds])] };
    case 'recordPaperTotals':
      return { ...s, paper: { totals: c.totals, enteredBy: actor.id, confirmedBy: null } };
    case 'confirmPaperTotals':
      return { ...s, paper: s.paper && { ...s.paper, confirmedBy: actor.id } };
    case 'closeRating':
      return { ...s, stage: 'counting', ratingClosesAt: Math.min(s.ratingClosesAt ?? clock.now, clock.now) };
    case 'tally': {
      const result = appraisalResult(s, c.online);
      return { ...s, stage: result.valid ? 'tallied' : 'void', result };
    }
    case 'publish':
      return { ...s, stage: 'published' };
    case 'cancel':
      return { ...s, stage: 'cancelled' };
  }
}
