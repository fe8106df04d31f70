/**
 * The forms of one appraisal's page (DOMAIN.md §9.2–9.3), one schema each, read by conform in the
 * browser and by the page's action alike: the cadre appraisal's steps (reports, the meeting's
 * questions, paper forms and their totals, cancelling) and the service survey's (codes, comments,
 * a unit's reply). A step that is only a button posts its intent alone. The workflow checks every
 * command again (schemas.ts, with the same limits).
 */
import { z } from 'zod';
import '../zodErrors';
import { MAX_RATERS, MAX_SUBJECTS, QA_MAX_CHARS, REPLY_MAX_CHARS, REPORT_MAX_CHARS } from './schemas';

const form = <T extends z.ZodRawShape>(shape: T) => z.object(shape, { error: 'form.invalid' });
const id = z.string({ error: 'form.required' }).trim().min(1, { error: 'form.required' }).max(64, { error: 'form.tooLong' });
const text = (max: number) => z.string({ error: 'form.required' }).trim().min(1, { error: 'form.required' }).max(max, { error: 'form.tooLong' });
const count = z.number({ error: 'form.notANumber' }).int({ error: 'form.notAWholeNumber' }).min(0, { error: 'form.negative' }).max(100_000, { error: 'form.tooLarge' });
/** conform turns typed numbers into numbers, but not inside a record (a field per subject): here by hand. */
const typedCount = z.preprocess((v) => (typeof v === 'string' && /^\s*-?\d{1,9}\s*$/.test(v) ? Number(v) : v), count);
const button = <I extends string>(intent: I) => form({ intent: z.literal(intent) });

export const reportFormSchema = form({ intent: z.literal('submitReport'), subjectId: id, text: text(REPORT_MAX_CHARS) });
export const questionFormSchema = form({ intent: z.literal('recordQuestion'), subjectId: id, question: text(QA_MAX_CHARS), answer: text(QA_MAX_CHARS) });
export const paperFormsFormSchema = form({
  intent: z.literal('issuePaperForms'),
  /** Ticked names; none ticked posts nothing. */
  raterIds: z
    .array(id, { error: 'form.invalid' })
    .default([])
    .refine((xs) => xs.length > 0, { error: 'appraisal.errors.ratersEmpty' })
    .refine((xs) => xs.length <= MAX_RATERS, { error: 'form.tooMany' }),
});
/** The paper forms counted at the meeting: returned, void, and per subject `p.<id>.good|fair|poor`. */
export const paperTotalsFormSchema = form({
  intent: z.literal('recordPaperTotals'),
  returned: count,
  void: count,
  p: z
    .record(id, z.object({ good: typedCount, fair: typedCount, poor: typedCount }), { error: 'form.invalid' })
    .refine((r) => Object.keys(r).length <= MAX_SUBJECTS, { error: 'form.tooMany' }),
});
export const cancelFormSchema = form({ intent: z.literal('cancel'), reason: text(500) });

export const codesFormSchema = form({
  intent: z.literal('issueCodes'),
  count: z.number({ error: 'form.notANumber' }).int({ error: 'form.notAWholeNumber' }).min(1, { error: 'form.outOfRange' }).max(500, { error: 'form.outOfRange' }),
});
export const moderateFormSchema = form({ intent: z.enum(['approve', 'reject'], { error: 'form.invalid' }), commentId: id });
export const unitReplyFormSchema = form({ intent: z.literal('recordReply'), subjectId: id, text: text(REPLY_MAX_CHARS) });

export const cadrePageFormSchema = z.discriminatedUnion(
  'intent',
  [
    reportFormSchema,
    button('deliverReports'),
    button('openMeeting'),
    questionFormSchema,
    button('openRating'),
    paperFormsFormSchema,
    paperTotalsFormSchema,
    button('confirmPaperTotals'),
    button('closeRating'),
    button('tally'),
    button('publish'),
    cancelFormSchema,
  ],
  { error: 'form.invalid' },
);
export type CadrePageForm = z.infer<typeof cadrePageFormSchema>;

export const servicePageFormSchema = z.discriminatedUnion(
  'intent',
  [button('closeSurvey'), button('publishResults'), unitReplyFormSchema, codesFormSchema, moderateFormSchema],
  { error: 'form.invalid' },
);
export type ServicePageForm = z.infer<typeof servicePageFormSchema>;

/** Which form a reply is for: by intent, and per unit or comment where the form repeats. */
export function appraisalPageFormId(posted: { intent?: unknown; subjectId?: unknown; commentId?: unknown }): string {
  const intent = typeof posted.intent === 'string' ? posted.intent.slice(0, 32) : '';
  const row = intent === 'recordReply' ? posted.subjectId : intent === 'approve' || intent === 'reject' ? posted.commentId : undefined;
  const rowId = typeof row === 'string' ? row.slice(0, 64) : '';
  return intent === 'recordReply' ? `${intent}-${rowId}` : intent === 'approve' || intent === 'reject' ? `moderate-${rowId}` : intent;
}
