/**
 * Election timeline (DOMAIN.md §4.2). One table of day offsets relative to election day E drives
 * both the calendar dates shown to people and the instants a workflow waits for. `dayMs` scales a
 * day: 86_400_000 in production, e.g. 1_000 in tests so a whole election runs in about a minute.
 *
 * Conventions (DOMAIN §0): "≥ E−N" (published at least N days before) means done no later than
 * 00:00 of E−N, so the last day to do it is E−N−1; "until / by E−N" includes the whole day E−N.
 * Every date below is an inclusive calendar day in Asia/Shanghai.
 */
import { allowed, refuse, type Verdict } from '../errors';
import { CANDIDATE_LIST_LEAD_DAYS } from './plan';
import { addDays, addMonths, isCivilDate, minDate, shanghaiDayStartMs, type CivilDate } from './dates';

export const DAY_MS = 86_400_000;

/** Fixed durations in days. */
export const ELECTION_DAYS = {
  objectionDecision: 3, // decided ≤ 3 days after receipt [S11]
  nominationReopenMin: 3, // too few candidates → nomination reopened ≥ 3 days (§4.3)
  resultsDisclosureMin: 7, // results visible ≥ 7 days (PLATFORM)
  runoffMax: 7, // runoff ≤ E+7 [S11]
  handoverMax: 10, // handover ≤ 10 days after [S8]
  rerunAfterVoidMax: 30, // re-run ≤ 30 days after a void election [S8]
  voterListVisibleAfter: 30, // voter and proxy lists until E+30 (§6)
  byElectionMonths: 3, // by-election ≤ 3 months [S11]
} as const;

export type TimelineOptions = { candidateListLeadDays?: number };

/**
 * Inclusive day offsets from E. `first` = first day a window is open, `last` = last day something
 * may still be done. Derived instants: a window opens at 00:00 of `first`, a deadline passes at
 * 00:00 of the day after `last`.
 */
function offsets(opts: TimelineOptions = {}) {
  const lead = opts.candidateListLeadDays ?? CANDIDATE_LIST_LEAD_DAYS.default;
  if (!Number.isInteger(lead) || lead < CANDIDATE_LIST_LEAD_DAYS.min || lead > CANDIDATE_LIST_LEAD_DAYS.max)
    throw new RangeError(`candidateListLeadDays must be ${CANDIDATE_LIST_LEAD_DAYS.min}–${CANDIDATE_LIST_LEAD_DAYS.max}`);
  return {
    electionCommitteeLast: -51, // chosen ≥ E−50
    planPublishLast: -41, // adopted, approved, published ≥ E−40
    registrationFirst: -35, // E−35 … E−21
    registrationLast: -21,
    registerPublishLast: -21, // published ≥ E−20
    objectionsFirst: -20,
    objectionsLast: -5, // until E−5
    objectionDecisionsLast: -2, // "before E−1"
    nominationFirst: -19, // E−19 … E−12
    nominationLast: -12,
    qualificationReviewLast: -9, // by E−9
    candidateListPublishLast: -(lead + 1), // ≥ E−lead
    withdrawalsLast: -3, // until E−3
    proxyApplicationsLast: -3, // until E−3
    mobileBoxRequestsLast: -2, // until E−2
    proxyListPublishLast: -2, // ≥ E−1
    electionDay: 0,
    runoffLast: ELECTION_DAYS.runoffMax, // ≤ E+7
    handoverLast: ELECTION_DAYS.handoverMax, // ≤ 10 days after
    voterListVisibleLast: ELECTION_DAYS.voterListVisibleAfter, // until E+30
  };
}

export type ElectionDates = {
  electionCommitteeLastDay: CivilDate;
  planPublishLastDay: CivilDate;
  registrationFirstDay: CivilDate;
  registrationLastDay: CivilDate;
  registerPublishLastDay: CivilDate;
  objectionsFirstDay: CivilDate;
  objectionsLastDay: CivilDate;
  objectionDecisionsLastDay: CivilDate;
  nominationFirstDay: CivilDate;
  nominationLastDay: CivilDate;
  qualificationReviewLastDay: CivilDate;
  candidateListPublishLastDay: CivilDate;
  withdrawalsLastDay: CivilDate;
  proxyApplicationsLastDay: CivilDate;
  mobileBoxRequestsLastDay: CivilDate;
  proxyListPublishLastDay: CivilDate;
  electionDay: CivilDate;
  runoffLastDay: CivilDate;
  handoverLastDay: CivilDate;
  voterListVisibleLastDay: CivilDate;
};

/** Statutory calendar dates for election day `electionDay` (YYYY-MM-DD, Asia/Shanghai). */
export function electionDates(electionDay: CivilDate, opts: TimelineOptions = {}): ElectionDates {
  if (!isCivilDate(electionDay)) throw new RangeError(`not a YYYY-MM-DD date: ${electionDay}`);
  const o = offsets(opts);
  const d = (n: number) => addDays(electionDay, n);
  return {
    electionCommitteeLastDay: d(o.electionCommitteeLast),
    planPublishLastDay: d(o.planPublishLast),
    registrationFirstDay: d(o.registrationFirst),
    registrationLastDay: d(o.registrationLast),
    registerPublishLastDay: d(o.registerPublishLast),
    objectionsFirstDay: d(o.objectionsFirst),
    objectionsLastDay: d(o.objectionsLast),
    objectionDecisionsLastDay: d(o.objectionDecisionsLast),
    nominationFirstDay: d(o.nominationFirst),
    nominationLastDay: d(o.nominationLast),
    qualificationReviewLastDay: d(o.qualificationReviewLast),
    candidateListPublishLastDay: d(o.candidateListPublishLast),
    withdrawalsLastDay: d(o.withdrawalsLast),
    proxyApplicationsLastDay: d(o.proxyApplicationsLast),
    mobileBoxRequestsLastDay: d(o.mobileBoxRequestsLast),
    proxyListPublishLastDay: d(o.proxyListPublishLast),
    electionDay,
    runoffLastDay: d(o.runoffLast),
    handoverLastDay: d(o.handoverLast),
    voterListVisibleLastDay: d(o.voterListVisibleLast),
  };
}

/** Instants (epoch ms). `…At` opens a window; `…By` is the instant a deadline passes. */
export type ElectionSchedule = {
  dayMs: number;
  electionCommitteeBy: number;
  planPublishBy: number;
  registrationOpensAt: number;
  registrationClosesAt: number;
  registerPublishBy: number;
  objectionsOpenAt: number;
  objectionsCloseAt: number;
  objectionDecisionsBy: number;
  nominationOpensAt: number;
  nominationClosesAt: number;
  qualificationReviewBy: number;
  candidateListPublishBy: number;
  withdrawalsCloseAt: number;
  proxyApplicationsCloseAt: number;
  mobileBoxRequestsCloseAt: number;
  proxyListPublishBy: number;
  pollingOpensAt: number;
  pollingDayEndsAt: number;
  runoffBy: number;
  handoverBy: number;
  voterListVisibleUntil: number;
};

/**
 * The timeline as instants. `electionDayStartMs` is when day E begins: in production
 * `shanghaiDayStartMs(plan.electionDay)` with `dayMs = DAY_MS`; in tests any instant with a small `dayMs`.
 */
export function electionSchedule(electionDayStartMs: number, dayMs: number = DAY_MS, opts: TimelineOptions = {}): ElectionSchedule {
  if (!Number.isInteger(dayMs) || dayMs <= 0) throw new RangeError('dayMs must be a positive integer');
  const o = offsets(opts);
  const start = (n: number) => electionDayStartMs + n * dayMs; // 00:00 of E+n
  const end = (n: number) => start(n + 1); // deadline passes at 00:00 of the next day
  return {
    dayMs,
    electionCommitteeBy: end(o.electionCommitteeLast),
    planPublishBy: end(o.planPublishLast),
    registrationOpensAt: start(o.registrationFirst),
    registrationClosesAt: end(o.registrationLast),
    registerPublishBy: end(o.registerPublishLast),
    objectionsOpenAt: start(o.objectionsFirst),
    objectionsCloseAt: end(o.objectionsLast),
    objectionDecisionsBy: end(o.objectionDecisionsLast),
    nominationOpensAt: start(o.nominationFirst),
    nominationClosesAt: end(o.nominationLast),
    qualificationReviewBy: end(o.qualificationReviewLast),
    candidateListPublishBy: end(o.candidateListPublishLast),
    withdrawalsCloseAt: end(o.withdrawalsLast),
    proxyApplicationsCloseAt: end(o.proxyApplicationsLast),
    mobileBoxRequestsCloseAt: end(o.mobileBoxRequestsLast),
    proxyListPublishBy: end(o.proxyListPublishLast),
    pollingOpensAt: start(o.electionDay),
    pollingDayEndsAt: end(o.electionDay),
    runoffBy: end(o.runoffLast),
    handoverBy: end(o.handoverLast),
    voterListVisibleUntil: end(o.voterListVisibleLast),
  };
}

/** Production schedule for a plan's election day. */
export function electionScheduleForDay(electionDay: CivilDate, opts: TimelineOptions = {}): ElectionSchedule {
  if (!isCivilDate(electionDay)) throw new RangeError(`not a YYYY-MM-DD date: ${electionDay}`);
  return electionSchedule(shanghaiDayStartMs(electionDay), DAY_MS, opts);
}

export type PhaseDurations = {
  registrationMs: number;
  objectionsMs: number;
  nominationMs: number;
  nominationReopenMinMs: number;
  objectionDecisionMaxMs: number;
  /** From the end of polling day until the runoff deadline. */
  runoffWindowMs: number;
  resultsDisclosureMinMs: number;
  handoverMaxMs: number;
  rerunAfterVoidMaxMs: number;
  /** From the election-committee deadline to the start of E: how far ahead a run must begin. */
  leadMs: number;
};

/** Durations of each phase, scaled by `dayMs`. */
export function phaseDurations(dayMs: number = DAY_MS, opts: TimelineOptions = {}): PhaseDurations {
  const s = electionSchedule(0, dayMs, opts);
  return {
    registrationMs: s.registrationClosesAt - s.registrationOpensAt,
    objectionsMs: s.objectionsCloseAt - s.objectionsOpenAt,
    nominationMs: s.nominationClosesAt - s.nominationOpensAt,
    nominationReopenMinMs: ELECTION_DAYS.nominationReopenMin * dayMs,
    objectionDecisionMaxMs: ELECTION_DAYS.objectionDecision * dayMs,
    runoffWindowMs: s.runoffBy - s.pollingDayEndsAt,
    resultsDisclosureMinMs: ELECTION_DAYS.resultsDisclosureMin * dayMs,
    handoverMaxMs: ELECTION_DAYS.handoverMax * dayMs,
    rerunAfterVoidMaxMs: ELECTION_DAYS.rerunAfterVoidMax * dayMs,
    leadMs: 0 - s.electionCommitteeBy,
  };
}

/** Milestones in time order, for a workflow that sleeps from one to the next. */
export function milestones(s: ElectionSchedule): Array<{ name: Exclude<keyof ElectionSchedule, 'dayMs'>; at: number }> {
  return (Object.keys(s) as Array<keyof ElectionSchedule>)
    .filter((k): k is Exclude<keyof ElectionSchedule, 'dayMs'> => k !== 'dayMs')
    .map((name) => ({ name, at: s[name] }))
    .sort((a, b) => a.at - b.at);
}

/** Half-open window [opensAt, closesAt). */
export const isWithin = (nowMs: number, opensAt: number, closesAt: number): boolean => nowMs >= opensAt && nowMs < closesAt;

// ---- verdicts at an instant ---------------------------------------------------------------

/** The plan must be adopted, approved and published ≥ E−40 (§4.2). */
export function checkPlanAdoption(s: ElectionSchedule, nowMs: number): Verdict {
  return nowMs < s.planPublishBy ? allowed : refuse('election.errors.planTooLate');
}

export function checkRegistrationOpen(s: ElectionSchedule, nowMs: number): Verdict {
  if (nowMs < s.registrationOpensAt) return refuse('election.errors.registrationNotOpen');
  if (nowMs >= s.registrationClosesAt) return refuse('election.errors.registrationClosed');
  return allowed;
}

/** Objections to the published list until E−5, e.g. a voter who turns 18 before E (§8 #17). */
export function checkObjectionFiling(s: ElectionSchedule, nowMs: number): Verdict {
  if (nowMs < s.objectionsOpenAt) return refuse('election.errors.objectionsNotOpen');
  if (nowMs >= s.objectionsCloseAt) return refuse('election.errors.objectionsClosed');
  return allowed;
}

/**
 * An objection is decided ≤ 3 days after receipt (by the end of the third day after the day it
 * arrived) and before E−1, whichever is earlier. Same rule as `objectionDecisionLastDay`.
 */
export function objectionDecisionDueMs(s: ElectionSchedule, receivedAtMs: number): number {
  const dayStart = s.pollingOpensAt + Math.floor((receivedAtMs - s.pollingOpensAt) / s.dayMs) * s.dayMs;
  return Math.min(dayStart + (ELECTION_DAYS.objectionDecision + 1) * s.dayMs, s.objectionDecisionsBy);
}

/** Same rule in calendar days: the last day on which an objection received on `receivedOn` is decided. */
export function objectionDecisionLastDay(electionDay: CivilDate, receivedOn: CivilDate): CivilDate {
  return minDate(addDays(receivedOn, ELECTION_DAYS.objectionDecision), electionDates(electionDay).objectionDecisionsLastDay);
}

export function checkNominationOpen(s: ElectionSchedule, nowMs: number): Verdict {
  if (nowMs < s.nominationOpensAt) return refuse('election.errors.nominationNotOpen');
  if (nowMs >= s.nominationClosesAt) return refuse('election.errors.nominationClosed');
  return allowed;
}

export function checkProxyApplicationTime(s: ElectionSchedule, nowMs: number): Verdict {
  return nowMs < s.proxyApplicationsCloseAt ? allowed : refuse('election.errors.proxyWindowClosed');
}

export function checkMobileBoxRequestTime(s: ElectionSchedule, nowMs: number): Verdict {
  return nowMs < s.mobileBoxRequestsCloseAt ? allowed : refuse('election.errors.mobileBoxWindowClosed');
}

/** A runoff 另行选举 must be held by E+7. */
export function checkRunoffTime(s: ElectionSchedule, nowMs: number): Verdict {
  if (nowMs < s.pollingOpensAt) return refuse('election.errors.runoffBeforeElection');
  return nowMs < s.runoffBy ? allowed : refuse('election.errors.runoffTooLate');
}

/** Earliest instant a results disclosure may be taken down (visible ≥ 7 days). */
export function resultsDisclosureEndsAt(publishedAtMs: number, dayMs: number = DAY_MS): number {
  return publishedAtMs + ELECTION_DAYS.resultsDisclosureMin * dayMs;
}

/** Last day of a re-run after the election was declared void (§8 #20). */
export function rerunLastDay(voidDeclaredOn: CivilDate): CivilDate {
  return addDays(voidDeclaredOn, ELECTION_DAYS.rerunAfterVoidMax);
}

/** Last day of a by-election for seats left vacant (§8 #21): 3 calendar months. */
export function byElectionLastDay(vacantSince: CivilDate): CivilDate {
  return addMonths(vacantSince, ELECTION_DAYS.byElectionMonths);
}

/** Too few candidates → nomination reopened for at least 3 days (§4.3, §8 #8). */
export function checkNominationReopenDays(days: number): Verdict {
  return Number.isInteger(days) && days >= ELECTION_DAYS.nominationReopenMin
    ? allowed
    : refuse('election.errors.nominationReopenTooShort', { min: ELECTION_DAYS.nominationReopenMin });
}

/** Last day of a nomination period reopened on `reopenedOn` for `days` days (the first day counts). */
export function reopenedNominationLastDay(reopenedOn: CivilDate, days: number = ELECTION_DAYS.nominationReopenMin): CivilDate {
  const v = checkNominationReopenDays(days);
  if (!v.ok) throw new RangeError(v.key);
  return addDays(reopenedOn, days - 1);
}
