/**
 * zod schemas for the consultation catalogue and the consultation commands. One schema per form,
 * used by the browser, the route action and the workflow validator. Every message is an i18n key
 * (see `messages.ts`), never prose.
 */
import { z } from 'zod';
import '../zodErrors';
import { CATEGORIES, FORMS, PARTY_TYPES, SCOPES } from './vocabulary';

/** Minimum period for collecting opinions 征求意见 (DOMAIN.md §5.2 step 4); also the default. */
export const MIN_COMMENT_DAYS = 7;
/** Upper bound of an item's comment period (PLATFORM): a longer one stalls linked motions. */
export const MAX_COMMENT_DAYS = 60;

export const CODE_PATTERN = /^[A-Z]{2,5}-\d{2,3}$/;

const dedupe = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

export const catalogueCodeSchema = z
  .string({ error: 'consultation.errors.codeRequired' })
  .trim()
  .toUpperCase()
  .regex(CODE_PATTERN, { error: 'consultation.errors.codePattern' });

export const catalogueTitleSchema = z
  .string({ error: 'consultation.errors.titleRequired' })
  .trim()
  .min(1, { error: 'consultation.errors.titleRequired' })
  .max(80, { error: 'consultation.errors.titleTooLong' });

export const triggersSchema = z
  .object({
    /** Consultation is required when the linked motion's budget is at least this many yuan. */
    budgetAtLeastCny: z
      .number({ error: 'consultation.errors.triggerBudgetInvalid' })
      .int({ error: 'consultation.errors.triggerBudgetInvalid' })
      .positive({ error: 'consultation.errors.triggerBudgetInvalid' })
      .optional(),
    /** Consultation is required when more than this many households are affected. */
    householdsAffectedOver: z
      .number({ error: 'consultation.errors.triggerHouseholdsInvalid' })
      .int({ error: 'consultation.errors.triggerHouseholdsInvalid' })
      .nonnegative({ error: 'consultation.errors.triggerHouseholdsInvalid' })
      .optional(),
  })
  .default({});

/** A catalogue item 协商事项 (DOMAIN.md §5.1). */
export const catalogueItemSchema = z.object({
  code: catalogueCodeSchema,
  title: catalogueTitleSchema,
  category: z.enum(CATEGORIES, { error: 'consultation.errors.unknownCategory' }),
  scope: z.enum(SCOPES, { error: 'consultation.errors.unknownScope' }).default('community'),
  parties: z
    .array(z.enum(PARTY_TYPES, { error: 'consultation.errors.unknownParty' }), {
      error: 'consultation.errors.partiesRequired',
    })
    .min(1, { error: 'consultation.errors.partiesRequired' })
    .transform(dedupe),
  forms: z
    .array(z.enum(FORMS, { error: 'consultation.errors.unknownForm' }), {
      error: 'consultation.errors.formsRequired',
    })
    .min(1, { error: 'consultation.errors.formsRequired' })
    .transform(dedupe),
  mandatory: z.boolean({ error: 'consultation.errors.badBoolean' }).default(false),
  requiresFourDeliberations: z.boolean({ error: 'consultation.errors.badBoolean' }).default(false),
  triggers: triggersSchema,
  minCommentDays: z
    .number({ error: 'consultation.errors.minCommentDaysInvalid' })
    .int({ error: 'consultation.errors.minCommentDaysInvalid' })
    .min(MIN_COMMENT_DAYS, { error: 'consultation.errors.minCommentDaysTooShort' })
    .max(MAX_COMMENT_DAYS, { error: 'consultation.errors.minCommentDaysTooLong' })
    .default(MIN_COMMENT_DAYS),
  sourceRef: z
    .string({ error: 'consultation.errors.sourceRefInvalid' })
    .trim()
    .max(200, { error: 'consultation.errors.sourceRefInvalid' })
    .optional()
    .transform((s) => (s ? s : undefined)),
});

export type CatalogueItem = z.output<typeof catalogueItemSchema>;
export type CatalogueItemInput = z.input<typeof catalogueItemSchema>;
export type Triggers = CatalogueItem['triggers'];

/** Settings of the consultation periods, in days (DOMAIN.md §5.2). */
export const consultationPeriodsSchema = z.object({
  /** Topic published ≥ N days before the meeting (PLATFORM 5, may only be longer). */
  topicNoticeDays: z
    .number()
    .int()
    .min(5, { error: 'consultation.errors.periodTooShort' })
    .max(30, { error: 'consultation.errors.periodTooLong' })
    .default(5),
  /** Opinions collected ≥ N days; an item's own `minCommentDays` can only lengthen it. */
  commentDays: z
    .number()
    .int()
    .min(MIN_COMMENT_DAYS, { error: 'consultation.errors.periodTooShort' })
    .max(MAX_COMMENT_DAYS, { error: 'consultation.errors.periodTooLong' })
    .default(MIN_COMMENT_DAYS),
  /** Outcome written ≤ N days after the meeting (may only be shorter). */
  outcomeDueDays: z
    .number()
    .int()
    .min(1, { error: 'consultation.errors.periodTooShort' })
    .max(7, { error: 'consultation.errors.periodTooLong' })
    .default(7),
  /** Outcome published for ≥ N days. */
  outcomeVisibleDays: z
    .number()
    .int()
    .min(7, { error: 'consultation.errors.periodTooShort' })
    .max(60, { error: 'consultation.errors.periodTooLong' })
    .default(7),
  /** Days the supervisors have to review the outcome before it may go out unreviewed (§3.7 item 3). */
  supervisorReviewDays: z
    .number()
    .int()
    .min(2, { error: 'consultation.errors.periodTooShort' })
    .max(10, { error: 'consultation.errors.periodTooLong' })
    .default(2),
  /** Implementation feedback to the parties at least every N days ("at least quarterly"). */
  feedbackIntervalDays: z
    .number()
    .int()
    .min(7, { error: 'consultation.errors.periodTooShort' })
    .max(90, { error: 'consultation.errors.periodTooLong' })
    .default(90),
});
export type ConsultationPeriods = z.output<typeof consultationPeriodsSchema>;

const text = (max: number, required: string, tooLong: string) =>
  z.string({ error: required }).trim().min(1, { error: required }).max(max, { error: tooLong });

/** 提出议题 */
export const proposeTopicSchema = z.object({
  title: text(80, 'consultation.errors.titleRequired', 'consultation.errors.titleTooLong'),
  description: text(4000, 'consultation.errors.textRequired', 'consultation.errors.textTooLong'),
  origin: z
    .enum(['party_organization', 'committee', 'petition'], {
      error: 'consultation.errors.unknownOrigin',
    })
    .default('committee'),
});
export type ProposeTopic = z.output<typeof proposeTopicSchema>;
/** The page's form: a topic, the new consultation's id, and what it was started from (a catalogue item or a motion). */
export const proposeTopicFormSchema = proposeTopicSchema.extend({
  consultationId: z.string().uuid({ error: 'consultation.ui.errors.badForm' }),
  catalogueItemId: z.string().optional(),
  motionId: z.string().optional(),
});

/** 确定协商主体: each party by type and name. */
export const fixPartiesSchema = z.object({
  parties: z
    .array(
      z.object({
        type: z.enum(PARTY_TYPES, { error: 'consultation.errors.unknownParty' }),
        name: text(80, 'consultation.errors.partyNameRequired', 'consultation.errors.textTooLong'),
      }),
      { error: 'consultation.errors.partiesRequired' },
    )
    .min(1, { error: 'consultation.errors.partiesRequired' }),
});
export type FixParties = z.output<typeof fixPartiesSchema>;

/** 征求意见: one opinion. */
export const opinionSchema = z.object({
  text: text(1000, 'consultation.errors.opinionRequired', 'consultation.errors.opinionTooLong'),
});

/** 答复意见 */
export const answerOpinionSchema = z.object({
  opinionId: z
    .string({ error: 'consultation.errors.opinionNotFound' })
    .min(1, { error: 'consultation.errors.opinionNotFound' })
    .max(64, { error: 'consultation.errors.opinionNotFound' }),
  text: text(2000, 'consultation.errors.answerRequired', 'consultation.errors.textTooLong'),
});

/** 安排协商会议: `meetingAt` in epoch milliseconds. */
export const scheduleMeetingSchema = z.object({
  meetingAt: z.number({ error: 'consultation.errors.meetingTimeRequired' }).int({
    error: 'consultation.errors.meetingTimeRequired',
  }),
  form: z.enum(FORMS, { error: 'consultation.errors.unknownForm' }),
  place: text(200, 'consultation.errors.placeRequired', 'consultation.errors.textTooLong'),
});

/** 组织协商: what was said, by party; the straw poll is optional and never binding. */
export const recordMeetingSchema = z.object({
  attendees: z
    .number({ error: 'consultation.errors.attendeesInvalid' })
    .int({ error: 'consultation.errors.attendeesInvalid' })
    .positive({ error: 'consultation.errors.attendeesInvalid' }),
  positions: z
    .array(
      z.object({
        party: text(80, 'consultation.errors.partyNameRequired', 'consultation.errors.textTooLong'),
        position: text(2000, 'consultation.errors.textRequired', 'consultation.errors.textTooLong'),
      }),
    )
    .min(1, { error: 'consultation.errors.positionsRequired' }),
  agreements: z.string().trim().max(4000, { error: 'consultation.errors.textTooLong' }).default(''),
  disagreements: z.string().trim().max(4000, { error: 'consultation.errors.textTooLong' }).default(''),
  strawPoll: z
    .object({
      yes: z.number().int().nonnegative({ error: 'consultation.errors.strawPollInvalid' }),
      no: z.number().int().nonnegative({ error: 'consultation.errors.strawPollInvalid' }),
      abstain: z.number().int().nonnegative({ error: 'consultation.errors.strawPollInvalid' }),
    })
    .optional(),
});

/** 形成协商意见 */
export const draftOutcomeSchema = z.object({
  text: text(8000, 'consultation.errors.outcomeRequired', 'consultation.errors.textTooLong'),
});

/** Supervisor's review of the outcome before publication. An objection states why. */
export const reviewOutcomeSchema = z
  .object({
    verdict: z.enum(['approved', 'objected'], { error: 'consultation.errors.unknownVerdict' }),
    note: z.string().trim().max(2000, { error: 'consultation.errors.textTooLong' }).default(''),
  })
  .refine((r) => r.verdict === 'approved' || r.note.length > 0, {
    error: 'consultation.errors.objectionNeedsNote',
    path: ['note'],
  });

/** 落实反馈 */
export const feedbackSchema = z.object({
  text: text(4000, 'consultation.errors.feedbackRequired', 'consultation.errors.textTooLong'),
  final: z.boolean({ error: 'consultation.errors.badBoolean' }).default(false),
});

export const cancelSchema = z.object({
  reason: text(2000, 'consultation.errors.reasonRequired', 'consultation.errors.textTooLong'),
});

const bare = <A extends string>(action: A) => z.object({ action: z.literal(action) });

/**
 * A consultation page's command as its form posts it, checked at the web's door with the same
 * schemas (and length caps) the workflow applies, so over-long or malformed text never reaches a
 * workflow's history. Keys of the first problem are the workflow's own.
 */
export const consultationCommandFormSchema = z.discriminatedUnion(
  'action',
  [
    fixPartiesSchema.extend({ action: z.literal('fixParties') }),
    bare('publishTopic'),
    bare('openCollection'),
    bare('publishOutcome'),
    bare('startFeedback'),
    bare('close'),
    scheduleMeetingSchema.extend({ action: z.literal('scheduleMeeting') }),
    recordMeetingSchema.extend({ action: z.literal('recordMeeting') }),
    draftOutcomeSchema.extend({ action: z.literal('draftOutcome') }),
    z.object({ action: z.literal('reviewOutcome'), verdict: reviewOutcomeSchema.shape.verdict, note: reviewOutcomeSchema.shape.note }),
    feedbackSchema.extend({ action: z.literal('reportFeedback') }),
    cancelSchema.extend({ action: z.literal('cancel') }),
  ],
  { error: 'consultation.ui.errors.badForm' },
);

/** One-time codes for residents without an account: how many to print. */
export const issueCodesFormSchema = z.object({
  count: z.coerce
    .number({ error: 'consultation.ui.errors.codeCount' })
    .int({ error: 'consultation.ui.errors.codeCount' })
    .min(1, { error: 'consultation.ui.errors.codeCount' })
    .max(200, { error: 'consultation.ui.errors.codeCount' }),
});

/** An opinion left with a one-time code (no account): the code as printed, then the opinion. */
export const codeOpinionFormSchema = opinionSchema.extend({
  opinionId: z.guid({ error: 'consultation.ui.errors.badForm' }),
  code: z.string({ error: 'consultation.ui.errors.codeInvalid' }).trim().min(1, { error: 'consultation.ui.errors.codeInvalid' }).max(20, { error: 'consultation.ui.errors.codeInvalid' }),
});

/** An opinion by a signed-in resident. */
export const opinionFormSchema = opinionSchema.extend({ opinionId: z.guid({ error: 'consultation.ui.errors.badForm' }) });

/** The committee's answer to an opinion. */
export const answerFormSchema = answerOpinionSchema.extend({ opinionId: z.guid({ error: 'consultation.errors.opinionNotFound' }) });
