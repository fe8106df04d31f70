/**
 * Counting, validity and winners (DOMAIN.md §4.1, §4.7, §3.2 paper rule, §8 #7 #13 #19 #20 #21).
 *
 *   main round   valid if turnout > half of the electorate; elected if yes > half of ballots
 *                returned (blank and void included) — 双过半; too many qualify → most votes win.
 *   tie revote   a tie at the cut-off → revote among the tied for the seats left, most votes win.
 *   runoff       另行选举 for unfilled seats among the best-placed losers (unfilled + margin);
 *                most votes win, each needing ≥ 1/3 of ballots returned; turnout rule still applies.
 *   vacancy      seats still unfilled stay vacant; by-election ≤ 3 months.
 * Any round with more ballots returned than issued is void and repeated.
 */
import { allowed, refuse, type Verdict } from '../errors';
import { emptyVotes, type BallotForm, type BallotTotals } from './ballot';
import { atLeastOneThird, isNonNegativeInteger, moreThanHalf } from './numbers';
import { OFFICES, type ContestMargins, type ElectionMode, type Office } from './plan';

// ---- electorate -----------------------------------------------------------------------------

export type ElectorateCounts = {
  registeredVoters: number;
  registeredHouseholds: number;
  /** All group representatives, voting or not. */
  groupRepresentatives: number;
};

/** Validity denominator per mode (§4.1). */
export function electorateSize(mode: ElectionMode, c: ElectorateCounts): number {
  switch (mode) {
    case 'direct':
      return c.registeredVoters;
    case 'household':
      return c.registeredHouseholds;
    case 'group_representatives':
      return c.groupRepresentatives;
  }
}

/** Election valid only if more than half of the electorate took part (2x > n). */
export const turnoutValid = (returned: number, electorate: number): boolean => moreThanHalf(returned, electorate);

// ---- paper totals entered by the committee (§3.2, §8 #13) -----------------------------------

export type PaperTotals = {
  /** Central box, a mobile box 流动票箱, or a polling station. */
  boxId: string;
  issued: number;
  returned: number;
  votes: Partial<Record<Office, Record<string, number>>>;
  voidSections?: Partial<Record<Office, number>>;
  enteredBy: string;
  confirmedBy: string | null;
  scanAttached: boolean;
};

/** Paper totals count only when a second person confirmed them and the signed sheet scan is attached. */
export function checkPaperTotalsConfirmed(t: Pick<PaperTotals, 'enteredBy' | 'confirmedBy' | 'scanAttached'>): Verdict {
  if (t.confirmedBy === null || t.confirmedBy.trim() === '') return refuse('election.errors.paperUnconfirmed');
  if (t.confirmedBy === t.enteredBy) return refuse('election.errors.paperSelfConfirmed');
  if (!t.scanAttached) return refuse('election.errors.paperScanMissing');
  return allowed;
}

/**
 * Arithmetic sanity of one box's sheet against the round's ballot form. Returned > issued is NOT
 * refused here: it is a fact to record, and it voids the round (§8 #19).
 */
export function checkPaperTotalsConsistent(t: PaperTotals, form: BallotForm): Verdict {
  if (!isNonNegativeInteger(t.issued) || !isNonNegativeInteger(t.returned))
    return refuse('election.errors.paperTotalsInconsistent', { boxId: t.boxId });
  const offices = new Set(form.sections.map((s) => s.office));
  for (const office of Object.keys(t.votes) as Office[])
    if (!offices.has(office)) return refuse('election.errors.ballotUnknownOffice', { office });
  for (const fs of form.sections) {
    const office = fs.office;
    const voided = t.voidSections?.[office] ?? 0;
    const votes = t.votes[office] ?? {};
    const listed = new Set(fs.candidateIds);
    if (!isNonNegativeInteger(voided) || voided > t.returned)
      return refuse('election.errors.paperTotalsInconsistent', { boxId: t.boxId, office });
    let sum = 0;
    for (const [personId, n] of Object.entries(votes)) {
      if (!isNonNegativeInteger(n) || n > t.returned - voided)
        return refuse('election.errors.paperTotalsInconsistent', { boxId: t.boxId, office });
      if (!listed.has(personId) && !form.writeInsAllowed) return refuse('election.errors.notACandidate', { office });
      sum += n;
    }
    if (sum > fs.seats * (t.returned - voided)) return refuse('election.errors.paperTotalsInconsistent', { boxId: t.boxId, office });
  }
  return allowed;
}

// ---- combining online and paper ---------------------------------------------------------------

export type RoundCount = {
  issued: number;
  returned: number;
  votes: Record<Office, Record<string, number>>;
  /** Boxes (or 'online') where more ballots came back than were issued. */
  overReturned: string[];
};

export type OnlineCount = {
  /** Participation flags set for this round (online ballots issued). */
  issued: number;
  totals: BallotTotals;
};

export type CombineResult =
  | { kind: 'ready'; count: RoundCount }
  | { kind: 'awaitingConfirmation'; boxes: Array<{ boxId: string; key: string }> };

/** Online ballots plus confirmed paper totals. Any unconfirmed box holds the decision back. */
export function combineCounts(online: OnlineCount | null, paper: readonly PaperTotals[]): CombineResult {
  const pending: Array<{ boxId: string; key: string }> = [];
  for (const t of paper) {
    const v = checkPaperTotalsConfirmed(t);
    if (!v.ok) pending.push({ boxId: t.boxId, key: v.key });
  }
  if (pending.length > 0) return { kind: 'awaitingConfirmation', boxes: pending };

  const count: RoundCount = { issued: 0, returned: 0, votes: emptyVotes(), overReturned: [] };
  const add = (office: Office, votes: Record<string, number>) => {
    for (const [id, n] of Object.entries(votes)) count.votes[office][id] = (count.votes[office][id] ?? 0) + n;
  };
  if (online) {
    count.issued += online.issued;
    count.returned += online.totals.returned;
    if (online.totals.returned > online.issued) count.overReturned.push('online');
    for (const o of OFFICES) add(o, online.totals.votes[o]);
  }
  for (const t of paper) {
    count.issued += t.issued;
    count.returned += t.returned;
    if (t.returned > t.issued) count.overReturned.push(t.boxId);
    for (const o of OFFICES) add(o, t.votes[o] ?? {});
  }
  if (count.returned > count.issued && count.overReturned.length === 0) count.overReturned.push('total');
  return { kind: 'ready', count };
}

// ---- deciding a round -----------------------------------------------------------------------

export type RoundKind = 'main' | 'runoff' | 'tieRevote';

export type Standing = { personId: string; votes: number };

export type TieAtCutoff = { personIds: string[]; seats: number; votes: number };

export type OfficeResult = {
  office: Office;
  seats: number;
  /** Everyone who could win this office in this round, best first (listed candidates with 0 votes included). */
  ranking: Standing[];
  elected: Standing[];
  /** Tied at the cut-off: revote among them for `seats`, the same or the next day (§8 #7). */
  tieAtCutoff: TieAtCutoff | null;
  /** Seats neither filled nor awaiting a tie revote. */
  unfilled: number;
};

export type RoundOutcome =
  | { kind: 'void'; key: string; params: Record<string, string | number> }
  | { kind: 'decided'; round: RoundKind; returned: number; offices: OfficeResult[] };

export type RoundInput = {
  round: RoundKind;
  electorate: number;
  count: RoundCount;
  form: BallotForm;
  /** Persons elected in earlier rounds of this election (they cannot win a second seat). */
  alreadyElected?: readonly string[];
};

/** May this person win on `votes` of `returned` in this kind of round? */
export function meetsThreshold(round: RoundKind, votes: number, returned: number): boolean {
  if (votes <= 0) return false;
  if (round === 'main') return moreThanHalf(votes, returned); // 双过半
  if (round === 'runoff') return atLeastOneThird(votes, returned);
  return true; // tie revote: the tied already met the threshold; most votes win
}

/** Most votes win; a tie straddling the last seat is returned instead of being broken. */
function fillSeats(qualified: Standing[], seats: number): Pick<OfficeResult, 'elected' | 'tieAtCutoff' | 'unfilled'> {
  if (seats <= 0) return { elected: [], tieAtCutoff: null, unfilled: 0 };
  if (qualified.length <= seats) return { elected: qualified, tieAtCutoff: null, unfilled: seats - qualified.length };
  const cut = qualified[seats - 1]!.votes;
  if (qualified[seats]!.votes < cut) return { elected: qualified.slice(0, seats), tieAtCutoff: null, unfilled: 0 };
  const above = qualified.filter((s) => s.votes > cut);
  const tied = qualified.filter((s) => s.votes === cut);
  return { elected: above, tieAtCutoff: { personIds: tied.map((s) => s.personId), seats: seats - above.length, votes: cut }, unfilled: 0 };
}

/**
 * Decide one round. Offices are decided in precedence order (director, deputy, member); a person
 * elected to a higher office drops out of the lower offices' rankings.
 */
export function decideRound(input: RoundInput): RoundOutcome {
  const { count, electorate } = input;
  if (count.overReturned.length > 0 || count.returned > count.issued)
    return {
      kind: 'void',
      key: 'election.errors.ballotsExceedIssued',
      params: { issued: count.issued, returned: count.returned },
    };
  if (!turnoutValid(count.returned, electorate))
    return {
      kind: 'void',
      key: 'election.errors.turnoutShort',
      params: { returned: count.returned, electorate, needed: Math.floor(electorate / 2) + 1 },
    };

  const taken = new Set(input.alreadyElected ?? []);
  const offices: OfficeResult[] = [];
  for (const fs of input.form.sections) {
    const votes = count.votes[fs.office];
    const order = new Map<string, number>();
    fs.candidateIds.forEach((id, i) => order.set(id, i));
    const people = new Set<string>(fs.candidateIds);
    if (input.form.writeInsAllowed) for (const id of Object.keys(votes)) people.add(id);
    const ranking = [...people]
      .filter((id) => !taken.has(id))
      .map((personId) => ({ personId, votes: votes[personId] ?? 0 }))
      .sort(
        (a, b) =>
          b.votes - a.votes ||
          (order.get(a.personId) ?? Infinity) - (order.get(b.personId) ?? Infinity) ||
          (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0),
      );
    const qualified = ranking.filter((s) => meetsThreshold(input.round, s.votes, count.returned));
    const seated = fillSeats(qualified, fs.seats);
    for (const s of seated.elected) taken.add(s.personId);
    offices.push({ office: fs.office, seats: fs.seats, ranking, ...seated });
  }
  return { kind: 'decided', round: input.round, returned: count.returned, offices };
}

// ---- after a round ----------------------------------------------------------------------------

export const electedIds = (o: Extract<RoundOutcome, { kind: 'decided' }>): string[] =>
  o.offices.flatMap((r) => r.elected.map((s) => s.personId));

/** Ballot for the revote among the tied: only the tied, no write-ins, the seats still open. */
export function tieRevoteForm(o: Extract<RoundOutcome, { kind: 'decided' }>): BallotForm | null {
  const sections = o.offices
    .filter((r) => r.tieAtCutoff !== null)
    .map((r) => ({ office: r.office, seats: r.tieAtCutoff!.seats, candidateIds: [...r.tieAtCutoff!.personIds] }));
  return sections.length === 0 ? null : { sections, writeInsAllowed: false };
}

/**
 * Fold a decided tie revote into the round it resolves: winners join the elected, a repeated tie
 * replaces the old one. Rankings stay those of the original round (runoff candidates come from them).
 */
export function applyTieRevote(
  original: Extract<RoundOutcome, { kind: 'decided' }>,
  revote: Extract<RoundOutcome, { kind: 'decided' }>,
): Extract<RoundOutcome, { kind: 'decided' }> {
  return {
    ...original,
    offices: original.offices.map((r) => {
      const rv = revote.offices.find((x) => x.office === r.office);
      if (!rv || !r.tieAtCutoff) return r;
      const originalVotes = new Map(r.ranking.map((s) => [s.personId, s.votes]));
      return {
        ...r,
        elected: [...r.elected, ...rv.elected.map((s) => ({ personId: s.personId, votes: originalVotes.get(s.personId) ?? 0 }))],
        tieAtCutoff: rv.tieAtCutoff,
        unfilled: r.unfilled + rv.unfilled,
      };
    }),
  };
}

export type Vacancy = { office: Office; seats: number; key: string };

export type RunoffPlan = { form: BallotForm | null; vacancies: Vacancy[] };

/**
 * Runoff 另行选举 for seats the main round left unfilled: per office the best-placed losers,
 * unfilled + margin of them (everyone tied at the last place is included). An office with no more
 * losers than open seats cannot hold a contested runoff: its seats become vacant.
 * Write-ins are off by default: the runoff chooses among the best-placed losers.
 */
export function planRunoff(
  main: Extract<RoundOutcome, { kind: 'decided' }>,
  margins: ContestMargins,
  opts: { writeInsAllowed?: boolean } = {},
): RunoffPlan {
  if (main.offices.some((r) => r.tieAtCutoff)) throw new RangeError('revote the tie at the cut-off before planning a runoff');
  const elected = new Set(electedIds(main));
  const sections: BallotForm['sections'] = [];
  const vacancies: Vacancy[] = [];
  for (const r of main.offices) {
    if (r.unfilled === 0) continue;
    const losers = r.ranking.filter((s) => !elected.has(s.personId));
    if (losers.length <= r.unfilled) {
      vacancies.push({ office: r.office, seats: r.unfilled, key: 'election.errors.runoffTooFewCandidates' });
      continue;
    }
    const wanted = r.unfilled + margins[r.office];
    const lastVotes = losers[Math.min(wanted, losers.length) - 1]!.votes;
    const chosen = losers.filter((s, i) => i < wanted || s.votes === lastVotes);
    sections.push({ office: r.office, seats: r.unfilled, candidateIds: chosen.map((s) => s.personId) });
  }
  return { form: sections.length === 0 ? null : { sections, writeInsAllowed: opts.writeInsAllowed ?? false }, vacancies };
}

/** Seats still unfilled after the runoff (and its tie revotes): vacant, by-election ≤ 3 months (§8 #21). */
export function vacanciesAfterRunoff(runoff: Extract<RoundOutcome, { kind: 'decided' }>): Vacancy[] {
  if (runoff.offices.some((r) => r.tieAtCutoff)) throw new RangeError('revote the tie at the cut-off first');
  return runoff.offices
    .filter((r) => r.unfilled > 0)
    .map((r) => ({ office: r.office, seats: r.unfilled, key: 'election.errors.seatsVacant' }));
}

// ---- the new committee ----------------------------------------------------------------------

export const MIN_WORKING_COMMITTEE = 3;

export type SeatedMember = { personId: string; office: Office; votes: number };

export type CommitteeOutcome = {
  members: SeatedMember[];
  vacancies: Vacancy[];
  /** PLATFORM: the committee works if at least 3 members are seated. */
  works: boolean;
  /** Director, else the deputy with most votes; `tied` when deputies tie. */
  presiding: { personId: string } | { tied: string[] } | null;
};

export function committeeOutcome(members: readonly SeatedMember[], vacancies: readonly Vacancy[]): CommitteeOutcome {
  const director = members.find((m) => m.office === 'director');
  let presiding: CommitteeOutcome['presiding'] = null;
  if (director) presiding = { personId: director.personId };
  else {
    const deputies = members.filter((m) => m.office === 'deputy');
    const top = Math.max(...deputies.map((d) => d.votes));
    const best = deputies.filter((d) => d.votes === top);
    if (best.length === 1) presiding = { personId: best[0]!.personId };
    else if (best.length > 1) presiding = { tied: best.map((d) => d.personId) };
  }
  return { members: [...members], vacancies: [...vacancies], works: members.length >= MIN_WORKING_COMMITTEE, presiding };
}

// ---- whole-election validity (§4.7 "Void") ----------------------------------------------------

export type ElectionFacts = {
  electionCommitteeProperlyFormed: boolean;
  candidatesLawful: boolean;
  contestRuleKept: boolean;
  turnoutMet: boolean;
  ballotsWithinIssued: boolean;
  publicCount: boolean;
  announcedOnSpot: boolean;
};

/** Every ground on which the election is void; empty = may be certified. Re-run ≤ 30 days. */
export function electionVoidReasons(f: ElectionFacts): string[] {
  const reasons: string[] = [];
  if (!f.electionCommitteeProperlyFormed) reasons.push('election.void.electionCommittee');
  if (!f.candidatesLawful) reasons.push('election.void.unlawfulCandidates');
  if (!f.turnoutMet) reasons.push('election.void.turnoutShort');
  if (!f.contestRuleKept) reasons.push('election.void.contestRuleBroken');
  if (!f.ballotsWithinIssued) reasons.push('election.void.ballotsExceedIssued');
  if (!f.publicCount) reasons.push('election.void.noPublicCount');
  if (!f.announcedOnSpot) reasons.push('election.void.notAnnounced');
  return reasons;
}
