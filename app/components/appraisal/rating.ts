/**
 * The rating screens as plain forms (DOMAIN.md §7.6, §9): one subject per screen (a cadre
 * appraisal's criteria and overall grade, or a service unit's grade and comment), then a
 * confirmation in words. Every screen carries the grades chosen so far as fields
 * (`g.<subject>.<criterion index | o>`, `c.<subject>`); the server reads them with one schema and
 * decides the next screen. Pure, used by both sides — the election ballot's shape
 * (components/election/ballot.ts).
 */
import { parseWithZod } from '@conform-to/zod/v4';
import { z } from 'zod';
import { GRADES, type AppraisalBallot, type Grade } from '../../../domain/appraisal';

export const gradeField = (subjectId: string, k: number | 'o') => `g.${subjectId}.${k}`;
export const commentField = (subjectId: string) => `c.${subjectId}`;

/**
 * One rating screen's form. Nothing here refuses: an unknown button stays on the screen, an unknown
 * grade is no grade, a subject not on this plan is ignored below. Size limits are the domain
 * schemas' (a comment too long is refused there, with its message); the caps here only bound work.
 */
export const rateFormSchema = z.object({
  intent: z.enum(['next', 'back', 'confirm', 'submit']).optional().catch(undefined),
  step: z.coerce.number().int().min(0).max(100).catch(0),
  code: z.string().max(100).optional().catch(undefined),
  g: z.record(z.string(), z.record(z.string(), z.enum(GRADES).optional().catch(undefined)).catch({})).optional().catch(undefined),
  c: z.record(z.string(), z.string().max(2000).optional().catch(undefined)).optional().catch(undefined),
});

/** What a screen rates: its subjects (in screen order) and, for a cadre appraisal, how many criteria each has. */
export type RateScreens = { subjectIds: readonly string[]; criteria: number };
export type SubjectGrades = { overall?: Grade; criteria: (Grade | undefined)[]; comment?: string };
export type RateForm = {
  intent: z.output<typeof rateFormSchema>['intent'];
  step: number;
  code: string;
  grades: Record<string, SubjectGrades>;
};

/** A submitted screen, read with its schema: grades only for this plan's subjects and criteria. */
export function rateFormOf(form: FormData, screens: RateScreens): RateForm {
  const submission = parseWithZod(form, { schema: rateFormSchema });
  const v = submission.status === 'success' ? submission.value : { intent: undefined, step: 0, code: undefined, g: undefined, c: undefined };
  const grades: Record<string, SubjectGrades> = {};
  for (const id of screens.subjectIds) {
    const g = v.g?.[id];
    const comment = v.c?.[id]?.trim();
    grades[id] = { overall: g?.o, criteria: Array.from({ length: screens.criteria }, (_, i) => g?.[String(i)]), ...(comment ? { comment } : {}) };
  }
  return { intent: v.intent, step: Math.min(v.step, screens.subjectIds.length), code: v.code ?? '', grades };
}

/** Whether a subject's screen is filled in: its overall grade and every criterion. */
export const subjectComplete = (g: SubjectGrades | undefined): boolean => !!g?.overall && g.criteria.every((c) => !!c);

/** The grades as the fields the next screen carries (all but `except`'s, whose screen shows them as its own inputs). */
export function carriedFields(grades: Record<string, SubjectGrades>, except?: string): [string, string][] {
  const out: [string, string][] = [];
  for (const [id, g] of Object.entries(grades)) {
    if (id === except) continue;
    g.criteria.forEach((c, i) => c && out.push([gradeField(id, i), c]));
    if (g.overall) out.push([gradeField(id, 'o'), g.overall]);
    if (g.comment) out.push([commentField(id), g.comment]);
  }
  return out;
}

/** The cadre appraisal's ballot, and whether every subject's screen was filled in. */
export function cadreBallotOf(form: RateForm, screens: RateScreens): { ballot: AppraisalBallot; complete: boolean } {
  const subjects = screens.subjectIds.map((subjectId) => {
    const g = form.grades[subjectId];
    return { subjectId, overall: g?.overall ?? 'good', criteria: (g?.criteria ?? []).map((c) => c ?? 'good') };
  });
  return { ballot: { subjects }, complete: screens.subjectIds.every((id) => subjectComplete(form.grades[id])) };
}

/** A household's ratings: the units it graded (a unit left ungraded is not rated). */
export function serviceRatingsOf(form: RateForm, screens: RateScreens) {
  return screens.subjectIds.flatMap((subjectId) => {
    const g = form.grades[subjectId];
    return g?.overall ? [{ subjectId, grade: g.overall, ...(g.comment ? { comment: g.comment } : {}) }] : [];
  });
}
