/**
 * The zod schema of every motion command as the workflow's Update receives it (`Command<I>`: the
 * form's idempotency key, the actor the web's guard found, and the input). Where the input is the
 * parsed form without its key, the schema *is* the form's schema (schemas.ts), so the route, the
 * form and the Update validator check the same rules and limits.
 */
import { z } from 'zod';
import '../zodErrors';
import { ROLES } from '../roles';
import { COMMITTEE_OFFICES } from './permissions';
import {
  LIMITS,
  acceptObjectionReplySchema,
  approveDisclosureSchema,
  publishUnreviewedSchema,
  requestDisclosureCorrectionSchema,
  resubmitDisclosureSchema,
  checkInSchema,
  confirmPaperTallySchema,
  contestResolutionSchema,
  conveneCommandSchema,
  draftMotionSchema,
  finalReportSchema,
  handVotesSchema,
  idSchema,
  idempotencyKeySchema,
  jointMeetingSchema,
  objectionReplySchema,
  objectionRulingSchema,
  objectionSchema,
  partyCommitteeDecisionSchema,
  partyMeetingSchema,
  physicalAttendanceSchema,
  progressEntrySchema,
  residentsMeetingSchema,
  resumeImplementationSchema,
  withdrawSchema,
} from './schemas';
import { VOTE_CHOICES } from './meetings';
import { agendaOutcomeSchema } from '../meeting/schemas';

export const actorSchema = z.object(
  {
    userId: z.string({ error: 'form.invalid' }).min(1, { error: 'form.invalid' }).max(LIMITS.id, { error: 'form.invalid' }),
    /** Roles held in the motion's community today (from the web's requireRole). */
    roles: z.array(z.enum(ROLES, { error: 'form.invalid' }), { error: 'form.invalid' }).max(ROLES.length),
    committeeOffice: z.enum(COMMITTEE_OFFICES, { error: 'form.invalid' }).optional(),
  },
  { error: 'form.invalid' },
);

const envelope = <I extends z.ZodType>(input: I) =>
  z.object({ idempotencyKey: idempotencyKeySchema, actor: actorSchema, input }, { error: 'form.invalid' });

/** A command whose input is the form without its key: the form's own schema checks it. */
const formCommand = (formSchema: z.ZodType) =>
  envelope(z.record(z.string(), z.unknown(), { error: 'form.invalid' }))
    .transform((c): unknown => ({ ...c.input, idempotencyKey: c.idempotencyKey }))
    .pipe(formSchema);

const reasonText = z
  .string({ error: 'form.required' })
  .trim()
  .min(1, { error: 'form.required' })
  .max(LIMITS.text, { error: 'form.tooLong' });

export const motionCommandSchemas = {
  editDraft: formCommand(draftMotionSchema),
  recordPartyCommitteeDecision: formCommand(partyCommitteeDecisionSchema),
  conveneMeeting: envelope(conveneCommandSchema),
  recordJointMeeting: formCommand(jointMeetingSchema),
  recordPartyMeeting: formCommand(partyMeetingSchema),
  recordResidentsMeeting: formCommand(residentsMeetingSchema),
  recordHandVotes: formCommand(handVotesSchema),
  recordAttendance: formCommand(physicalAttendanceSchema),
  confirmPaperAttendance: formCommand(confirmPaperTallySchema),
  checkIn: formCommand(checkInSchema),
  /** The ballot without the form's "confirmed" box (the web requires it before sending). */
  castVote: envelope(z.object({ questionId: idSchema, choice: z.enum(VOTE_CHOICES, { error: 'form.invalidChoice' }) })),
  raiseObjection: formCommand(objectionSchema),
  replyToObjection: formCommand(objectionReplySchema),
  acceptObjectionReply: formCommand(acceptObjectionReplySchema),
  ruleOnObjection: formCommand(objectionRulingSchema),
  recordProgress: formCommand(progressEntrySchema),
  reportCompletion: formCommand(finalReportSchema),
  contestResolution: formCommand(contestResolutionSchema),
  resumeImplementation: formCommand(resumeImplementationSchema),
  withdraw: formCommand(withdrawSchema),
  openConsultation: envelope(z.object({ consultationId: idSchema })),
  /** From a meeting workflow (decision 043): an agenda item's confirmed numbers. */
  recordAgendaOutcome: envelope(agendaOutcomeSchema),
  approveDisclosure: formCommand(approveDisclosureSchema),
  requestDisclosureCorrection: formCommand(requestDisclosureCorrectionSchema),
  resubmitDisclosure: formCommand(resubmitDisclosureSchema),
  publishUnreviewed: formCommand(publishUnreviewedSchema),
  correctDisclosure: envelope(z.object({ reason: reasonText, substantive: z.boolean({ error: 'form.invalid' }) })),
} as const;

export type MotionCommandName = keyof typeof motionCommandSchemas;
