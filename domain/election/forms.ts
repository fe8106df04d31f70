/**
 * zod schemas of the election pages' forms (flat fields, as a browser submits them). Errors are
 * i18n keys. Cross-field plan rules are checked again by `electionPlanSchema` on the server.
 */
import { z } from 'zod';
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
    deputy: int(0, 8),
    member: int(1, 8),
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
  });

export const manualVoterSchema = z.object({
  key: uuid,
  name: req(50),
  idNumber: req(30),
  gender: z.enum(['男', '女'], E('election.errors.genderInvalid')),
  group: req(50),
  householdId: req(50),
  phone: z.string().trim().max(30, E('form.tooLong')).optional(),
  basis: z.enum(['local_hukou', 'long_term_resident', 'community_worker'], E('election.errors.basisInvalid')),
  objectionId: z.string().optional(),
});

export const objectionSchema = z.object({
  kind: z.enum(['missing', 'wrongly_listed', 'details_wrong'], E('form.invalidChoice')),
  voterId: z.string().optional(),
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
