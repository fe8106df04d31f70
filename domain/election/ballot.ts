/**
 * Ballots 选票 (DOMAIN.md §4.4, §4.6, §8 #24). Per candidate yes / no / abstain, plus write-ins
 * 另选他人 of other eligible voters. A section (one office) is valid if yes marks + write-ins ≤ seats.
 * Paper: an over-marked section is void while the others count. Online: the same ballot is refused
 * before it is stored, with a key, so an online ballot is never void.
 */
import { allowed, refuse, type Verdict } from '../errors';
import type { Candidate } from './candidates';
import { OFFICES, modeAllows, type ElectionMode, type ElectionPlan, type Office } from './plan';

export const MARKS = ['yes', 'no', 'abstain'] as const;
export type Mark = (typeof MARKS)[number];

export type BallotSection = {
  /** candidate personId → mark; an unmarked candidate counts as abstain. */
  marks: Record<string, Mark>;
  /** personIds of other eligible voters written in. */
  writeIns: string[];
};
export type Ballot = Partial<Record<Office, BallotSection>>;

export type BallotFormSection = { office: Office; seats: number; candidateIds: string[] };
/** What one round's ballot offers: main round, runoff, or revote among the tied. */
export type BallotForm = { sections: BallotFormSection[]; writeInsAllowed: boolean };

export type SectionStatus = 'valid' | 'blank' | 'void';
export type SectionCount = { office: Office; status: SectionStatus; votesFor: string[] };

export type EligibleVoter = (personId: string) => boolean;

/** The main-round ballot: one section per office with seats, candidates in list order. */
export function mainBallotForm(plan: Pick<ElectionPlan, 'seats'>, candidates: readonly Candidate[]): BallotForm {
  return {
    writeInsAllowed: true,
    sections: OFFICES.filter((o) => plan.seats[o] > 0).map((office) => ({
      office,
      seats: plan.seats[office],
      candidateIds: candidates.filter((c) => c.office === office).map((c) => c.personId),
    })),
  };
}

const EMPTY: BallotSection = { marks: {}, writeIns: [] };

function choices(section: BallotSection, form: BallotFormSection) {
  const listed = new Set(form.candidateIds);
  const yes = Object.entries(section.marks).filter(([, m]) => m === 'yes').map(([id]) => id);
  return { listed, yes, chosen: yes.length + section.writeIns.length };
}

/**
 * Count one paper ballot as the counting team reads it. Every mark and write-in counts toward the
 * over-mark test; votes go only to listed candidates marked yes and to eligible write-ins
 * (when the round allows write-ins). A person named twice in a section gets one vote.
 */
export function countPaperBallot(ballot: Ballot, form: BallotForm, isEligible: EligibleVoter): SectionCount[] {
  return form.sections.map((fs) => {
    const section = ballot[fs.office] ?? EMPTY;
    const { listed, yes, chosen } = choices(section, fs);
    if (chosen > fs.seats) return { office: fs.office, status: 'void', votesFor: [] };
    const votes = new Set<string>(yes.filter((id) => listed.has(id)));
    if (form.writeInsAllowed)
      for (const w of section.writeIns) if (listed.has(w) || isEligible(w)) votes.add(w);
    return { office: fs.office, status: votes.size === 0 ? 'blank' : 'valid', votesFor: [...votes] };
  });
}

/** Refuse an online ballot that a paper count would treat as (partly) void or doubtful. */
export function checkOnlineBallot(ballot: Ballot, form: BallotForm, isEligible: EligibleVoter): Verdict {
  const offices = new Set(form.sections.map((s) => s.office));
  for (const office of Object.keys(ballot)) {
    if (!offices.has(office as Office)) return refuse('election.errors.ballotUnknownOffice', { office });
  }
  for (const fs of form.sections) {
    const section = ballot[fs.office] ?? EMPTY;
    const office = fs.office;
    const listed = new Set(fs.candidateIds);
    for (const [id, mark] of Object.entries(section.marks)) {
      if (!listed.has(id)) return refuse('election.errors.notACandidate', { office });
      if (!(MARKS as readonly string[]).includes(mark)) return refuse('election.errors.markInvalid', { office });
    }
    if (section.writeIns.length > 0 && !form.writeInsAllowed) return refuse('election.errors.writeInsNotAllowed', { office });
    if (new Set(section.writeIns).size !== section.writeIns.length) return refuse('election.errors.duplicateWriteIn', { office });
    for (const w of section.writeIns) {
      if (listed.has(w)) return refuse('election.errors.writeInIsCandidate', { office });
      if (!isEligible(w)) return refuse('election.errors.writeInNotEligible', { office });
    }
    const { chosen } = choices(section, fs);
    if (chosen > fs.seats) return refuse('election.errors.tooManyChoices', { office, seats: fs.seats, chosen });
  }
  return allowed;
}

export type BallotTotals = {
  /** Ballots counted here (each returned ballot, blank and void sections included). */
  returned: number;
  votes: Record<Office, Record<string, number>>;
  voidSections: Record<Office, number>;
  blankSections: Record<Office, number>;
};

export const emptyVotes = (): Record<Office, Record<string, number>> => ({ director: {}, deputy: {}, member: {} });
const zeroPerOffice = (): Record<Office, number> => ({ director: 0, deputy: 0, member: 0 });

/** Add up counted ballots (online ballots after `checkOnlineBallot`, or paper ballots entered one by one). */
export function tallyBallots(counted: readonly SectionCount[][]): BallotTotals {
  const totals: BallotTotals = { returned: counted.length, votes: emptyVotes(), voidSections: zeroPerOffice(), blankSections: zeroPerOffice() };
  for (const ballot of counted)
    for (const s of ballot) {
      if (s.status === 'void') totals.voidSections[s.office] += 1;
      else if (s.status === 'blank') totals.blankSections[s.office] += 1;
      for (const id of s.votesFor) totals.votes[s.office][id] = (totals.votes[s.office][id] ?? 0) + 1;
    }
  return totals;
}

// ---- one voter, one ballot (§4.6, §8 #24) ---------------------------------------------------

export type BallotChannel = 'paper' | 'online';

/** Participation flag 参选标记, kept apart from any ballot. */
export type Participation = {
  /** How this voter's ballot was issued, if it was. */
  votedBy: BallotChannel | null;
  /** Approved proxy given to another voter (direct mode only). */
  proxyGiven: boolean;
};

/**
 * May this voter receive a ballot through `channel`? Online only where the plan enabled it (with
 * street-office approval). A voter who voted online is refused a paper ballot and vice versa;
 * a voter who gave a proxy votes only through the holder.
 */
export function checkBallotIssue(p: Participation, channel: BallotChannel, onlineVotingEnabled: boolean): Verdict {
  if (channel === 'online' && !onlineVotingEnabled) return refuse('election.errors.onlineVotingOff');
  if (p.votedBy === 'online') return refuse('election.errors.alreadyVotedOnline');
  if (p.votedBy === 'paper') return refuse('election.errors.alreadyVotedOnPaper');
  if (p.proxyGiven) return refuse(channel === 'online' ? 'election.errors.proxyNeverOnline' : 'election.errors.proxyGiven');
  return allowed;
}

// ---- mobile ballot box 流动票箱 (§4.4) --------------------------------------------------------

export const MOBILE_BOX_MIN_STAFF = 3;

/** A mobile box visits only voters who asked for it in time, carried by at least 3 staff or scrutineers. */
export function checkMobileBoxVisit(v: { mode: ElectionMode; mobileBoxInPlan: boolean; voterRequested: boolean; staffCount: number }): Verdict {
  if (!v.mobileBoxInPlan || !modeAllows(v.mode).mobileBox) return refuse('election.errors.mobileBoxNotInMode', { mode: v.mode });
  if (!v.voterRequested) return refuse('election.errors.mobileBoxNotRequested');
  if (v.staffCount < MOBILE_BOX_MIN_STAFF) return refuse('election.errors.mobileBoxTooFewStaff', { min: MOBILE_BOX_MIN_STAFF });
  return allowed;
}
