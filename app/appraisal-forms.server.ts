/**
 * Plain-form fields of the rating screens and the plan page → the appraisal's command inputs (the
 * zod schemas of domain/appraisal check them next, with their size limits). Field names are the
 * pages' (no JavaScript needed). The plan forms are conform's (domain/appraisal/page-forms.ts).
 */
import { GRADES, type AppraisalBallot, type Grade, type PaperTotals } from '../domain/appraisal';
import type { AppraisalWebCommand, ServiceWebCommand } from '../workflows/appraisal/api';

const str = (f: FormData, k: string) => {
  const v = f.get(k);
  return typeof v === 'string' ? v : '';
};
const int = (f: FormData, k: string) => {
  const v = str(f, k).trim();
  return /^\d{1,6}$/.test(v) ? Number(v) : Number.NaN;
};
const ids = (f: FormData, k: string) => f.getAll(k).filter((v): v is string => typeof v === 'string').slice(0, 600);
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

export function paperTotalsFrom(f: FormData, subjectIds: readonly string[]): PaperTotals {
  return {
    returned: int(f, 'returned'), void: int(f, 'void'),
    subjects: subjectIds.map((subjectId) => ({ subjectId, overall: { good: int(f, `p.${subjectId}.good`), fair: int(f, `p.${subjectId}.fair`), poor: int(f, `p.${subjectId}.poor`) }, criteria: [] })),
  };
}

/** The command an intent button on the plan page stands for. */
export function cadreCommandFrom(f: FormData, subjectIds: readonly string[]): AppraisalWebCommand | undefined {
  switch (str(f, 'intent')) {
    case 'submitReport': return { action: 'submitReport', subjectId: str(f, 'subjectId'), text: str(f, 'text') };
    case 'deliverReports': return { action: 'deliverReports' };
    case 'openMeeting': return { action: 'openMeeting' };
    case 'recordQuestion': return { action: 'recordQuestion', subjectId: str(f, 'subjectId'), question: str(f, 'question'), answer: str(f, 'answer') };
    case 'openRating': return { action: 'openRating' };
    case 'issuePaperForms': return { action: 'issuePaperForms', raterIds: ids(f, 'raterIds') };
    case 'recordPaperTotals': return { action: 'recordPaperTotals', totals: paperTotalsFrom(f, subjectIds) };
    case 'confirmPaperTotals': return { action: 'confirmPaperTotals' };
    case 'closeRating': return { action: 'closeRating' };
    case 'tally': return { action: 'tally' };
    case 'publish': return { action: 'publish' };
    case 'cancel': return { action: 'cancel', reason: str(f, 'reason') };
    default: return undefined;
  }
}

export function serviceCommandFrom(f: FormData): ServiceWebCommand | undefined {
  switch (str(f, 'intent')) {
    case 'closeSurvey': return { action: 'closeSurvey' };
    case 'publishResults': return { action: 'publishResults' };
    case 'recordReply': return { action: 'recordReply', subjectId: str(f, 'subjectId'), text: str(f, 'text') };
    default: return undefined;
  }
}
