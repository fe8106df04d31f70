/**
 * zod schemas of the election pages' forms (flat fields, as a browser submits them). Errors are
 * i18n keys. Cross-field plan rules are checked again by `electionPlanSchema` on the server.
 */
import { z } from 'zod';
import '../zodErrors';
import { civilDateSchema } from './schemas';
import { ELECTION_MODES, MEMBER_MARGIN, OFFICES } from './plan';

const E = (key: string) => ({ error: key });
const req = (max = 200) => z.string(E('form.required')).trim().min(1, E('form.required')).max(max, E('form.tooLong'));
const int = (min: number, max: number) =>
  z.number(E('form.notANumber')).int(E('form.notAWholeNumber')).min(min, E('form.outOfRange')).max(max, E('form.outOfRange'));
const uuid = z.string(E('form.invalid')).regex(/^[0-9a-f-]{36}$/i, E('form.invalid'));

export const setupFormSchema = z
  .object({
    electionId: uuid,
    title: req(100),
    electionDay: civilDateSchema,
    mode: z.enum(ELECTION_MODES, E('election.errors.modeInvalid')),
    /** 补选: vacant seats only (by-election.ts); the director's seat is then a choice of 0 or 1. */
    byElection: z.boolean().default(false),
    director: int(0, 1).optional(),
    deputy: int(0, 8),
    member: int(0, 8),
    memberMargin: int(MEMBER_MARGIN.min, MEMBER_MARGIN.max).default(MEMBER_MARGIN.default),
    pollingPlace: req(200),
    committee: z.array(z.string(), E('election.errors.committeeMemberNotInCommunity')).min(1, E('election.errors.committeeMemberNotInCommunity')),
    chair: z.string(E('election.errors.committeeChairMustBeMember')).min(1, E('election.errors.committeeChairMustBeMember')),
    online: z.boolean().default(false),
    approvalRef: z.string().trim().max(100, E('form.tooLong')).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.online && !v.approvalRef) ctx.addIssue({ code: 'custom', path: ['approvalRef'], message: 'election.errors.onlineVotingNeedsApproval' });
    if (!v.committee.includes(v.chair)) ctx.addIssue({ code: 'custom', path: ['chair'], message: 'election.errors.committeeChairMustBeMember' });
    if (!v.byElection && v.member < 1) ctx.addIssue({ code: 'custom', path: ['member'], message: 'election.errors.memberSeats' });
  });

/** The seats a set-up form asks for: a general election always elects one director. */
export function setupSeats(v: Pick<z.output<typeof setupFormSchema>, 'byElection' | 'director' | 'deputy' | 'member'>) {
  return { director: v.byElection ? (v.director ?? 0) : 1, deputy: v.deputy, member: v.member };
}

export const manualVoterSchema = z.object({
  key: uuid,
  name: req(50),
  idNumber: req(30),
  gender: z.enum(['男', '女'], E('election.errors.genderInvalid')),
  group: req(50),
  householdId: req(50),
  phone: z.string().trim().max(30, E('form.tooLong')).optional(),
  basis: z.enum(['local_hukou', 'long_term_resident', 'community_worker'], E('election.errors.basisInvalid')),
  objectionId: z.string().max(64, E('form.tooLong')).optional(),
});

export const objectionSchema = z.object({
  kind: z.enum(['missing', 'wrongly_listed', 'details_wrong'], E('form.invalidChoice')),
  voterId: z.string().max(64, E('form.tooLong')).optional(),
  body: req(2000),
});

export const decisionSchema = z.object({
  objectionId: uuid,
  decision: z.enum(['upheld', 'dismissed'], E('form.invalidChoice')),
  reason: req(1000),
});

export const nomineeSchema = z.object({
  key: uuid,
  voterId: uuid,
  office: z.enum(OFFICES, E('election.errors.officeInvalid')),
  nominationVotes: int(0, 100_000),
});

export const proxySchema = z.object({
  giverVoterId: uuid,
  holderVoterId: uuid,
  relationship: req(50),
  written: z.boolean().default(false),
});

export const receiptSchema = z.object({ receipt: z.string(E('form.required')).trim().min(1, E('form.required')).max(40, E('form.tooLong')) });
export const codeSchema = z.object({ code: z.string(E('form.required')).trim().min(1, E('form.required')).max(40, E('form.tooLong')) });

const text = (max: number, required: string) => z.string(E(required)).trim().min(1, E(required)).max(max, E('form.tooLong'));
const voterRef = z.string(E('election.errors.voterNotFound')).regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, E('election.errors.voterNotFound'));

/** 对选举结果的异议 (supervisor): the text goes into the workflow's history, so it is capped here. */
export const resultObjectionSchema = z.object({ body: text(2000, 'election.errors.objectionBodyRequired') });

/** The street office's ruling on an objection to the result. */
export const resultRulingSchema = z.object({
  objectionId: uuid,
  ruling: z.enum(['upheld', 'dismissed'], E('form.invalidChoice')),
  reasons: text(2000, 'election.errors.rulingReasonsRequired'),
});

/** A nominee withdrawn from the list, a voter picked at the polling station. */
export const voterPickSchema = z.object({ voterId: voterRef });

/** A voter removed from the register, with the reason (and the objection it answers, if any). */
export const removeVoterSchema = z.object({
  voterId: voterRef,
  reason: req(500),
  objectionId: uuid.optional(),
});

/** The second person's confirmation of one ballot box's totals. */
export const confirmPaperSchema = z.object({ boxId: req(50) });

/** A count typed on the page: blank is 0; anything but a whole number from 0 is refused with a key. */
const count = z.preprocess(
  (v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? 0 : typeof v === 'string' ? Number(v.trim()) : v),
  int(0, 1_000_000),
);

/**
 * One ballot box's paper totals as the polling page posts them: `votes.<office>.<candidateId>` and
 * `void.<office>` (conform reads the dotted names as nested objects); blanks count as 0. Which
 * candidates belong to which section is the round's, checked by the workflow.
 */
export const paperTotalsFormSchema = z.object({
  box: req(50),
  issued: count,
  returned: count,
  votes: z.partialRecord(z.enum(OFFICES), z.record(z.string().max(40), count)).default({}),
  void: z.partialRecord(z.enum(OFFICES), count).default({}),
});

/** 选举结果确认 (street office): the new term's first day (a by-election's: the winners' first day) and a note. */
export const certifyFormSchema = z.object({
  termStartsOn: z.iso.date(E('admin.errors.termStartInvalid')),
  note: z.string().trim().max(500, E('form.tooLong')).optional(),
});

/** The committee's buttons on the election's page: commands without fields. */
export const OVERVIEW_COMMANDS = ['publishRegister', 'finalizeCandidates', 'closePolls', 'tally', 'openNextRound'] as const;

/** Every form of the election's page, told apart by its `intent` (the button pressed). */
export const overviewFormSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.enum(OVERVIEW_COMMANDS) }),
    resultObjectionSchema.extend({ intent: z.literal('objectToResult') }),
    resultRulingSchema.omit({ objectionId: true }).extend({ intent: z.literal('ruleOnObjection'), objectionId: uuid }),
  ],
  E('form.invalid'),
);
