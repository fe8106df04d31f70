/**
 * The meeting's commands as forms and as the meeting workflow's Updates receive them (issue 12). Every
 * field is bounded; errors are i18n keys (`form.*`, `meeting.errors.*`). Date-times are strings in the
 * form and epoch milliseconds in the command (converted by app/meetings.server.ts).
 */
import { z } from 'zod';
import '../zodErrors';
import { RESIDENTS_MEETING_MODES } from '../motion/meetings';
import {
  LIMITS,
  NOTICE_CHANNELS,
  countSchema,
  dateTimeSchema,
  epochMsSchema,
  idSchema,
  idempotencyKeySchema,
} from '../motion/schemas';
import { COUNTED_BODIES, MAX_AGENDA_ITEMS } from './agenda';

const form = <T extends z.ZodRawShape>(shape: T) => z.object(shape, { error: 'form.invalid' });
const requiredText = (max: number) =>
  z.string({ error: 'form.required' }).trim().min(1, { error: 'form.required' }).max(max, { error: 'form.tooLong' });
const optionalText = (max: number) => z.string({ error: 'form.invalid' }).trim().max(max, { error: 'form.tooLong' }).optional();
const idList = z.array(idSchema, { error: 'form.invalid' }).max(LIMITS.listItems, { error: 'form.tooMany' }).default([]);

const conveneShape = {
  /** The joint meeting votes by name (its motion's own page records it); counted bodies meet with an agenda here. */
  body: z.enum(COUNTED_BODIES, { error: 'form.invalidChoice' }),
  title: requiredText(LIMITS.title),
  mode: z.enum(RESIDENTS_MEETING_MODES, { error: 'form.invalidChoice' }).optional(),
  location: requiredText(LIMITS.shortText),
  channels: z
    .array(z.enum(NOTICE_CHANNELS, { error: 'form.invalidChoice' }), { error: 'form.required' })
    .min(1, { error: 'form.required' })
    .max(NOTICE_CHANNELS.length, { error: 'form.tooMany' }),
  materialsRef: optionalText(LIMITS.ref),
  chairId: idSchema,
  minuteTakerId: idSchema.optional(),
};

function conveneRules(v: { body: string; mode?: string | undefined; materialsRef?: string | undefined }, ctx: z.RefinementCtx) {
  if (v.body === 'residents_meeting' && !v.mode) ctx.addIssue({ code: 'custom', message: 'motion.errors.modeRequired', path: ['mode'] });
  if (v.body === 'party_members_meeting' && !v.materialsRef) {
    ctx.addIssue({ code: 'custom', message: 'motion.errors.materialsRequired', path: ['materialsRef'] });
  }
}

/** The convene form: body, title, when, where, chair, notice channels. */
export const meetingConveneFormSchema = form({ idempotencyKey: idempotencyKeySchema, ...conveneShape, opensAt: dateTimeSchema }).superRefine(
  conveneRules,
);
export type MeetingConveneForm = z.infer<typeof meetingConveneFormSchema>;

/** The convene command: `opensAt`, and a paper notice's earlier `noticeAt`, in epoch ms. */
export const meetingConveneSchema = form({ ...conveneShape, opensAt: epochMsSchema, noticeAt: epochMsSchema.optional() }).superRefine(
  conveneRules,
);
export type MeetingConvene = z.infer<typeof meetingConveneSchema>;

/** Put one motion on the agenda (the motion's own convene rules decide whether it may). */
export const addAgendaItemSchema = form({ idempotencyKey: idempotencyKeySchema, motionId: idSchema });
export type AddAgendaItem = z.infer<typeof addAgendaItemSchema>;

/**
 * Attendance, taken once for the whole agenda: names (a named roster), or a paper sign-in sheet's
 * numbers only — present of entitled (a residents' meeting always counts so). Proxies are refused:
 * none count in these bodies (§3.3, fixed); the field exists so a sheet that lists some is told why.
 */
export const attendanceEntrySchema = form({
  idempotencyKey: idempotencyKeySchema,
  // No default: an absent list means numbers only (an empty list is "nobody present").
  presentIds: z.array(idSchema, { error: 'form.invalid' }).max(LIMITS.listItems, { error: 'form.tooMany' }).optional(),
  present: countSchema.optional(),
  electorate: countSchema.optional(),
  proxies: countSchema.optional(),
  /** The signed sign-in sheet's scan. */
  scanRef: requiredText(LIMITS.ref),
})
  .superRefine((v, ctx) => {
    const named = v.presentIds !== undefined;
    const counted = v.present !== undefined && v.electorate !== undefined;
    if (named === counted) ctx.addIssue({ code: 'custom', message: 'form.invalid', path: ['presentIds'] });
    if (v.proxies !== undefined && v.proxies > 0) ctx.addIssue({ code: 'custom', message: 'meeting.errors.noProxies', path: ['proxies'] });
    if (counted && v.present! > v.electorate!) ctx.addIssue({ code: 'custom', message: 'meeting.errors.presentOverEntitled', path: ['present'] });
  })
  .transform(({ proxies: _p, ...v }) => v);
export type AttendanceEntry = z.infer<typeof attendanceEntrySchema>;

/** One item's show of hands (or sheet totals), and who stood aside on it. */
export const itemCountSchema = form({
  idempotencyKey: idempotencyKeySchema,
  motionId: idSchema,
  yes: countSchema,
  no: countSchema,
  abstain: countSchema,
  recusedIds: idList,
  scanRef: requiredText(LIMITS.ref),
});
export type ItemCountEntry = z.infer<typeof itemCountSchema>;

/** Notes of the discussion of one item, in the speakers' words. */
export const itemNotesSchema = form({ idempotencyKey: idempotencyKeySchema, motionId: idSchema, notes: requiredText(LIMITS.longText) });

export { MAX_AGENDA_ITEMS };

const tallySchema = form({ expected: countSchema, present: countSchema, yes: countSchema, no: countSchema, abstain: countSchema });

/**
 * What a meeting sends an agenda motion once the item's attendance and counts are confirmed: the
 * numbers, who typed them and who confirmed them. The motion re-checks all of it (workflows/motion/handlers/agenda.ts).
 */
export const agendaOutcomeSchema = form({
  meetingId: idSchema,
  motionMeetingId: idSchema,
  heldOn: z.string({ error: 'form.invalidDate' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'form.invalidDate' }),
  tally: tallySchema,
  recusedIds: idList,
  enteredBy: idSchema,
  confirmedBy: idSchema,
  scanRef: requiredText(LIMITS.ref),
  notes: optionalText(LIMITS.longText),
});
export type AgendaOutcome = z.infer<typeof agendaOutcomeSchema>;
