/**
 * zod schemas for election forms and commands, used on the server and in the browser. Error
 * messages are i18n KEYS (see `messages.ts`), never prose; cross-field rules call `plan.ts`.
 */
import { z } from 'zod';
import { MARKS } from './ballot';
import { checkByElectionSeats } from './by-election';
import { isCivilDate } from './dates';
import {
  CANDIDATE_LIST_LEAD_DAYS,
  ELECTION_COMMITTEE_SIZE,
  ELECTION_MODES,
  MEMBER_MARGIN,
  OFFICES,
  RESIDENCE_MONTHS,
  planProblems,
} from './plan';

const E = (key: string) => ({ error: key });

const count = (key: string) => z.number(E(key)).int(E(key)).min(0, E(key));

export const civilDateSchema = z.string(E('election.errors.dateInvalid')).refine(isCivilDate, E('election.errors.dateInvalid'));

export const seatsSchema = z.object({
  director: count('election.errors.seatsInvalid'),
  deputy: count('election.errors.seatsInvalid'),
  member: count('election.errors.seatsInvalid'),
});

const onlineVotingSchema = z.discriminatedUnion(
  'enabled',
  [
    z.object({ enabled: z.literal(false) }),
    z.object({ enabled: z.literal(true), approvalRef: z.string(E('election.errors.onlineVotingNeedsApproval')).trim().min(1, E('election.errors.onlineVotingNeedsApproval')) }),
  ],
  E('election.errors.onlineVotingNeedsApproval'),
);

export const electionPlanSchema = z
  .object({
    electionDay: civilDateSchema,
    mode: z.enum(ELECTION_MODES, E('election.errors.modeInvalid')),
    seats: seatsSchema,
    memberMargin: z.number(E('election.errors.memberMarginOutOfRange')).int(E('election.errors.memberMarginOutOfRange')).default(MEMBER_MARGIN.default),
    electionCommitteeSize: z.number(E('election.errors.electionCommitteeSize')).int(E('election.errors.electionCommitteeSize')).default(ELECTION_COMMITTEE_SIZE.default),
    candidateListLeadDays: z
      .number(E('election.errors.candidateListLeadDays'))
      .int(E('election.errors.candidateListLeadDays'))
      .min(CANDIDATE_LIST_LEAD_DAYS.min, E('election.errors.candidateListLeadDays'))
      .max(CANDIDATE_LIST_LEAD_DAYS.max, E('election.errors.candidateListLeadDays'))
      .default(CANDIDATE_LIST_LEAD_DAYS.default),
    residenceMonths: z
      .number(E('election.errors.residenceMonths'))
      .int(E('election.errors.residenceMonths'))
      .min(RESIDENCE_MONTHS.min, E('election.errors.residenceMonths'))
      .max(RESIDENCE_MONTHS.max, E('election.errors.residenceMonths'))
      .default(RESIDENCE_MONTHS.default),
    representativesPerGroup: z.number(E('election.errors.representativesPerGroup')).int(E('election.errors.representativesPerGroup')).optional(),
    mobileBox: z.boolean(E('election.errors.mobileBoxInvalid')).default(false),
    onlineVoting: onlineVotingSchema.default({ enabled: false }),
    pollingPlaces: z.array(z.string(E('election.errors.pollingPlaceRequired')).trim().min(1, E('election.errors.pollingPlaceRequired')), E('election.errors.pollingPlaceRequired')).min(1, E('election.errors.pollingPlaceRequired')),
    byElection: z.object({ termEndsOn: civilDateSchema, vacancies: seatsSchema }).optional(),
  })
  .superRefine((plan, ctx) => {
    if (plan.byElection) {
      const v = checkByElectionSeats(plan.seats, plan.byElection.vacancies);
      if (!v.ok) ctx.addIssue({ code: 'custom', message: v.key, path: ['seats'], ...(v.params ? { params: v.params } : {}) });
    }
    for (const p of planProblems(plan))
      ctx.addIssue({ code: 'custom', message: p.key, path: p.path, ...(p.params ? { params: p.params } : {}) });
  });

export type ElectionPlanInput = z.input<typeof electionPlanSchema>;

export const officeSchema = z.enum(OFFICES, E('election.errors.officeInvalid'));

export const candidateSchema = z.object({
  personId: z.string(E('election.errors.personRequired')).min(1, E('election.errors.personRequired')),
  office: officeSchema,
  gender: z.enum(['male', 'female'], E('election.errors.genderInvalid')),
  nominationVotes: count('election.errors.nominationVotesInvalid'),
});

const sectionSchema = z.object({
  marks: z.record(z.string(), z.enum(MARKS, E('election.errors.markInvalid')), E('election.errors.markInvalid')),
  writeIns: z.array(z.string(E('election.errors.writeInNotEligible')).min(1, E('election.errors.writeInNotEligible')), E('election.errors.writeInNotEligible')).default([]),
});

/** Shape of an online ballot; `checkOnlineBallot` then checks it against the round's ballot form. */
export const onlineBallotSchema = z.object({
  director: sectionSchema.optional(),
  deputy: sectionSchema.optional(),
  member: sectionSchema.optional(),
});

/** A box's paper tally sheet as entered by a committee member (`enteredBy`/`confirmedBy` come from the session). */
export const paperTotalsEntrySchema = z.object({
  boxId: z.string(E('election.errors.boxRequired')).trim().min(1, E('election.errors.boxRequired')),
  issued: count('election.errors.paperCountInvalid'),
  returned: count('election.errors.paperCountInvalid'),
  votes: z.partialRecord(officeSchema, z.record(z.string(), count('election.errors.paperCountInvalid')), E('election.errors.paperCountInvalid')),
  voidSections: z.partialRecord(officeSchema, count('election.errors.paperCountInvalid'), E('election.errors.paperCountInvalid')).optional(),
});

export const proxyApplicationSchema = z.object({
  giverId: z.string(E('election.errors.personRequired')).min(1, E('election.errors.personRequired')),
  holderId: z.string(E('election.errors.personRequired')).min(1, E('election.errors.personRequired')),
  relationship: z.string(E('election.errors.proxyNotCloseRelative')).trim().min(1, E('election.errors.proxyNotCloseRelative')),
  writtenApplicationScan: z.boolean(E('election.errors.proxyWrittenRequired')).refine((v) => v, E('election.errors.proxyWrittenRequired')),
});
