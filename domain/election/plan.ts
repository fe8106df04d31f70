/**
 * Election plan 选举方案 (DOMAIN.md §4.1, §4.2, §4.6, §1.1): mode, seats per office, contest
 * margins, election-committee size, online-voting approval. Pure rules; the zod schema in
 * `schemas.ts` calls these so each rule lives once.
 */
import { allowed, refuse, type Verdict } from '../errors';
import type { CivilDate } from './dates';
import { isNonNegativeInteger } from './numbers';

/** 选举方式: 直接选举 / 户代表选举 / 居民小组代表选举 (Art. 8). */
export const ELECTION_MODES = ['direct', 'household', 'group_representatives'] as const;
export type ElectionMode = (typeof ELECTION_MODES)[number];

/** Offices in order of precedence: 主任, 副主任, 委员. */
export const OFFICES = ['director', 'deputy', 'member'] as const;
export type Office = (typeof OFFICES)[number];

export type Seats = Record<Office, number>;
/** 差额数: candidates beyond seats per office. */
export type ContestMargins = Record<Office, number>;

export const COMMITTEE_SIZE = { min: 5, max: 9 } as const; // Art. 7, LAW
export const DIRECTOR_SEATS = 1;
/** Director and deputies: exactly seats + 1 on the formal list (PRACTICE [S10]). */
export const OFFICER_MARGIN = 1;
/** Members: seats + 1 … seats + 3, default + 1 (PRACTICE [S10]). */
export const MEMBER_MARGIN = { min: 1, max: 3, default: 1 } as const;
export const ELECTION_COMMITTEE_SIZE = { min: 3, max: 9, default: 5 } as const; // PLATFORM, odd
/** Formal candidate list published ≥ N days before E; rules use 5–7, 5 is the fixed minimum. */
export const CANDIDATE_LIST_LEAD_DAYS = { min: 5, max: 7, default: 7 } as const;
/** Residence without local hukou before registration (PLATFORM 0–12 months, default 6). */
export const RESIDENCE_MONTHS = { min: 0, max: 12, default: 6 } as const;
/** Group-representatives mode: 2–3 representatives per residents' group (Art. 9). */
export const REPRESENTATIVES_PER_GROUP = { min: 2, max: 3, default: 2 } as const;

export type OnlineVoting =
  | { enabled: false }
  | { enabled: true; /** street-office approval reference 批复文号 */ approvalRef: string };

export type ElectionPlan = {
  electionDay: CivilDate;
  mode: ElectionMode;
  seats: Seats;
  /** Only the member margin is a choice; director and deputy margins are always 1. */
  memberMargin: number;
  electionCommitteeSize: number;
  candidateListLeadDays: number;
  residenceMonths: number;
  /** Only in group_representatives mode. */
  representativesPerGroup?: number;
  mobileBox: boolean;
  onlineVoting: OnlineVoting;
  pollingPlaces: string[];
  /** A by-election 补选 of vacant seats only (by-election.ts): the seats are checked against these vacancies. */
  byElection?: ByElection;
};

/** What a by-election plan records at adoption: the sitting term's last day and the seats vacant then. */
export type ByElection = { termEndsOn: CivilDate; vacancies: Seats };

export function committeeSize(seats: Seats): number {
  return seats.director + seats.deputy + seats.member;
}

export function contestMargins(plan: Pick<ElectionPlan, 'memberMargin'>): ContestMargins {
  return { director: OFFICER_MARGIN, deputy: OFFICER_MARGIN, member: plan.memberMargin };
}

/** Candidates the formal list must carry for an office: seats + margin, or none for an office without seats. */
export function candidatesNeeded(seats: number, margin: number): number {
  return seats === 0 ? 0 : seats + margin;
}

/** One director, at least one member, committee of 5–9 (Art. 7). */
export function checkSeats(seats: Seats): Verdict {
  if (!OFFICES.every((o) => isNonNegativeInteger(seats[o]))) return refuse('election.errors.seatsInvalid');
  const total = committeeSize(seats);
  if (seats.director !== DIRECTOR_SEATS) return refuse('election.errors.directorSeats', { seats: seats.director });
  if (seats.member < 1) return refuse('election.errors.memberSeats', { seats: seats.member });
  if (total < COMMITTEE_SIZE.min || total > COMMITTEE_SIZE.max)
    return refuse('election.errors.seatsOutOfRange', { total, min: COMMITTEE_SIZE.min, max: COMMITTEE_SIZE.max });
  return allowed;
}

export function checkMemberMargin(margin: number): Verdict {
  return Number.isInteger(margin) && margin >= MEMBER_MARGIN.min && margin <= MEMBER_MARGIN.max
    ? allowed
    : refuse('election.errors.memberMarginOutOfRange', { min: MEMBER_MARGIN.min, max: MEMBER_MARGIN.max });
}

/** Election committee 选举委员会: 3–9 members, odd (PLATFORM). Also used after members leave to stand. */
export function checkElectionCommitteeSize(size: number): Verdict {
  if (!Number.isInteger(size) || size < ELECTION_COMMITTEE_SIZE.min || size > ELECTION_COMMITTEE_SIZE.max)
    return refuse('election.errors.electionCommitteeSize', { min: ELECTION_COMMITTEE_SIZE.min, max: ELECTION_COMMITTEE_SIZE.max, size });
  if (size % 2 === 0) return refuse('election.errors.electionCommitteeEven', { size });
  return allowed;
}

/** Online voting is a pilot: enabled only with a recorded street-office approval (§4.6). */
export function checkOnlineVoting(online: OnlineVoting): Verdict {
  if (online.enabled && online.approvalRef.trim() === '')
    return refuse('election.errors.onlineVotingNeedsApproval');
  return allowed;
}

/**
 * PLATFORM: the online pilot runs in direct elections only. In household and group-representative
 * elections the person who may cast the ballot is decided at the polling place, so they vote on paper.
 */
export function checkOnlineVotingMode(mode: ElectionMode, online: OnlineVoting): Verdict {
  return online.enabled && mode !== 'direct' ? refuse('election.errors.onlineVotingDirectOnly', { mode }) : allowed;
}

/** What a mode permits (§4.1): proxies in direct mode only; no mobile box for group representatives. */
export function modeAllows(mode: ElectionMode): { proxies: boolean; mobileBox: boolean } {
  return { proxies: mode === 'direct', mobileBox: mode !== 'group_representatives' };
}

export function checkMobileBox(mode: ElectionMode, mobileBox: boolean): Verdict {
  return mobileBox && !modeAllows(mode).mobileBox ? refuse('election.errors.mobileBoxNotInMode', { mode }) : allowed;
}

export function checkRepresentativesPerGroup(mode: ElectionMode, perGroup: number | undefined): Verdict {
  if (mode !== 'group_representatives') return allowed;
  if (
    perGroup === undefined ||
    !Number.isInteger(perGroup) ||
    perGroup < REPRESENTATIVES_PER_GROUP.min ||
    perGroup > REPRESENTATIVES_PER_GROUP.max
  )
    return refuse('election.errors.representativesPerGroup', { min: REPRESENTATIVES_PER_GROUP.min, max: REPRESENTATIVES_PER_GROUP.max });
  return allowed;
}

/** Every cross-field rule of a plan, in the order a person would fix them. Empty = acceptable. */
export function planProblems(plan: ElectionPlan): Array<{ path: string[]; key: string; params?: Record<string, string | number> }> {
  const problems: Array<{ path: string[]; key: string; params?: Record<string, string | number> }> = [];
  const add = (path: string[], v: Verdict) => {
    if (!v.ok) problems.push({ path, key: v.key, ...(v.params ? { params: v.params } : {}) });
  };
  // A by-election's seats are checked against its vacancies instead (schemas.ts, by-election.ts).
  if (!plan.byElection) add(['seats'], checkSeats(plan.seats));
  add(['memberMargin'], checkMemberMargin(plan.memberMargin));
  add(['electionCommitteeSize'], checkElectionCommitteeSize(plan.electionCommitteeSize));
  add(['onlineVoting', 'approvalRef'], checkOnlineVoting(plan.onlineVoting));
  add(['onlineVoting', 'enabled'], checkOnlineVotingMode(plan.mode, plan.onlineVoting));
  add(['mobileBox'], checkMobileBox(plan.mode, plan.mobileBox));
  add(['representativesPerGroup'], checkRepresentativesPerGroup(plan.mode, plan.representativesPerGroup));
  return problems;
}
