/**
 * The sequence of ballot rounds of one election (DOMAIN.md §4.7, §8 #7 #19 #20 #21), built on the
 * pure rules of `tally.ts`:
 *
 *   main ──tie at the cut-off──▶ tie revote (repeat while tied, at most MAX_TIE_REVOTES)
 *     └─unfilled seats──▶ runoff 另行选举 ──tie──▶ tie revote ──▶ final
 *   a round with more ballots returned than issued is void and repeated;
 *   a main round with turnout not above half voids the election (re-run ≤ 30 days);
 *   a later round that misses the turnout, or is not held in time, leaves its seats vacant.
 *
 * Pure: the workflow calls `afterRound` with each decided round and does what `next` says.
 */
import { refuse } from '../errors';
import type { BallotForm } from './ballot';
import type { ContestMargins, Office } from './plan';
import {
  applyTieRevote,
  committeeOutcome,
  electedIds,
  planRunoff,
  tieRevoteForm,
  vacanciesAfterRunoff,
  type CommitteeOutcome,
  type OfficeResult,
  type RoundKind,
  type RoundOutcome,
  type SeatedMember,
  type Vacancy,
} from './tally';

export type Decided = Extract<RoundOutcome, { kind: 'decided' }>;

/** PLATFORM: after three tied revotes in a row the seats in question stay vacant (by-election). */
export const MAX_TIE_REVOTES = 3;

export type RoundsProgress = {
  stage: 'main' | 'runoff';
  /** The settled main round (its tie revotes folded in). */
  main: Decided | null;
  /** The decided round of the current stage, tie revotes folded in, while ties remain. */
  pending: Decided | null;
  tieRevotes: number;
  /** Seats already known to be vacant (no runoff possible, or a later round failed). */
  vacancies: Vacancy[];
};

export const startProgress = (): RoundsProgress => ({ stage: 'main', main: null, pending: null, tieRevotes: 0, vacancies: [] });

export type FinalResult = {
  members: SeatedMember[];
  vacancies: Vacancy[];
  committee: CommitteeOutcome;
};

export type NextStep =
  | { kind: 'round'; round: RoundKind; form: BallotForm; alreadyElected: string[]; repeated?: boolean }
  | { kind: 'final'; result: FinalResult }
  | { kind: 'void'; key: string; params: Record<string, string | number> };

const seated = (d: Decided | null): SeatedMember[] =>
  d ? d.offices.flatMap((o) => o.elected.map((e) => ({ personId: e.personId, office: o.office, votes: e.votes }))) : [];

function finish(progress: RoundsProgress, runoff: Decided | null): NextStep {
  const members = [...seated(progress.main), ...seated(runoff)];
  const vacancies = mergeVacancies(progress.vacancies);
  return { kind: 'final', result: { members, vacancies, committee: committeeOutcome(members, vacancies) } };
}

function mergeVacancies(list: readonly Vacancy[]): Vacancy[] {
  const by = new Map<Office, Vacancy>();
  for (const v of list) {
    const had = by.get(v.office);
    by.set(v.office, had ? { ...had, seats: had.seats + v.seats } : { ...v });
  }
  return [...by.values()];
}

/** Ties that cannot be revoted any more become unfilled seats. */
function dropTies(d: Decided): Decided {
  return {
    ...d,
    offices: d.offices.map((o): OfficeResult => (o.tieAtCutoff ? { ...o, unfilled: o.unfilled + o.tieAtCutoff.seats, tieAtCutoff: null } : o)),
  };
}

const allElected = (p: RoundsProgress, d: Decided | null) => [...(p.main ? electedIds(p.main) : []), ...(d ? electedIds(d) : [])];

/** The stage's round is settled (no ties left): move on to a runoff or finish. */
function settle(progress: RoundsProgress, settled: Decided, margins: ContestMargins): { progress: RoundsProgress; next: NextStep } {
  if (progress.stage === 'main') {
    const plan = planRunoff(settled, margins);
    const p: RoundsProgress = { stage: 'runoff', main: settled, pending: null, tieRevotes: 0, vacancies: [...progress.vacancies, ...plan.vacancies] };
    if (!plan.form) return { progress: p, next: finish(p, null) };
    return { progress: p, next: { kind: 'round', round: 'runoff', form: plan.form, alreadyElected: electedIds(settled) } };
  }
  const p: RoundsProgress = { ...progress, pending: null, vacancies: [...progress.vacancies, ...vacanciesAfterRunoff(settled)] };
  return { progress: p, next: finish(p, settled) };
}

/** Seats a round was deciding, as vacancies (the round failed or was not held in time). */
function seatsOf(form: BallotForm, key: string): Vacancy[] {
  return form.sections.map((s) => ({ office: s.office, seats: s.seats, key }));
}

/**
 * What follows a counted round. `round`/`form`/`alreadyElected` describe the round just counted.
 */
export function afterRound(
  progress: RoundsProgress,
  round: { kind: RoundKind; form: BallotForm; alreadyElected: string[] },
  outcome: RoundOutcome,
  margins: ContestMargins,
): { progress: RoundsProgress; next: NextStep } {
  if (outcome.kind === 'void') {
    if (outcome.key === 'election.errors.ballotsExceedIssued')
      return { progress, next: { kind: 'round', round: round.kind, form: round.form, alreadyElected: round.alreadyElected, repeated: true } };
    if (progress.stage === 'main' && round.kind === 'main') return { progress, next: { kind: 'void', key: outcome.key, params: outcome.params } };
    return lapse(progress, round.form, margins, 'election.errors.seatsVacant');
  }

  let pending: Decided;
  if (round.kind === 'tieRevote') {
    if (!progress.pending) throw new RangeError('a tie revote needs a pending round');
    pending = applyTieRevote(progress.pending, outcome);
  } else pending = outcome;
  const tieRevotes = round.kind === 'tieRevote' ? progress.tieRevotes + 1 : 0;

  const tie = tieRevoteForm(pending);
  if (tie && tieRevotes < MAX_TIE_REVOTES) {
    const p = { ...progress, pending, tieRevotes };
    return { progress: p, next: { kind: 'round', round: 'tieRevote', form: tie, alreadyElected: allElected(progress, pending) } };
  }
  return settle({ ...progress, pending: null, tieRevotes }, tie ? dropTies(pending) : pending, margins);
}

/**
 * The next round was not held in time (runoff after E+7, tie revote after the next day), or it
 * failed its turnout: the seats it was to fill stay vacant and the election goes on with the rest
 * (a lapsed tie revote of the main round still leads to a runoff for other unfilled seats).
 * A repeat of a void main round that is not held leaves the election void.
 */
export function lapse(
  progress: RoundsProgress,
  form: BallotForm,
  margins: ContestMargins,
  key = 'election.errors.roundNotHeld',
): { progress: RoundsProgress; next: NextStep } {
  const vacancies = [...progress.vacancies, ...seatsOf(form, key)];
  if (progress.pending) {
    const withoutTies: Decided = { ...progress.pending, offices: progress.pending.offices.map((o) => ({ ...o, tieAtCutoff: null })) };
    return settle({ ...progress, pending: null, tieRevotes: 0, vacancies }, withoutTies, margins);
  }
  if (progress.stage === 'main') return { progress, next: { kind: 'void', key: 'election.errors.repeatNotHeld', params: {} } };
  const p: RoundsProgress = { ...progress, vacancies };
  return { progress: p, next: finish(p, null) };
}

/** Refusal shown when a round is opened that is not the one due. */
export const noRoundDue = () => refuse('election.errors.noRoundDue');
