/**
 * The election process 换届选举 (DOMAIN.md §4.2): phases, the snapshot the workflow keeps and writes
 * to the read model, and the one check every committee command passes — used by the workflow's
 * Update validator (to refuse early with a key), by the workflow itself, and by the pages (to show
 * only the actions a person may take, and from when).
 *
 * Phases in order. Transitions marked ⏱ are durable timers; ✋ are commands of people that are
 * allowed only once the statutory minimum period (scaled by `dayMs`) has passed:
 *
 *   preparation ⏱ registration ✋ register_published ⏱ nomination ✋ candidates_published
 *   ⏱ voting ✋ counting ✋ (awaiting_round ✋ voting …) results ⏱ closed      | void
 */
import { allowed, refuse, type Verdict } from '../errors';
import type { Role } from '../roles';
import type { BallotForm } from './ballot';
import { checkCandidateList, checkOneOfficeEach, type ListWarning } from './candidates';
import type { Gender } from './idcard';
import { CANDIDATE_LIST_LEAD_DAYS, type ElectionPlan, type Office } from './plan';
import { checkActor, type ElectionAction } from './permissions';
import type { FinalResult, RoundsProgress } from './rounds';
import { checkPaperTotalsConfirmed, checkPaperTotalsConsistent, type PaperTotals, type RoundCount, type RoundKind, type RoundOutcome } from './tally';
import { ELECTION_DAYS, type ElectionSchedule } from './timeline';
import { isNonNegativeInteger } from './numbers';
import { phaseIndex, type ElectionPhase } from './phases';

export { ELECTION_PHASES, isRunning, phaseIndex, type ElectionPhase } from './phases';

export type CommitteeMember = { userId: string; name: string; chair: boolean; left: boolean };

/** A nominee 被提名人 (from the register). On finalization the nominees become the formal list. */
export type Nominee = {
  voterId: string;
  name: string;
  gender: Gender;
  office: Office;
  nominationVotes: number;
  /** The nominee's account, if any: a committee member nominated as a formal candidate leaves (§4.3). */
  userId: string | null;
};

export type PaperEntryInput = Pick<PaperTotals, 'boxId' | 'issued' | 'returned' | 'votes' | 'voidSections'>;
export type PaperEntry = PaperEntryInput & { enteredBy: string; confirmedBy: string | null; scanAttachmentId: string | null };

export type OpenRound = {
  no: number;
  kind: RoundKind;
  form: BallotForm;
  /** Elected in earlier rounds (cannot win a second seat). */
  alreadyElected: string[];
  openedAt: number;
  /** Polls may be closed from here on (end of polling day for the main round). */
  closableAt: number;
  closedAt: number | null;
  paper: PaperEntry[];
};

export type RoundRecord = {
  no: number;
  kind: RoundKind;
  form: BallotForm;
  electorate: number;
  count: RoundCount;
  onlineIssued: number;
  onlineReturned: number;
  paper: PaperEntry[];
  voidSections: Record<Office, number>;
  outcome: RoundOutcome;
  receipts: { count: number; digest: string };
  talliedAt: number;
};

export type ResultObjection = {
  id: string;
  raisedBy: string;
  raisedAt: number;
  body: string;
  status: 'open' | 'upheld' | 'dismissed';
  ruling: { by: string; at: number; reasons: string } | null;
};

export type DueRound = { kind: RoundKind; form: BallotForm; alreadyElected: string[]; dueBy: number; repeated: boolean };

export type ElectionSnapshot = {
  electionId: string;
  communityId: string;
  title: string;
  plan: ElectionPlan;
  dayMs: number;
  schedule: ElectionSchedule;
  phase: ElectionPhase;
  step: number;
  committee: CommitteeMember[];
  nominees: Nominee[];
  /** The formal list 正式候选人, in list order, once published. */
  candidates: Nominee[] | null;
  listWarnings: ListWarning[];
  registerPublishedAt: number | null;
  candidatesPublishedAt: number | null;
  /** When the first round opens (the later of E and five days after a late list). */
  pollsOpenAt: number | null;
  importsRunning: string[];
  round: OpenRound | null;
  rounds: RoundRecord[];
  progress: RoundsProgress;
  nextRound: DueRound | null;
  result: FinalResult | null;
  voidReason: { key: string; params: Record<string, string | number> } | null;
  resultsPublishedAt: number | null;
  resultsVisibleUntil: number | null;
  objections: ResultObjection[];
  /** Ids of the disclosures published so far (a correction references the one it corrects). */
  disclosures: { plan: string | null; candidates: string | null; result: string | null };
};

/** The snapshot an election starts with (phase `preparation`, step 0), before the workflow runs. */
export function initialSnapshot(a: {
  electionId: string;
  communityId: string;
  title: string;
  plan: ElectionPlan;
  dayMs: number;
  schedule: ElectionSchedule;
  committee: CommitteeMember[];
}): ElectionSnapshot {
  return {
    ...a,
    phase: 'preparation',
    step: 0,
    nominees: [],
    candidates: null,
    listWarnings: [],
    registerPublishedAt: null,
    candidatesPublishedAt: null,
    pollsOpenAt: null,
    importsRunning: [],
    round: null,
    rounds: [],
    progress: { stage: 'main', main: null, pending: null, tieRevotes: 0, vacancies: [] },
    nextRound: null,
    result: null,
    voidReason: null,
    resultsPublishedAt: null,
    resultsVisibleUntil: null,
    objections: [],
    disclosures: { plan: null, candidates: null, result: null },
  };
}

// ─── commands ───────────────────────────────────────────────────────────────────────────────────

export type ElectionCommand =
  | { action: 'importRegister'; importId: string }
  | { action: 'publishRegister' }
  | { action: 'addNominee'; nominee: Nominee }
  | { action: 'removeNominee'; voterId: string }
  | { action: 'finalizeCandidates' }
  | { action: 'enterPaperTotals'; entry: PaperEntryInput; scanAttachmentId: string | null }
  | { action: 'confirmPaperTotals'; boxId: string }
  | { action: 'closePolls' }
  | { action: 'tally' }
  | { action: 'openNextRound' }
  | { action: 'objectToResult'; objectionId: string; body: string }
  | { action: 'ruleOnObjection'; objectionId: string; ruling: 'upheld' | 'dismissed'; reasons: string };
export type CommandAction = ElectionCommand['action'];

/** The permission each command needs (domain/election/permissions.ts). */
export const COMMAND_PERMISSION: Record<CommandAction, ElectionAction> = {
  importRegister: 'manageRegister',
  publishRegister: 'publishRegister',
  addNominee: 'nominate',
  removeNominee: 'nominate',
  finalizeCandidates: 'finalizeCandidates',
  enterPaperTotals: 'enterPaperTotals',
  confirmPaperTotals: 'confirmPaperTotals',
  closePolls: 'closePolls',
  tally: 'tally',
  openNextRound: 'openNextRound',
  objectToResult: 'objectToResult',
  ruleOnObjection: 'ruleOnObjection',
};

export type Actor = { userId: string; roles: readonly Role[] };

export const sittingCommittee = (s: Pick<ElectionSnapshot, 'committee'>) => s.committee.filter((m) => !m.left).map((m) => m.userId);

const wrongPhase = (s: ElectionSnapshot) => refuse('election.errors.wrongPhase', { phase: s.phase });
const tooEarly = (at: number) => refuse('election.errors.tooEarly', { at });

/** The instant from which a command's statutory minimum period has passed (for the page's hint). */
export function commandAllowedFrom(s: ElectionSnapshot, action: CommandAction): number | null {
  switch (action) {
    case 'publishRegister':
      return s.schedule.registrationClosesAt;
    case 'finalizeCandidates':
      return s.schedule.nominationClosesAt;
    case 'closePolls':
      return s.round?.closableAt ?? null;
    default:
      return null;
  }
}

function checkPhaseAndTime(s: ElectionSnapshot, cmd: ElectionCommand, now: number): Verdict {
  const before = (p: ElectionPhase) => phaseIndex(s.phase) < phaseIndex(p);
  switch (cmd.action) {
    case 'importRegister':
      if (s.phase === 'registration') return allowed;
      return refuse(before('registration') ? 'election.errors.registrationNotOpen' : 'election.errors.registrationClosed');
    case 'publishRegister':
      if (s.phase !== 'registration') return wrongPhase(s);
      if (now < s.schedule.registrationClosesAt) return tooEarly(s.schedule.registrationClosesAt);
      if (s.importsRunning.length > 0) return refuse('election.errors.importRunning');
      return allowed;
    case 'addNominee':
    case 'removeNominee':
      if (s.phase === 'nomination') return allowed;
      return refuse(before('nomination') ? 'election.errors.nominationNotOpen' : 'election.errors.nominationClosed');
    case 'finalizeCandidates':
      if (s.phase !== 'nomination') return wrongPhase(s);
      if (now < s.schedule.nominationClosesAt) return tooEarly(s.schedule.nominationClosesAt);
      return allowed;
    case 'enterPaperTotals':
    case 'confirmPaperTotals':
      return (s.phase === 'voting' || s.phase === 'counting') && s.round ? allowed : wrongPhase(s);
    case 'closePolls':
      if (s.phase !== 'voting' || !s.round) return wrongPhase(s);
      if (now < s.round.closableAt) return tooEarly(s.round.closableAt);
      return allowed;
    case 'tally':
      return s.phase === 'counting' ? allowed : wrongPhase(s);
    case 'openNextRound':
      if (s.phase !== 'awaiting_round' || !s.nextRound) return refuse('election.errors.noRoundDue');
      if (now >= s.nextRound.dueBy) return refuse('election.errors.runoffTooLate');
      return allowed;
    case 'objectToResult':
      if (s.phase !== 'results') return wrongPhase(s);
      if (s.resultsVisibleUntil !== null && now >= s.resultsVisibleUntil) return refuse('election.errors.resultObjectionClosed');
      return allowed;
    case 'ruleOnObjection':
      return s.phase === 'results' ? allowed : wrongPhase(s);
  }
}

function checkSubstance(s: ElectionSnapshot, actor: Actor, cmd: ElectionCommand): Verdict {
  switch (cmd.action) {
    case 'addNominee': {
      const n = cmd.nominee;
      if (!isNonNegativeInteger(n.nominationVotes)) return refuse('election.errors.nominationVotesInvalid');
      if (s.plan.seats[n.office] === 0) return refuse('election.errors.officeHasNoSeats', { office: n.office, seats: 0, candidates: 1, needed: 0 });
      return checkOneOfficeEach([...s.nominees, n].map((x) => ({ personId: x.voterId, office: x.office })));
    }
    case 'removeNominee':
      return s.nominees.some((n) => n.voterId === cmd.voterId) ? allowed : refuse('election.errors.notANominee');
    case 'finalizeCandidates': {
      const list = checkCandidateList(
        s.plan,
        s.nominees.map((n) => ({ personId: n.voterId, office: n.office, gender: n.gender, nominationVotes: n.nominationVotes })),
      );
      return list.ok ? allowed : refuse(list.key, list.params);
    }
    case 'enterPaperTotals': {
      const round = s.round!;
      const had = round.paper.find((p) => p.boxId === cmd.entry.boxId);
      if (had?.confirmedBy) return refuse('election.errors.paperAlreadyConfirmed', { boxId: cmd.entry.boxId });
      return checkPaperTotalsConsistent(
        { ...cmd.entry, enteredBy: actor.userId, confirmedBy: null, scanAttached: cmd.scanAttachmentId !== null },
        round.form,
      );
    }
    case 'confirmPaperTotals': {
      const entry = s.round!.paper.find((p) => p.boxId === cmd.boxId);
      if (!entry) return refuse('election.errors.paperBoxUnknown', { boxId: cmd.boxId });
      if (entry.confirmedBy) return refuse('election.errors.paperAlreadyConfirmed', { boxId: cmd.boxId });
      return checkPaperTotalsConfirmed({ enteredBy: entry.enteredBy, confirmedBy: actor.userId, scanAttached: entry.scanAttachmentId !== null });
    }
    case 'tally': {
      const pending = s.round?.paper.find((p) => !p.confirmedBy);
      return pending ? refuse('election.errors.paperUnconfirmed', { boxId: pending.boxId }) : allowed;
    }
    case 'objectToResult':
      if (cmd.body.trim() === '') return refuse('election.errors.objectionBodyRequired');
      if (s.objections.some((o) => o.id === cmd.objectionId)) return refuse('election.errors.objectionExists');
      return allowed;
    case 'ruleOnObjection': {
      const o = s.objections.find((x) => x.id === cmd.objectionId);
      if (!o) return refuse('election.errors.objectionNotFound');
      if (o.status !== 'open') return refuse('election.errors.objectionAlreadyRuled');
      if (cmd.reasons.trim() === '') return refuse('election.errors.rulingReasonsRequired');
      return allowed;
    }
    default:
      return allowed;
  }
}

/** May `actor` run `cmd` now? Who (role, committee seat), when (phase, statutory period), what. */
export function checkCommand(s: ElectionSnapshot, actor: Actor, cmd: ElectionCommand, now: number): Verdict {
  const who = checkActor(COMMAND_PERMISSION[cmd.action], actor, sittingCommittee(s));
  if (!who.ok) return who;
  const when = checkPhaseAndTime(s, cmd, now);
  if (!when.ok) return when;
  return checkSubstance(s, actor, cmd);
}

/** Commands worth offering to this person now or later in this phase (the page disables early ones). */
export function offeredCommands(s: ElectionSnapshot, actor: Actor): CommandAction[] {
  const all: ElectionCommand[] = [
    { action: 'publishRegister' },
    { action: 'finalizeCandidates' },
    { action: 'closePolls' },
    { action: 'tally' },
    { action: 'openNextRound' },
  ];
  const farFuture = Number.MAX_SAFE_INTEGER;
  return all
    .filter((c) => {
      const v = checkCommand(s, actor, c, farFuture);
      // Offered when only the clock or this command's own substance stands in the way.
      return v.ok || (checkActor(COMMAND_PERMISSION[c.action], actor, sittingCommittee(s)).ok && checkPhaseAndTime(s, c, farFuture).ok);
    })
    .map((c) => c.action);
}

// ─── time rules used by the workflow ───────────────────────────────────────────────────────────

/** First round opens at E, or five days after a late candidate list (the fixed minimum). */
export function pollsOpenAt(s: Pick<ElectionSnapshot, 'schedule' | 'dayMs'>, candidatesPublishedAt: number): number {
  return Math.max(s.schedule.pollingOpensAt, candidatesPublishedAt + CANDIDATE_LIST_LEAD_DAYS.min * s.dayMs);
}

/** Nomination opens at E−19, and never before the register is published. */
export function nominationOpensAt(s: Pick<ElectionSnapshot, 'schedule'>, registerPublishedAt: number): number {
  return Math.max(s.schedule.nominationOpensAt, registerPublishedAt);
}

/** Start of the (scaled) day containing `at`, on the grid of election day. */
export function dayStart(s: Pick<ElectionSnapshot, 'schedule' | 'dayMs'>, at: number): number {
  return s.schedule.pollingOpensAt + Math.floor((at - s.schedule.pollingOpensAt) / s.dayMs) * s.dayMs;
}

/**
 * When polls of a round may close: the main round after its polling day, a later round after one
 * (scaled) hour — a runoff or revote is held in the hall the same day (PLATFORM).
 */
export function closableAt(s: Pick<ElectionSnapshot, 'schedule' | 'dayMs'>, kind: RoundKind, openedAt: number): number {
  if (kind === 'main') return Math.max(s.schedule.pollingDayEndsAt, dayStart(s, openedAt) + s.dayMs);
  return openedAt + Math.max(1, Math.round(s.dayMs / 24));
}

/** Deadline to hold the next round: a runoff by E+7, a tie revote the same or the next day. */
export function nextRoundDueBy(s: Pick<ElectionSnapshot, 'schedule' | 'dayMs' | 'pollsOpenAt'>, kind: RoundKind, now: number): number {
  if (kind === 'tieRevote') return dayStart(s, now) + 2 * s.dayMs;
  const opened = s.pollsOpenAt ?? s.schedule.pollingOpensAt;
  return Math.max(s.schedule.runoffBy, dayStart(s, opened) + (ELECTION_DAYS.runoffMax + 1) * s.dayMs);
}

/** Re-sealing instants of a round (see db/elections.server.ts resealBallots): 8 per polling day. */
export function resealTimes(s: Pick<ElectionSnapshot, 'dayMs'>, openedAt: number): number[] {
  const slot = s.dayMs / 8;
  return Array.from({ length: 8 }, (_, k) => Math.round(openedAt + (k + 0.5) * slot));
}

export const RESULTS_WINDOW_DAYS = ELECTION_DAYS.resultsDisclosureMin;
