/**
 * Nominations and the formal candidate list 正式候选人名单 (DOMAIN.md §4.3, §8 #8, #18).
 * Contest rule 差额: director and deputies exactly seats + 1; members seats + the plan's margin
 * (1–3). Equal-number lists 等额 are blocked. Too few → nomination reopened ≥ 3 days;
 * too many → a primary 预选 narrows the nominees.
 */
import { allowed, refuse, type Refusal, type Verdict } from '../errors';
import type { Gender } from './idcard';
import { OFFICES, candidatesNeeded, checkElectionCommitteeSize, contestMargins, type ElectionPlan, type Office } from './plan';

export type Candidate = {
  personId: string;
  office: Office;
  gender: Gender;
  /** Votes received in nomination (or the primary): the list is ordered by them. */
  nominationVotes: number;
};

export type ListProblem = {
  key: string;
  params: { office: Office; seats: number; candidates: number; needed: number };
  /** What the election committee does next. */
  remedy: 'reopenNomination' | 'holdPrimary';
};

export type ListWarning = { key: string; params?: Record<string, string | number> };

export type CandidateListCheck =
  | { ok: true; warnings: ListWarning[] }
  | (Refusal & { problems: ListProblem[]; warnings: ListWarning[] });

/** A formal candidate stands for one office only (fixed). */
export function checkOneOfficeEach(candidates: readonly Pick<Candidate, 'personId' | 'office'>[]): Verdict {
  const seen = new Map<string, Office>();
  for (const c of candidates) {
    const office = seen.get(c.personId);
    if (office !== undefined)
      return refuse(office === c.office ? 'election.errors.candidateListedTwice' : 'election.errors.candidateMultipleOffices', {
        personId: c.personId,
      });
    seen.set(c.personId, c.office);
  }
  return allowed;
}

/** How many candidates each office's list must carry under this plan. */
export function neededCandidates(plan: Pick<ElectionPlan, 'seats' | 'memberMargin'>): Record<Office, number> {
  const m = contestMargins(plan);
  return {
    director: candidatesNeeded(plan.seats.director, m.director),
    deputy: candidatesNeeded(plan.seats.deputy, m.deputy),
    member: candidatesNeeded(plan.seats.member, m.member),
  };
}

/**
 * May the list be finalized? Refuses with the first problem (office order director → member) and
 * lists them all; warns (never refuses) when no woman stands.
 */
export function checkCandidateList(
  plan: Pick<ElectionPlan, 'seats' | 'memberMargin'>,
  candidates: readonly Candidate[],
): CandidateListCheck {
  const warnings: ListWarning[] = [];
  if (!candidates.some((c) => c.gender === 'female')) warnings.push({ key: 'election.warnings.noWomanCandidate' });

  const once = checkOneOfficeEach(candidates);
  if (!once.ok) return { ...once, problems: [], warnings };

  const needed = neededCandidates(plan);
  const problems: ListProblem[] = [];
  for (const office of OFFICES) {
    const seats = plan.seats[office];
    const count = candidates.filter((c) => c.office === office).length;
    const params = { office, seats, candidates: count, needed: needed[office] };
    if (count === needed[office]) continue;
    if (count < needed[office])
      problems.push({
        key: seats > 0 && count === seats ? 'election.errors.equalNumberBlocked' : 'election.errors.tooFewCandidates',
        params,
        remedy: 'reopenNomination',
      });
    else problems.push({ key: seats === 0 ? 'election.errors.officeHasNoSeats' : 'election.errors.tooManyCandidates', params, remedy: 'holdPrimary' });
  }
  const first = problems[0];
  if (!first) return { ok: true, warnings };
  return { ...refuse(first.key, first.params), problems, warnings };
}

/** The formal list in nomination-vote order (ties keep the order given, e.g. by surname strokes). */
export function orderCandidateList<T extends Candidate>(candidates: readonly T[]): T[] {
  return candidates
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c.nominationVotes - a.c.nominationVotes || a.i - b.i)
    .map(({ c }) => c);
}

/**
 * The `needed` best-ranked nominees of an office go forward (after a primary 预选). When nominees
 * tie at the cut, `selected` holds only those clearly above it and `tied` those still to be decided.
 */
export function selectFromRanking<T extends Candidate>(
  ranked: readonly T[],
  office: Office,
  needed: number,
): { selected: T[]; tied: T[] } {
  const pool = orderCandidateList(ranked.filter((c) => c.office === office));
  if (pool.length <= needed) return { selected: pool, tied: [] };
  const cutVotes = pool[needed - 1]!.nominationVotes;
  const above = pool.filter((c) => c.nominationVotes > cutVotes);
  const atCut = pool.filter((c) => c.nominationVotes === cutVotes);
  if (above.length + atCut.length === needed) return { selected: [...above, ...atCut], tied: [] };
  return { selected: above, tied: atCut };
}

// ---- nomination -----------------------------------------------------------------------------

export const JOINT_NOMINATION_MIN = 10;

/** A voter nominates up to the seats of each office (§4.3). */
export function checkVoterNomination(
  plan: Pick<ElectionPlan, 'seats'>,
  picks: Partial<Record<Office, readonly string[]>>,
): Verdict {
  for (const office of OFFICES) {
    const names = picks[office] ?? [];
    if (new Set(names).size !== names.length) return refuse('election.errors.nominatedTwice', { office });
    if (names.length > plan.seats[office])
      return refuse('election.errors.tooManyNominations', { office, seats: plan.seats[office] });
  }
  return allowed;
}

/** Joint nomination 联名推荐 needs ≥ 10 distinct voters. */
export function checkJointNomination(supporterIds: readonly string[]): Verdict {
  const distinct = new Set(supporterIds).size;
  return distinct >= JOINT_NOMINATION_MIN
    ? allowed
    : refuse('election.errors.jointNominationTooFew', { min: JOINT_NOMINATION_MIN, count: distinct });
}

// ---- withdrawal after the list (§8 #18) ----------------------------------------------------

export type WithdrawalOutcome =
  /** Until E−3: the gap is filled from the ranking and the list republished. */
  | { kind: 'backfilled'; list: Candidate[]; replacement: Candidate }
  /** Until E−3 but nobody left to fill the gap: the list breaks the contest rule; reopen nomination. */
  | { kind: 'noReplacement'; list: Candidate[] }
  /** After E−3: the name stays on the ballot; a seat won and refused goes to a by-election. */
  | { kind: 'staysOnBallot'; list: Candidate[] };

/**
 * A formal candidate withdraws in writing. `reserve` = nominees not on the list, in ranking order
 * (nomination or primary votes); the best one for the same office fills the gap.
 */
export function withdrawCandidate(
  list: readonly Candidate[],
  personId: string,
  reserve: readonly Candidate[],
  beforeDeadline: boolean,
): WithdrawalOutcome {
  const leaving = list.find((c) => c.personId === personId);
  if (!leaving) throw new RangeError('not a formal candidate');
  if (!beforeDeadline) return { kind: 'staysOnBallot', list: [...list] };
  const rest = list.filter((c) => c.personId !== personId);
  const onList = new Set(list.map((c) => c.personId));
  const replacement = orderCandidateList(reserve.filter((c) => c.office === leaving.office && !onList.has(c.personId)))[0];
  if (!replacement) return { kind: 'noReplacement', list: orderCandidateList(rest) };
  return { kind: 'backfilled', list: orderCandidateList([...rest, replacement]), replacement };
}

// ---- who may do what ------------------------------------------------------------------------

/** Election-committee members nominated as formal candidates leave the committee (§4.3). */
export function electionCommitteeAfterNomination(
  memberIds: readonly string[],
  candidateIds: readonly string[],
): { remaining: string[]; leaving: string[]; needsReplenishing: boolean } {
  const cand = new Set(candidateIds);
  const remaining = memberIds.filter((m) => !cand.has(m));
  const leaving = memberIds.filter((m) => cand.has(m));
  return { remaining, leaving, needsReplenishing: !checkElectionCommitteeSize(remaining.length).ok };
}

/** Candidates and their close relatives may not distribute, scrutinize, call or count ballots (§4.3). */
export function checkMayHandleBallots(personId: string, candidateIds: ReadonlySet<string>, closeRelativesOfCandidates: ReadonlySet<string>): Verdict {
  if (candidateIds.has(personId)) return refuse('election.errors.candidateMayNotHandleBallots');
  if (closeRelativesOfCandidates.has(personId)) return refuse('election.errors.relativeMayNotHandleBallots');
  return allowed;
}
