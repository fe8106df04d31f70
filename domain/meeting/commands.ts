/**
 * The meeting workflow's Update arguments (`{ idempotencyKey, actor, input }`, as motions take them):
 * the form's schema checks the input, so the route, the form and the validator share their limits.
 */
import { z } from 'zod';
import '../zodErrors';
import { actorSchema } from '../motion/commands';
import { epochMsSchema, idSchema, idempotencyKeySchema } from '../motion/schemas';
import { attendanceEntrySchema, itemCountSchema, itemNotesSchema } from './schemas';

const envelope = <I extends z.ZodType>(input: I) =>
  z.object({ idempotencyKey: idempotencyKeySchema, actor: actorSchema, input }, { error: 'form.invalid' });
const formCommand = (formSchema: z.ZodType) =>
  envelope(z.record(z.string(), z.unknown(), { error: 'form.invalid' }))
    .transform((c): unknown => ({ ...c.input, idempotencyKey: c.idempotencyKey }))
    .pipe(formSchema);

export const meetingCommandSchemas = {
  /** `noticeAt`: when a paper notice listing this item was posted, if before now. */
  addAgendaItem: envelope(z.object({ motionId: idSchema, noticeAt: epochMsSchema.optional() }, { error: 'form.invalid' })),
  enterAttendance: formCommand(attendanceEntrySchema),
  enterItemCount: formCommand(itemCountSchema),
  recordItemNotes: formCommand(itemNotesSchema),
} as const;
export type MeetingCommandName = keyof typeof meetingCommandSchemas;
