/**
 * Online named voting for a resolution question (DOMAIN.md §3.4, edge cases #3, #4): one ballot per
 * voter per question, replaced by resubmission inside the window, refused before it opens, after it
 * closes, and for anyone not on the roster frozen at notice. The window closes early only when
 * everyone who can still vote has voted; it is never shortened otherwise.
 *
 * The vote book is plain JSON (tens of representatives), small enough for workflow state; each
 * accepted ballot is also written to PostgreSQL by an idempotent upsert, which keeps every version.
 */
import { DomainError, allowed, refuse, type Verdict } from '../errors';
import { votingWindow } from './deadlines';
import {
  representativesMeetingOutcome,
  type AttendanceMark,
  type AttendanceMethod,
  type MeetingRecord,
  type NamedMeeting,
  type NamedOutcome,
  type RosterMember,
  type VoteChoice,
} from './meetings';
import { bodyRuleFor, type MotionSettings } from './settings';

export interface StoredBallot {
  voterId: string;
  choice: VoteChoice;
  castAt: number;
  method: AttendanceMethod;
  /** 1 for the first ballot, +1 for each replacement (the audit log keeps them all). */
  version: number;
}

/**
 * A representatives' meeting question. Residents'-meeting choices are never linked to a person (§3.8),
 * so an online residents' meeting keeps participation and ballots apart (as elections do) and is
 * counted with `residentsMeetingOutcome`, not with a vote book.
 */
export interface VoteBook {
  questionId: string;
  /** Frozen at notice (edge #4). */
  roster: readonly RosterMember[];
  recused: readonly string[];
  opensAt: number;
  closesAt: number;
  /** Set when the window was closed (early, or at `closesAt`). */
  closedAt?: number;
  /** The ballot that counts, per voter. */
  ballots: Readonly<Record<string, StoredBallot>>;
  /** Online check-ins and physical sign-ins; a person counts once however many marks they have. */
  attendance: readonly AttendanceMark[];
}

export interface OpenVoting {
  questionId: string;
  roster: readonly RosterMember[];
  recused?: readonly string[];
  opensAt: number;
}

/** A new vote book; the window lasts the community's `votingWindowDays`. */
export function openVoteBook(o: OpenVoting, settings: MotionSettings): VoteBook {
  const w = votingWindow(o.opensAt, settings);
  return {
    questionId: o.questionId,
    roster: o.roster,
    recused: o.recused ?? [],
    opensAt: w.opensAt,
    closesAt: w.closesAt,
    ballots: {},
    attendance: [],
  };
}

export function isWindowOpen(book: VoteBook, now: number): boolean {
  return book.closedAt === undefined && now >= book.opensAt && now < book.closesAt;
}

/** Why a person may not vote (or check in) now, if they may not. */
export function checkVoter(book: VoteBook, voterId: string, now: number): Verdict {
  if (now < book.opensAt) return refuse('motion.errors.votingNotOpen');
  if (book.closedAt !== undefined || now >= book.closesAt) return refuse('motion.errors.votingClosed');
  const member = book.roster.find((m) => m.personId === voterId);
  if (!member || member.hasVote === false) return refuse('motion.errors.notOnRoster');
  if (member.leftAt !== undefined && (member.leftAt <= book.opensAt || now >= member.leftAt)) {
    return refuse('motion.errors.leftOffice');
  }
  if (book.recused.includes(voterId)) return refuse('motion.errors.recused');
  return allowed;
}

/** For the Update validator: throws a `DomainError` with the refusal key. */
export function assertMayVote(book: VoteBook, voterId: string, now: number): void {
  const v = checkVoter(book, voterId, now);
  if (!v.ok) throw new DomainError(v.key, v.params);
}

export interface VoteReceipt {
  questionId: string;
  voterId: string;
  choice: VoteChoice;
  castAt: number;
  version: number;
  /** True when this ballot replaced an earlier one (edge #3). */
  replaced: boolean;
}

/**
 * Records a ballot: the voter's earlier ballot on this question, if any, is replaced. Throws
 * `DomainError` if the voter may not vote now.
 */
export function castVote(
  book: VoteBook,
  v: { voterId: string; choice: VoteChoice; method?: AttendanceMethod },
  now: number,
): { book: VoteBook; receipt: VoteReceipt } {
  assertMayVote(book, v.voterId, now);
  const prior = book.ballots[v.voterId];
  const ballot: StoredBallot = {
    voterId: v.voterId,
    choice: v.choice,
    castAt: now,
    method: v.method ?? 'online',
    version: (prior?.version ?? 0) + 1,
  };
  return {
    book: { ...book, ballots: { ...book.ballots, [v.voterId]: ballot } },
    receipt: {
      questionId: book.questionId,
      voterId: v.voterId,
      choice: v.choice,
      castAt: now,
      version: ballot.version,
      replaced: prior !== undefined,
    },
  };
}

/** An online check-in: counts as attendance without a ballot. */
export function checkIn(book: VoteBook, voterId: string, now: number): VoteBook {
  assertMayVote(book, voterId, now);
  return { ...book, attendance: [...book.attendance, { personId: voterId, method: 'online', at: now }] };
}

/**
 * Physical or paper attendance entered by staff for a hybrid meeting. Marks of people not on the
 * roster are kept for audit but never counted.
 */
export function recordAttendance(book: VoteBook, marks: readonly AttendanceMark[]): VoteBook {
  return { ...book, attendance: [...book.attendance, ...marks] };
}

/** Everyone who can still vote has voted — the window may then close early. */
export function allVoted(book: VoteBook, now: number): boolean {
  const canStillVote = book.roster.filter(
    (m) =>
      m.hasVote !== false &&
      !book.recused.includes(m.personId) &&
      (m.leftAt === undefined || (m.leftAt > book.opensAt && now < m.leftAt)),
  );
  const pending = canStillVote.filter((m) => book.ballots[m.personId] === undefined);
  return canStillVote.length > 0 && pending.length === 0;
}

/**
 * Closes the window at its end, or early once everyone has voted. Refuses anything earlier: a window
 * cannot be shortened once open.
 */
export function closeVoting(book: VoteBook, now: number): { book: VoteBook; closedEarly: boolean } {
  if (book.closedAt !== undefined) return { book, closedEarly: book.closedAt < book.closesAt };
  if (now >= book.closesAt) return { book: { ...book, closedAt: book.closesAt }, closedEarly: false };
  if (now >= book.opensAt && allVoted(book, now)) return { book: { ...book, closedAt: now }, closedEarly: true };
  throw new DomainError('motion.errors.windowCannotBeShortened');
}

/** The book as the named meeting the tally counts. */
export function namedMeetingOf(book: VoteBook): NamedMeeting {
  return {
    roster: book.roster,
    opensAt: book.opensAt,
    closesAt: book.closedAt ?? book.closesAt,
    recused: book.recused,
    attendance: book.attendance,
    ballots: Object.values(book.ballots).map((b) => ({ personId: b.voterId, choice: b.choice, at: b.castAt })),
  };
}

/** What to pass as `record` in the stage event `recordResolution`. */
export function voteRecord(book: VoteBook): MeetingRecord {
  return { kind: 'named', meeting: namedMeetingOf(book) };
}

/** Counts and outcome of a closed (or closing) vote, with the community's rule for the representatives' meeting. */
export function tallyVotes(book: VoteBook, settings: MotionSettings): NamedOutcome {
  return representativesMeetingOutcome(namedMeetingOf(book), bodyRuleFor('representatives_meeting', settings));
}
