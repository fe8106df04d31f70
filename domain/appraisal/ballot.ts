/**
 * Checks of one rater's form and of the paper totals against the plan (§9.2 step 3, §9.4). Pure;
 * the web's ballot transaction and the workflow's validator ask the same functions.
 */
import { allowed, refuse, type Verdict } from '../errors';
import { addCounts, noCounts, totalOf, type GradeCounts } from './rules';
import type { AppraisalBallot, PaperTotals } from './schemas';

export interface RatedPlan {
  criteria: readonly string[];
  /** Subjects still rated (not left office before the meeting). */
  ratedSubjectIds: readonly string[];
}

/**
 * A form is the rater's grades for every rated subject but themselves: each with one grade per
 * criterion and an overall grade. A form that rates its own rater is refused (自评不计).
 */
export function checkBallot(ballot: AppraisalBallot, plan: RatedPlan, raterId: string): Verdict {
  const ids = ballot.subjects.map((s) => s.subjectId);
  if (ids.includes(raterId)) return refuse('appraisal.errors.selfRating');
  if (new Set(ids).size !== ids.length) return refuse('appraisal.errors.subjectRepeated');
  for (const s of ballot.subjects) {
    if (!plan.ratedSubjectIds.includes(s.subjectId)) return refuse('appraisal.errors.subjectNotInPlan');
    if (s.criteria.length !== plan.criteria.length) return refuse('appraisal.errors.criteriaIncomplete');
  }
  const expected = plan.ratedSubjectIds.filter((id) => id !== raterId);
  if (ids.length !== expected.length) return refuse('appraisal.errors.ballotIncomplete');
  return allowed;
}

/**
 * Paper totals (§9.2 step 3, §8 #13): returned ≤ forms issued; void ≤ returned; per subject the
 * overall counts and each criterion's counts are at most the valid forms, and only for rated subjects.
 */
export function checkPaperTotals(t: PaperTotals, plan: RatedPlan, formsIssued: number): Verdict {
  if (t.returned > formsIssued) return refuse('appraisal.errors.paperAboveIssued', { issued: formsIssued });
  if (t.void > t.returned) return refuse('appraisal.errors.paperVoidAboveReturned');
  const valid = t.returned - t.void;
  const seen = new Set<string>();
  for (const s of t.subjects) {
    if (!plan.ratedSubjectIds.includes(s.subjectId)) return refuse('appraisal.errors.subjectNotInPlan');
    if (seen.has(s.subjectId)) return refuse('appraisal.errors.subjectRepeated');
    seen.add(s.subjectId);
    if (totalOf(s.overall) > valid) return refuse('appraisal.errors.paperAboveValid', { valid });
    if (s.criteria.length !== 0 && s.criteria.length !== plan.criteria.length) return refuse('appraisal.errors.criteriaIncomplete');
    if (s.criteria.some((c) => totalOf(c) > valid)) return refuse('appraisal.errors.paperAboveValid', { valid });
  }
  return allowed;
}

/** Online forms counted: per subject the overall counts and one count per criterion. */
export interface FormCounts {
  returned: number;
  subjects: Record<string, { overall: GradeCounts; criteria: GradeCounts[] }>;
}

/** Adds one online form to the counts (the tally activity folds the shuffled ballots with it). */
export function countBallot(into: FormCounts, ballot: AppraisalBallot, criteria: number): FormCounts {
  const subjects = { ...into.subjects };
  for (const s of ballot.subjects) {
    const before = subjects[s.subjectId] ?? { overall: noCounts(), criteria: Array.from({ length: criteria }, noCounts) };
    subjects[s.subjectId] = {
      overall: { ...before.overall, [s.overall]: before.overall[s.overall] + 1 },
      criteria: before.criteria.map((c, i) => (s.criteria[i] ? { ...c, [s.criteria[i]]: c[s.criteria[i]] + 1 } : c)),
    };
  }
  return { returned: into.returned + 1, subjects };
}

/** Online and confirmed paper counts together. */
export function combineCounts(online: FormCounts, paper: PaperTotals | null, criteria: number): FormCounts & { void: number } {
  if (!paper) return { ...online, void: 0 };
  const subjects = { ...online.subjects };
  for (const s of paper.subjects) {
    const before = subjects[s.subjectId] ?? { overall: noCounts(), criteria: Array.from({ length: criteria }, noCounts) };
    subjects[s.subjectId] = {
      overall: addCounts(before.overall, s.overall),
      criteria: before.criteria.map((c, i) => (s.criteria[i] ? addCounts(c, s.criteria[i]) : c)),
    };
  }
  return { returned: online.returned + paper.returned, void: paper.void, subjects };
}
