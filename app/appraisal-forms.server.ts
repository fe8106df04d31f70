/**
 * Plain-form fields of the rating screens → the appraisal's command inputs (the zod schemas of
 * domain/appraisal check them next, with their size limits). Field names are the pages' (no
 * JavaScript needed). The plan and plan-page forms are conform's (domain/appraisal/page-forms.ts,
 * plan-page-forms.ts).
 */
import { GRADES, type AppraisalBallot, type Grade } from '../domain/appraisal';

const str = (f: FormData, k: string) => {
  const v = f.get(k);
  return typeof v === 'string' ? v : '';
};
const grade = (v: FormDataEntryValue | null): Grade | undefined => GRADES.find((g) => g === v);

/** The cadre form carried through the screens in hidden fields `g.<subjectId>.<k>` (k = criterion index or `o`). */
export function ballotFrom(f: FormData, subjectIds: readonly string[], criteria: number): { ballot: AppraisalBallot; complete: boolean } {
  let complete = true;
  const subjects = subjectIds.map((subjectId) => {
    const overall = grade(f.get(`g.${subjectId}.o`));
    const cs = Array.from({ length: criteria }, (_, i) => grade(f.get(`g.${subjectId}.${i}`)));
    if (!overall || cs.some((c) => !c)) complete = false;
    return { subjectId, overall: overall ?? 'good', criteria: cs.map((c) => c ?? 'good') };
  });
  return { ballot: { subjects }, complete };
}

/** The grades chosen so far, to carry as hidden fields. */
export function carried(f: FormData): [string, string][] {
  const ok = (e: [string, FormDataEntryValue]): e is [string, string] =>
    typeof e[1] === 'string' &&
    ((/^g\.[0-9a-f-]{1,64}\.(o|\d{1,2})$/i.test(e[0]) && !!grade(e[1])) || (/^c\.[0-9a-f-]{1,64}$/i.test(e[0]) && e[1].trim() !== '' && e[1].length <= 300));
  return [...f.entries()].filter(ok).slice(0, 400);
}

export function serviceRatingsFrom(f: FormData, subjectIds: readonly string[]) {
  return subjectIds
    .map((subjectId) => ({ subjectId, grade: grade(f.get(`g.${subjectId}.o`)), comment: str(f, `c.${subjectId}`).trim() || undefined }))
    .filter((r) => r.grade);
}
