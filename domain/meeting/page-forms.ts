/**
 * The five forms of a meeting's page (issue 12), one schema each, read by conform in the browser and
 * by the page's action alike: put a motion on the agenda, attendance by name or by a sheet's
 * numbers, one item's count, one item's notes. The action turns a parsed form into the meeting's
 * command (domain/meeting/schemas.ts), which the workflow checks again.
 */
import { z } from 'zod';
import '../zodErrors';
import { LIMITS, countSchema, idSchema, idempotencyKeySchema } from '../motion/schemas';

const form = <T extends z.ZodRawShape>(shape: T) => z.object(shape, { error: 'form.invalid' });
const requiredText = (max: number) =>
  z.string({ error: 'form.required' }).trim().min(1, { error: 'form.required' }).max(max, { error: 'form.tooLong' });
/** The form's idempotency key; a form posted without one (an old page) gets a new key. */
const key = idempotencyKeySchema.optional();
/**
 * Ticked names. A browser posts nothing for a list with no box ticked, so an absent list is an
 * empty one: "nobody present", "nobody stood aside".
 */
const ticked = z.array(idSchema, { error: 'form.invalid' }).max(LIMITS.listItems, { error: 'form.tooMany' }).default([]);
const scanRef = requiredText(LIMITS.ref);

export const agendaAddFormSchema = form({ intent: z.literal('add'), key, motionId: idSchema });

export const attendanceNamesFormSchema = form({ intent: z.literal('attendance'), key, presentIds: ticked, scanRef });

/**
 * A paper sheet's numbers: present of entitled, and proxies, which no meeting body allows (§3.3) —
 * the field exists so a sheet that lists some is told why.
 */
export const attendanceNumbersFormSchema = form({
  intent: z.literal('attendanceNumbers'),
  key,
  present: countSchema,
  electorate: countSchema,
  proxies: countSchema.default(0),
  scanRef,
}).superRefine((v, ctx) => {
  if (v.proxies > 0) ctx.addIssue({ code: 'custom', message: 'meeting.errors.noProxies', path: ['proxies'] });
  if (v.present > v.electorate) ctx.addIssue({ code: 'custom', message: 'meeting.errors.presentOverEntitled', path: ['present'] });
});

export const itemCountFormSchema = form({
  intent: z.literal('count'),
  key,
  motionId: idSchema,
  yes: countSchema,
  no: countSchema,
  abstain: countSchema,
  recusedIds: ticked,
  scanRef,
});

export const itemNotesFormSchema = form({ intent: z.literal('notes'), key, motionId: idSchema, notes: requiredText(LIMITS.longText) });

/** What the page's action reads: one of the five, by `intent`. */
export const meetingPageFormSchema = z.discriminatedUnion(
  'intent',
  [agendaAddFormSchema, attendanceNamesFormSchema, attendanceNumbersFormSchema, itemCountFormSchema, itemNotesFormSchema],
  { error: 'form.invalid' },
);
export type MeetingPageForm = z.infer<typeof meetingPageFormSchema>;

/**
 * Which form on the page a reply belongs to: the count and notes forms repeat once per agenda item.
 * Read from what was posted, so a refused post finds its form too.
 */
export function meetingFormId(posted: { intent?: unknown; motionId?: unknown }): string {
  const intent = typeof posted.intent === 'string' ? posted.intent.slice(0, 32) : '';
  const motion = typeof posted.motionId === 'string' ? posted.motionId.slice(0, LIMITS.id) : '';
  return intent === 'count' || intent === 'notes' ? `${intent}-${motion}` : intent;
}
