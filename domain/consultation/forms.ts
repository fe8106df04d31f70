/**
 * Form-level schemas of the consultation page (decision 015): what each next action's form posts —
 * array fields read by conform (`parties[i].name`, `positions[i].position`), a `datetime-local`
 * meeting time, an optional straw poll — turned by the schema itself into the command that
 * `consultationCommandFormSchema` (and the workflow's validator) checks. No route rewrites FormData.
 */
import { z } from 'zod';
import '../zodErrors';
import { parseShanghaiDateTime } from '../calendar';
import { PARTY_TYPES } from './vocabulary';
import {
  cancelSchema,
  draftOutcomeSchema,
  feedbackSchema,
  fixPartiesSchema,
  recordMeetingSchema,
  reviewOutcomeSchema,
  scheduleMeetingSchema,
} from './schemas';

/** A party left empty on the form does not take part; a name is still capped where it was typed. */
const partyRows = z
  .array(
    z.object({
      type: z.enum(PARTY_TYPES, { error: 'consultation.errors.unknownParty' }),
      name: z.string().trim().max(80, { error: 'consultation.errors.textTooLong' }).optional(),
    }),
    { error: 'consultation.errors.partiesRequired' },
  )
  .max(PARTY_TYPES.length, { error: 'consultation.errors.partiesRequired' })
  .default([])
  .transform((rows) => rows.flatMap((r) => (r.name ? [{ type: r.type, name: r.name }] : [])))
  .pipe(fixPartiesSchema.shape.parties);

/** One position per party at the meeting; a party that said nothing is left out. */
const positionRows = z
  .array(
    z.object({
      party: z.string().trim().max(80, { error: 'consultation.errors.textTooLong' }).optional(),
      position: z.string().trim().max(2000, { error: 'consultation.errors.textTooLong' }).optional(),
    }),
  )
  .max(PARTY_TYPES.length * 4, { error: 'form.tooMany' })
  .default([])
  .transform((rows) => rows.flatMap((r) => (r.party && r.position ? [{ party: r.party, position: r.position }] : [])))
  .pipe(recordMeetingSchema.shape.positions);

/** The meeting time as typed (`YYYY-MM-DDTHH:mm[:ss]`, Asia/Shanghai) → epoch ms. */
const meetingAt = z
  .string({ error: 'consultation.errors.meetingTimeRequired' })
  .max(25, { error: 'consultation.errors.meetingTimeRequired' })
  .transform((text, ctx) => {
    const ms = parseShanghaiDateTime(text);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: 'consultation.errors.meetingTimeRequired' });
      return z.NEVER;
    }
    return ms;
  });

/** Three empty boxes mean no straw poll (it is optional and never binding). */
const strawPoll = z.preprocess((v) => {
  if (!v || typeof v !== 'object') return v;
  return Object.values(v).every((x) => x === undefined || x === '') ? undefined : v;
}, recordMeetingSchema.shape.strawPoll);

const bare = <A extends string>(action: A) => z.object({ action: z.literal(action) });

/** The command one of the page's forms posts, in the page's shape; the output is the command. */
export const consultationActionFormSchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('fixParties'), parties: partyRows }),
    bare('publishTopic'),
    bare('openCollection'),
    bare('publishOutcome'),
    bare('startFeedback'),
    bare('close'),
    scheduleMeetingSchema.extend({ action: z.literal('scheduleMeeting'), meetingAt }),
    recordMeetingSchema.extend({ action: z.literal('recordMeeting'), positions: positionRows, strawPoll }),
    draftOutcomeSchema.extend({ action: z.literal('draftOutcome') }),
    z.object({ action: z.literal('reviewOutcome'), verdict: reviewOutcomeSchema.shape.verdict, note: reviewOutcomeSchema.shape.note }),
    feedbackSchema.extend({ action: z.literal('reportFeedback') }),
    cancelSchema.extend({ action: z.literal('cancel') }),
  ],
  { error: 'consultation.ui.errors.badForm' },
);
export type ConsultationActionForm = z.input<typeof consultationActionFormSchema>;

// ─── The catalogue page's own forms (c.$communityId.catalogue._index) ────────────────────────────

/** The draft's change note (版本说明); empty is allowed until it is submitted. */
export const catalogueNoteSchema = z.object({
  changeNote: z.string().trim().max(2000, { error: 'consultation.errors.textTooLong' }).default(''),
});

/** The item removed from the draft, by its code. */
export const catalogueRemoveSchema = z.object({
  code: z.string({ error: 'consultation.ui.errors.itemNotFound' }).trim().min(1, { error: 'consultation.ui.errors.itemNotFound' }).max(40, { error: 'consultation.ui.errors.itemNotFound' }),
});

/** The secretary returns a submitted draft: the reason is required. */
export const catalogueReturnSchema = z.object({
  note: z.string({ error: 'consultation.errors.reasonRequired' }).trim().min(1, { error: 'consultation.errors.reasonRequired' }).max(2000, { error: 'consultation.errors.textTooLong' }),
});

/** An import replaces the draft's items or adds to them; the file itself is read by `readForm`. */
export const catalogueImportSchema = z.object({
  mode: z.enum(['replace', 'append'], { error: 'form.invalidChoice' }).default('replace'),
});
