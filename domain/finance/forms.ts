/**
 * The 财务公开 page's forms (DOMAIN.md §6, §3.7.3), one schema each, read by conform in the browser
 * and by the page's action alike: import a quarter (its file is read and checked apart, by
 * app/forms.server.ts), and per account submit, review (approve, or return with a reason) and publish.
 */
import { z } from 'zod';
import '../zodErrors';
import { correctionSchema, openingSchema, quarterSchema } from './account';

const form = <T extends z.ZodRawShape>(shape: T) => z.object(shape, { error: 'form.invalid' });
/** An empty box is "not given": a browser posts "" for an input left blank. */
const blankIsAbsent = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const financeImportFormSchema = form({
  intent: z.literal('import'),
  ...quarterSchema.shape,
  /** As people type it: "12,000.50", "12 000". */
  opening: z.preprocess((v) => (typeof v === 'string' ? v.replace(/[,，\s]/g, '') : v), openingSchema),
  /** Needed only to correct a published quarter; the server says so when it is. */
  correctionReason: z.preprocess(blankIsAbsent, correctionSchema.optional()),
});

/** An account's id: a uuid, checked here so a forged one is a 400, never a database error. */
const idSchema = z.uuid({ error: 'form.invalid' });

/** Submit an account for review, or publish it: one button each. */
export const financeSubmitFormSchema = form({ intent: z.literal('submit'), id: idSchema });
export const financePublishFormSchema = form({ intent: z.literal('publish'), id: idSchema });

/** Approve (a note optional) or return (a reason required: the committee must know what to mend). */
export const financeReviewFormSchema = form({
  intent: z.literal('review'),
  id: idSchema,
  decision: z.enum(['approve', 'return'], { error: 'form.invalid' }),
  note: z.preprocess(blankIsAbsent, z.string().trim().max(500, { error: 'form.tooLong' }).optional()),
}).superRefine((v, ctx) => {
  if (v.decision === 'return' && !v.note) ctx.addIssue({ code: 'custom', message: 'finance.errors.returnReason', path: ['note'] });
});

export const financePageFormSchema = z.discriminatedUnion(
  'intent',
  [financeImportFormSchema, financeSubmitFormSchema, financeReviewFormSchema, financePublishFormSchema],
  { error: 'form.invalid' },
);
export type FinancePageForm = z.infer<typeof financePageFormSchema>;

/** Which form a reply belongs to: the import, or one account's submit, review or publish. */
export function financeFormId(posted: { intent?: unknown; id?: unknown }): string {
  const intent = typeof posted.intent === 'string' ? posted.intent.slice(0, 16) : '';
  const id = typeof posted.id === 'string' ? posted.id.slice(0, 64) : '';
  return intent === 'import' ? intent : `${intent}-${id}`;
}
