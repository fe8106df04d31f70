/**
 * One zod schema per motion command (DOMAIN.md §3.2), used by the form (with Conform), the route
 * action and the workflow's Update validator alike. Every error is an i18n key, never prose.
 *
 * Conventions: dates are `YYYY-MM-DD` and date-times `YYYY-MM-DDTHH:mm` strings read in
 * Asia/Shanghai (see calendar.ts `parseShanghaiDate`); money is CNY with at most two decimals (the
 * domain converts to integer fen with `yuanToFen`); every form carries an `idempotencyKey` generated
 * when the form is rendered, so a double submission is recognized.
 */
import { z } from 'zod';
import '../zodErrors';
import { parseShanghaiDate, parseShanghaiDateTime } from '../calendar';
import { MAJOR_REASONS, MOTION_CATEGORIES, MOTION_SCOPES, hasAtMostTwoDecimals, reservedMatter } from './matters';
import { RESIDENTS_MEETING_MODES, VOTE_CHOICES } from './meetings';

/** Maximum lengths, for the UI's "最多 N 字" hints. */
export const LIMITS = {
  title: 60,
  shortText: 200,
  text: 2_000,
  longText: 10_000,
  ref: 100,
  id: 64,
  listItems: 500,
  maxYuan: 100_000_000,
  maxCount: 1_000_000,
} as const;

/** An object schema whose own type error is a key too (the default would be English prose). */
const form = <T extends z.ZodRawShape>(shape: T) => z.object(shape, { error: 'form.invalid' });

const requiredText = (max: number) =>
  z.string({ error: 'form.required' }).trim().min(1, { error: 'form.required' }).max(max, { error: 'form.tooLong' });

const optionalText = (max: number) =>
  z.string({ error: 'form.invalid' }).trim().max(max, { error: 'form.tooLong' }).optional();

export const idSchema = requiredText(LIMITS.id);

/** Generated when the form is rendered; the same key twice means the same submission. */
export const idempotencyKeySchema = z
  .string({ error: 'form.required' })
  .regex(/^[A-Za-z0-9_-]{8,128}$/, { error: 'form.invalid' });

export const yuanSchema = z
  .number({ error: 'form.notANumber' })
  .min(0, { error: 'form.negative' })
  .max(LIMITS.maxYuan, { error: 'form.tooLarge' })
  .refine(hasAtMostTwoDecimals, { error: 'form.tooManyDecimals' });

export const countSchema = z
  .number({ error: 'form.notANumber' })
  .int({ error: 'form.notAWholeNumber' })
  .min(0, { error: 'form.negative' })
  .max(LIMITS.maxCount, { error: 'form.tooLarge' });

export const dateSchema = z
  .string({ error: 'form.required' })
  .refine((s) => parseShanghaiDate(s) !== null, { error: 'form.invalidDate' });

export const dateTimeSchema = z
  .string({ error: 'form.required' })
  .refine((s) => parseShanghaiDateTime(s) !== null, { error: 'form.invalidDate' });

const checkbox = z.boolean({ error: 'form.invalid' }).default(false);

const idList = z
  .array(idSchema, { error: 'form.invalid' })
  .max(LIMITS.listItems, { error: 'form.tooMany' })
  .default([]);

const choiceSchema = z.enum(VOTE_CHOICES, { error: 'form.invalidChoice' });

const namedVotes = z
  .array(form({ personId: idSchema, choice: choiceSchema }), { error: 'form.invalid' })
  .max(LIMITS.listItems, { error: 'form.tooMany' })
  .default([]);

function noDuplicateVoters(
  v: { votes: readonly { personId: string }[]; recusedIds?: readonly string[] },
  ctx: z.RefinementCtx,
) {
  const seen = new Set<string>();
  v.votes.forEach((x, i) => {
    if (seen.has(x.personId))
      ctx.addIssue({ code: 'custom', message: 'motion.errors.duplicateVoter', path: ['votes', i, 'personId'] });
    seen.add(x.personId);
    if (v.recusedIds?.includes(x.personId)) {
      ctx.addIssue({ code: 'custom', message: 'motion.errors.recusedCannotVote', path: ['votes', i, 'personId'] });
    }
  });
}

// ─── 提议 Proposal ──────────────────────────────────────────────────────────────────────────────

/** Draft (or revise) a motion: everything §3.2 asks of a proposal. */
export const draftMotionSchema = form({
  idempotencyKey: idempotencyKeySchema,
  title: requiredText(LIMITS.title),
  category: z.enum(MOTION_CATEGORIES, { error: 'form.invalidChoice' }),
  majorReasons: z
    .array(z.enum(MAJOR_REASONS, { error: 'form.invalidChoice' }), { error: 'motion.errors.majorReasonRequired' })
    .min(1, { error: 'motion.errors.majorReasonRequired' }),
  /** 调查论证 — background and investigation summary. */
  background: requiredText(LIMITS.longText),
  proposalText: requiredText(LIMITS.longText),
  estimatedCostYuan: yuanSchema.default(0),
  fundingSource: optionalText(LIMITS.shortText),
  scope: z.enum(MOTION_SCOPES, { error: 'form.invalidChoice' }),
  /** Which groups or buildings, when not the whole community. */
  scopeDetail: optionalText(LIMITS.shortText),
  catalogueItemId: idSchema.optional(),
  consultOptIn: checkbox,
  resolutionBody: z
    .enum(['residents_meeting', 'representatives_meeting'], { error: 'form.invalidChoice' })
    .default('representatives_meeting'),
  /** Residents'-meeting resolution delegating Art. 16 fund-raising to the representatives. */
  fundRaisingDelegationRef: optionalText(LIMITS.ref),
  supersedesMotionId: idSchema.optional(),
  /** §3.5: the paused motion this one amends (set at creation only). */
  amendsMotionId: idSchema.optional(),
  /** Required when superseding a failed motion or amending a paused one: what changed. */
  changeNote: optionalText(LIMITS.text),
}).superRefine((v, ctx) => {
  if (v.estimatedCostYuan > 0 && !v.fundingSource) {
    ctx.addIssue({ code: 'custom', message: 'motion.errors.fundingSourceRequired', path: ['fundingSource'] });
  }
  if (v.scope !== 'community' && !v.scopeDetail) {
    ctx.addIssue({ code: 'custom', message: 'motion.errors.scopeDetailRequired', path: ['scopeDetail'] });
  }
  if ((v.supersedesMotionId || v.amendsMotionId) && !v.changeNote) {
    ctx.addIssue({ code: 'custom', message: 'motion.errors.changeNoteRequired', path: ['changeNote'] });
  }
  const facts = {
    majorReasons: v.majorReasons,
    ...(v.fundRaisingDelegationRef ? { fundRaisingDelegationRef: v.fundRaisingDelegationRef } : {}),
  };
  if (reservedMatter(facts) && v.resolutionBody !== 'residents_meeting') {
    ctx.addIssue({ code: 'custom', message: 'motion.errors.reservedToResidentsMeeting', path: ['resolutionBody'] });
  }
});

/** Minutes of a meeting voted by name (party committee; base of the joint meeting). */
const namedMinutesShape = {
  idempotencyKey: idempotencyKeySchema,
  heldOn: dateSchema,
  attendeeIds: idList,
  votes: namedVotes,
  /** Conflict of interest on this question (edge #12). */
  recusedIds: idList,
  minutes: requiredText(LIMITS.longText),
  attachmentRefs: idList,
};

/** The party committee's decision to propose (draft → proposed). */
export const partyCommitteeDecisionSchema = form(namedMinutesShape).superRefine(noDuplicateVoters);

// ─── Meetings ───────────────────────────────────────────────────────────────────────────────────

export const NOTICE_CHANNELS = ['notice_board', 'app', 'sms', 'phone', 'paper', 'group_chat'] as const;

/** The convene form's fields, except when the meeting opens (a string in the form, epoch ms in the command). */
const conveneShape = {
  body: z.enum(['joint_meeting', 'party_members_meeting', 'residents_meeting', 'representatives_meeting'], {
    error: 'form.invalidChoice',
  }),
  online: checkbox,
  mode: z.enum(RESIDENTS_MEETING_MODES, { error: 'form.invalidChoice' }).optional(),
  location: optionalText(LIMITS.shortText),
  agenda: requiredText(LIMITS.text),
  channels: z
    .array(z.enum(NOTICE_CHANNELS, { error: 'form.invalidChoice' }), { error: 'form.required' })
    .min(1, { error: 'form.required' }),
  /** Materials sent to every member beforehand (required for the party members' meeting). */
  materialsRef: optionalText(LIMITS.ref),
  chairId: idSchema.optional(),
  minuteTakerId: idSchema.optional(),
};

function conveneRules(
  v: { body: string; mode?: string | undefined; materialsRef?: string | undefined; online: boolean; location?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (v.body === 'residents_meeting' && !v.mode) {
    ctx.addIssue({ code: 'custom', message: 'motion.errors.modeRequired', path: ['mode'] });
  }
  if (v.body === 'party_members_meeting' && !v.materialsRef) {
    ctx.addIssue({ code: 'custom', message: 'motion.errors.materialsRequired', path: ['materialsRef'] });
  }
  if (!v.online && !v.location) {
    ctx.addIssue({ code: 'custom', message: 'motion.errors.locationRequired', path: ['location'] });
  }
}

/** Convene a joint, party members', residents' or representatives' meeting. */
export const conveneMeetingSchema = form({
  idempotencyKey: idempotencyKeySchema,
  ...conveneShape,
  /** Meeting start, or when the online vote opens. */
  opensAt: dateTimeSchema,
}).superRefine(conveneRules);

/** An instant as epoch milliseconds (commands carry date-times converted by the web). */
export const epochMsSchema = z
  .number({ error: 'form.invalidDate' })
  .int({ error: 'form.invalidDate' })
  .min(0, { error: 'form.invalidDate' })
  .max(8.64e15, { error: 'form.invalidDate' });

/** The convene command as the workflow receives it: `opensAt` (and an earlier paper `noticeAt`) in epoch ms. */
export const conveneCommandSchema = form({
  ...conveneShape,
  opensAt: epochMsSchema,
  noticeAt: epochMsSchema.optional(),
}).superRefine(conveneRules);

export const JOINT_CONCLUSIONS = ['agree', 'revise', 'reject'] as const;

/** Minutes of the two-committee joint meeting 两委联席会议. */
export const jointMeetingSchema = form({
  ...namedMinutesShape,
  /** Opinions and dissent, in the speakers' words. */
  opinions: requiredText(LIMITS.longText),
  /** Amendments adopted; when present, they become a new text version. */
  amendments: optionalText(LIMITS.longText),
  supervisorRemarks: optionalText(LIMITS.text),
  conclusion: z.enum(JOINT_CONCLUSIONS, { error: 'form.invalidChoice' }),
}).superRefine(noDuplicateVoters);

function countsFit(v: { present: number; yes: number; no: number; abstain: number }, ctx: z.RefinementCtx) {
  if (v.yes + v.no + v.abstain > v.present) {
    ctx.addIssue({ code: 'custom', message: 'motion.errors.votesExceedPresent', path: ['yes'] });
  }
}

/** Minutes of the party members' meeting 党员大会, entered as numbers from the sign-in sheet. */
export const partyMeetingSchema = form({
  idempotencyKey: idempotencyKeySchema,
  heldOn: dateSchema,
  /** All full members 正式党员. */
  fullMembers: countSchema,
  /** Excused from attending with approval, and absent. */
  excused: z
    .array(form({ personId: idSchema, approvalRef: requiredText(LIMITS.ref) }), { error: 'form.invalid' })
    .max(LIMITS.listItems, { error: 'form.tooMany' })
    .default([]),
  recused: countSchema.default(0),
  /** Full members present (not counting recused ones). */
  present: countSchema,
  probationaryPresent: countSchema.default(0),
  yes: countSchema,
  no: countSchema,
  abstain: countSchema,
  minutes: requiredText(LIMITS.longText),
  /** Signed sign-in sheet scan. */
  scanRef: requiredText(LIMITS.ref),
}).superRefine((v, ctx) => {
  countsFit(v, ctx);
  if (v.present > v.fullMembers - v.excused.length - v.recused) {
    ctx.addIssue({ code: 'custom', message: 'motion.errors.presentExceedsExpected', path: ['present'] });
  }
});

/** A residents' meeting held in person, entered as numbers (choices are never linked to people). */
export const residentsMeetingSchema = form({
  idempotencyKey: idempotencyKeySchema,
  heldOn: dateSchema,
  mode: z.enum(RESIDENTS_MEETING_MODES, { error: 'form.invalidChoice' }),
  /** Adults, households or group representatives, per mode. */
  electorate: countSchema,
  present: countSchema,
  yes: countSchema,
  no: countSchema,
  abstain: countSchema,
  resolutionText: requiredText(LIMITS.longText),
  minutes: requiredText(LIMITS.longText),
  scanRef: requiredText(LIMITS.ref),
}).superRefine((v, ctx) => {
  countsFit(v, ctx);
  if (v.present > v.electorate) {
    ctx.addIssue({ code: 'custom', message: 'motion.errors.presentExceedsExpected', path: ['present'] });
  }
});

/** Named votes taken by show of hands at a representatives' meeting held in person, entered by staff. */
export const handVotesSchema = form({
  idempotencyKey: idempotencyKeySchema,
  questionId: idSchema,
  votes: namedVotes,
  recusedIds: idList,
}).superRefine(noDuplicateVoters);

/** Physical or paper attendance, alongside online votes; a person is counted once either way. */
export const physicalAttendanceSchema = form({
  idempotencyKey: idempotencyKeySchema,
  meetingId: idSchema,
  personIds: z
    .array(idSchema, { error: 'form.required' })
    .min(1, { error: 'form.required' })
    .max(LIMITS.listItems, { error: 'form.tooMany' }),
  method: z.enum(['in_person', 'paper'], { error: 'form.invalidChoice' }),
  /** Signed sheet scan; required for paper entry. */
  scanRef: optionalText(LIMITS.ref),
}).superRefine((v, ctx) => {
  if (v.method === 'paper' && !v.scanRef) {
    ctx.addIssue({ code: 'custom', message: 'motion.errors.scanRequired', path: ['scanRef'] });
  }
});

/** A second person confirms a staff-entered paper tally (§3.2). */
export const confirmPaperTallySchema = form({
  idempotencyKey: idempotencyKeySchema,
  meetingId: idSchema,
});

// ─── Voting ─────────────────────────────────────────────────────────────────────────────────────

/** One ballot; the person confirms the choice in words before it is final ("您选择了：同意。确认提交？"). */
export const castVoteSchema = form({
  idempotencyKey: idempotencyKeySchema,
  questionId: idSchema,
  choice: choiceSchema,
  confirmed: z.literal(true, { error: 'motion.errors.confirmChoice' }),
});

export const checkInSchema = form({
  idempotencyKey: idempotencyKeySchema,
  meetingId: idSchema,
});

// ─── 商议 Residents' opinions ───────────────────────────────────────────────────────────────────

/** A resident's opinion during deliberation; attributed internally, anonymous publicly. */
export const residentOpinionSchema = form({
  idempotencyKey: idempotencyKeySchema,
  text: requiredText(LIMITS.text),
});

export const opinionAnswerSchema = form({
  idempotencyKey: idempotencyKeySchema,
  opinionId: idSchema,
  text: requiredText(LIMITS.text),
});

// ─── Objections ─────────────────────────────────────────────────────────────────────────────────

export const objectionSchema = form({
  idempotencyKey: idempotencyKeySchema,
  text: requiredText(LIMITS.text),
  /** Supervisors only, during a disclosure window (§3.7.4). */
  blocking: checkbox,
});

export const objectionReplySchema = form({
  idempotencyKey: idempotencyKeySchema,
  objectionId: idSchema,
  text: requiredText(LIMITS.text),
});

export const acceptObjectionReplySchema = form({
  idempotencyKey: idempotencyKeySchema,
  objectionId: idSchema,
});

export const objectionRulingSchema = form({
  idempotencyKey: idempotencyKeySchema,
  objectionId: idSchema,
  ruling: z.enum(['upheld', 'dismissed'], { error: 'form.invalidChoice' }),
  reasons: requiredText(LIMITS.text),
});

// ─── Implementation ─────────────────────────────────────────────────────────────────────────────

export const progressEntrySchema = form({
  idempotencyKey: idempotencyKeySchema,
  date: dateSchema,
  work: requiredText(LIMITS.text),
  amountYuan: yuanSchema.default(0),
  /** Contractor, organizations only (§6: never a private person's name in public). */
  contractorOrganization: optionalText(LIMITS.shortText),
  attachmentRefs: idList,
});

export const finalReportSchema = form({
  idempotencyKey: idempotencyKeySchema,
  completedOn: dateSchema,
  summary: requiredText(LIMITS.longText),
  /** 验收 — acceptance record. */
  acceptanceRecord: requiredText(LIMITS.text),
  /** Final accounts, line by line. */
  lines: z
    .array(form({ item: requiredText(LIMITS.shortText), amountYuan: yuanSchema }), { error: 'form.required' })
    .min(1, { error: 'form.required' })
    .max(LIMITS.listItems, { error: 'form.tooMany' }),
  attachmentRefs: idList,
});

/** Sum of the final accounts in fen-exact yuan. */
export function finalTotalYuan(lines: readonly { amountYuan: number }[]): number {
  return lines.reduce((fen, l) => fen + Math.round(l.amountYuan * 100), 0) / 100;
}

/** Street office deems a resolution unlawful (edge #22). */
export const contestResolutionSchema = form({
  idempotencyKey: idempotencyKeySchema,
  reasons: requiredText(LIMITS.text),
});

/** The street office lifts its own contest after review (edge #22): the implementation resumes. */
export const resumeImplementationSchema = form({
  idempotencyKey: idempotencyKeySchema,
  reasons: requiredText(LIMITS.text),
});

// ─── The supervision committee's review of a disclosure (§3.7.3, review.ts) ─────────────────────

export const approveDisclosureSchema = form({ idempotencyKey: idempotencyKeySchema, remark: optionalText(LIMITS.text) });
export const requestDisclosureCorrectionSchema = form({ idempotencyKey: idempotencyKeySchema, correctionReason: requiredText(LIMITS.text) });
export const resubmitDisclosureSchema = form({ idempotencyKey: idempotencyKeySchema, correctionNote: requiredText(LIMITS.text) });
/** The person confirms in words that the disclosure will say it was not reviewed. */
export const publishUnreviewedSchema = form({
  idempotencyKey: idempotencyKeySchema,
  confirmed: z.literal(true, { error: 'motion.errors.confirmChoice' }),
});

// ─── Withdrawal ─────────────────────────────────────────────────────────────────────────────────

export const withdrawSchema = form({
  idempotencyKey: idempotencyKeySchema,
  reason: requiredText(LIMITS.text),
  /** Reference of the recorded party-committee decision. */
  partyCommitteeDecisionRef: requiredText(LIMITS.ref),
});

/** The form schema of each person command that takes input. */
export const commandSchemas = {
  editDraft: draftMotionSchema,
  recordPartyCommitteeDecision: partyCommitteeDecisionSchema,
  conveneJointMeeting: conveneMeetingSchema,
  recordJointMeeting: jointMeetingSchema,
  submitResidentOpinion: residentOpinionSchema,
  answerResidentOpinion: opinionAnswerSchema,
  convenePartyMeeting: conveneMeetingSchema,
  recordPartyMeeting: partyMeetingSchema,
  scheduleResolutionMeeting: conveneMeetingSchema,
  recordAttendance: physicalAttendanceSchema,
  checkIn: checkInSchema,
  castVote: castVoteSchema,
  raiseObjection: objectionSchema,
  replyToObjection: objectionReplySchema,
  acceptObjectionReply: acceptObjectionReplySchema,
  ruleOnObjection: objectionRulingSchema,
  recordProgress: progressEntrySchema,
  reportCompletion: finalReportSchema,
  contestResolution: contestResolutionSchema,
  withdraw: withdrawSchema,
  // approveDisclosure is left out: its key alone (the remark is optional) is a whole approval.
  requestDisclosureCorrection: requestDisclosureCorrectionSchema,
  resubmitDisclosure: resubmitDisclosureSchema,
  publishUnreviewed: publishUnreviewedSchema,
} as const;

export type DraftMotion = z.output<typeof draftMotionSchema>;
export type ConveneMeeting = z.output<typeof conveneMeetingSchema>;
export type JointMeetingMinutes = z.output<typeof jointMeetingSchema>;
export type PartyMeetingMinutes = z.output<typeof partyMeetingSchema>;
export type ResidentsMeetingMinutes = z.output<typeof residentsMeetingSchema>;
export type CastVote = z.output<typeof castVoteSchema>;
export type Objection = z.output<typeof objectionSchema>;
export type ProgressEntry = z.output<typeof progressEntrySchema>;
export type FinalReport = z.output<typeof finalReportSchema>;
export type Withdraw = z.output<typeof withdrawSchema>;
