/**
 * Meeting outcomes per body (DOMAIN.md §3.3): quorum, thresholds, recusals, frozen rosters, and the
 * counting of people who attended in person, online, on paper — or several of these — exactly once.
 */
import { z } from 'zod';
import { FRACTIONS, isWholeCount, meets, needed, strictness, type Fraction } from '../quorum';
import { DomainError, allowed, refuse, type Verdict } from '../errors';

export const MEETING_BODIES = [
  'party_committee', // 党组织委员会 — adopts the proposal (提议)
  'joint_meeting', // 两委联席会议 — deliberation (商议)
  'party_members_meeting', // 党员大会 — review (审议)
  'residents_meeting', // 居民会议 — resolution (决议)
  'representatives_meeting', // 居民代表会议 — resolution (决议)
] as const;
export type MeetingBody = (typeof MEETING_BODIES)[number];

/** The two bodies that may resolve a motion. */
export const RESOLUTION_BODIES = ['residents_meeting', 'representatives_meeting'] as const;
export type ResolutionBody = (typeof RESOLUTION_BODIES)[number];

/** Residents' meeting modes (Art. 9): all adults, one person per household, or group representatives. */
export const RESIDENTS_MEETING_MODES = ['all_adults', 'households', 'group_representatives'] as const;
export type ResidentsMeetingMode = (typeof RESIDENTS_MEETING_MODES)[number];

export const VOTE_CHOICES = ['agree', 'disagree', 'abstain'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

/** How a person's attendance was recorded; paper = sign-in sheet entered by staff. */
export const ATTENDANCE_METHODS = ['in_person', 'online', 'paper'] as const;
export type AttendanceMethod = (typeof ATTENDANCE_METHODS)[number];

// ─── Rules ──────────────────────────────────────────────────────────────────────────────────────

/**
 * How a body decides: quorum = `quorum` of those expected; passes when yes meets `pass` of
 * `passBase` (those present, or all those expected to attend).
 */
export interface BodyRule {
  quorum: Fraction;
  pass: Fraction;
  passBase: 'present' | 'expected';
}

export const bodyRuleSchema = z.object({
  quorum: z.enum(FRACTIONS),
  pass: z.enum(FRACTIONS),
  passBase: z.enum(['present', 'expected']),
});

/** The law/practice defaults of §3.3; a community may only make them stricter. */
export const DEFAULT_BODY_RULES: Readonly<Record<MeetingBody, BodyRule>> = {
  party_committee: { quorum: 'moreThanHalf', pass: 'moreThanHalf', passBase: 'expected' },
  joint_meeting: { quorum: 'moreThanHalf', pass: 'moreThanHalf', passBase: 'expected' },
  // LAW [S5]: yes > half of all full members expected to attend, not of those present.
  party_members_meeting: { quorum: 'moreThanHalf', pass: 'moreThanHalf', passBase: 'expected' },
  residents_meeting: { quorum: 'moreThanHalf', pass: 'moreThanHalf', passBase: 'present' },
  representatives_meeting: { quorum: 'atLeastTwoThirds', pass: 'moreThanHalf', passBase: 'present' },
};

/** Refuses a configured rule that is laxer than the default in any respect. */
export function checkBodyRule(body: MeetingBody, rule: BodyRule): Verdict {
  const base = DEFAULT_BODY_RULES[body];
  const baseRank = (b: BodyRule['passBase']) => (b === 'expected' ? 1 : 0);
  if (
    strictness(rule.quorum) < strictness(base.quorum) ||
    strictness(rule.pass) < strictness(base.pass) ||
    baseRank(rule.passBase) < baseRank(base.passBase)
  ) {
    return refuse('motion.errors.ruleLaxerThanLaw', { body });
  }
  return allowed;
}

// ─── Numbers → outcome ──────────────────────────────────────────────────────────────────────────

/**
 * Counts for one question. `expected` is the quorum denominator 应到 after removing recused
 * members, excused party members and representatives who left before the vote opened; `present`
 * counts only people in `expected`. yes + no + abstain ≤ present (the rest were present but did not vote).
 */
export interface Tally {
  expected: number;
  present: number;
  yes: number;
  no: number;
  abstain: number;
}

export type MeetingOutcome =
  | { kind: 'inquorate'; body: MeetingBody; expected: number; present: number; needed: number }
  | {
      kind: 'passed' | 'notPassed';
      body: MeetingBody;
      expected: number;
      present: number;
      /** Attendance the quorum required. */
      quorumNeeded: number;
      yes: number;
      no: number;
      abstain: number;
      /** Present but cast no vote. */
      notVoted: number;
      /** Whom the yes threshold is counted against. */
      passBase: 'present' | 'expected';
      /** Yes votes needed to pass. */
      yesNeeded: number;
    };

export function checkTally(t: Tally): Verdict {
  const counts = [t.expected, t.present, t.yes, t.no, t.abstain];
  if (!counts.every(isWholeCount)) return refuse('motion.errors.tallyInconsistent');
  if (t.present > t.expected || t.yes + t.no + t.abstain > t.present) return refuse('motion.errors.tallyInconsistent');
  return allowed;
}

/**
 * The outcome of one question at one meeting. A meeting with nobody expected never has a quorum.
 * Throws `DomainError('motion.errors.tallyInconsistent')` if the counts contradict each other.
 */
export function decide(body: MeetingBody, t: Tally, rule: BodyRule = DEFAULT_BODY_RULES[body]): MeetingOutcome {
  const verdict = checkTally(t);
  if (!verdict.ok) throw new DomainError(verdict.key, verdict.params);
  const quorumNeeded = Math.max(1, needed(rule.quorum, t.expected));
  if (t.present < quorumNeeded) {
    return { kind: 'inquorate', body, expected: t.expected, present: t.present, needed: quorumNeeded };
  }
  const base = rule.passBase === 'present' ? t.present : t.expected;
  return {
    kind: meets(rule.pass, t.yes, base) ? 'passed' : 'notPassed',
    body,
    expected: t.expected,
    present: t.present,
    quorumNeeded,
    yes: t.yes,
    no: t.no,
    abstain: t.abstain,
    notVoted: t.present - t.yes - t.no - t.abstain,
    passBase: rule.passBase,
    yesNeeded: needed(rule.pass, base),
  };
}

// ─── Named meetings: people → numbers ───────────────────────────────────────────────────────────

export interface RosterMember {
  personId: string;
  /** false for people who attend without a vote (probationary party members). Default true. */
  hasVote?: boolean;
  /** When the person left office (representatives, committee members), if they did. */
  leftAt?: number;
}

/** A check-in, a sign-in sheet line entered by staff, or a physical sign-in. */
export interface AttendanceMark {
  personId: string;
  method: AttendanceMethod;
  at: number;
}

export interface BallotMark {
  personId: string;
  choice: VoteChoice;
  at: number;
}

/**
 * One question at one meeting, by name. The roster is the snapshot frozen at notice. A person is one
 * id however many marks they have: attending in person and voting online counts once, and only the
 * last ballot counts.
 */
export interface NamedMeeting {
  roster: readonly RosterMember[];
  /** When the vote opened (meeting start or online window open) — decides edge case #4. */
  opensAt: number;
  /** When the vote closed, if known: leaving office after it changes nothing. */
  closesAt?: number;
  /** Recused for this question (conflict of interest): out of quorum and denominator. */
  recused?: readonly string[];
  /** Party members excused from "expected to attend" with an approval reference (§3.2). */
  excused?: readonly string[];
  attendance?: readonly AttendanceMark[];
  ballots?: readonly BallotMark[];
}

export type IgnoredReason = 'notOnRoster' | 'noVote' | 'recused' | 'leftOffice';

export interface NamedCount {
  tally: Tally;
  presentIds: string[];
  absentIds: string[];
  /** Left office before the vote opened: off the roster and the denominator. */
  removedIds: string[];
  recusedIds: string[];
  /** Excused and did not come. */
  excusedIds: string[];
  /** Marks that did not count, kept for the audit view. */
  ignored: { personId: string; reason: IgnoredReason }[];
  /** The ballot that counts, per person. */
  choices: Record<string, VoteChoice>;
}

/** Counts a named meeting per §3.3–§3.4 and edge cases #4, #11, #12. */
export function countNamed(m: NamedMeeting): NamedCount {
  const roster = new Map<string, RosterMember>();
  for (const member of m.roster) {
    const prior = roster.get(member.personId);
    // A person listed twice (e.g. on both committees) is one member; a vote from either listing keeps it.
    roster.set(member.personId, prior ? mergeMember(prior, member) : member);
  }
  const recused = new Set(m.recused ?? []);
  const excused = new Set(m.excused ?? []);
  const ignored: NamedCount['ignored'] = [];

  const reasonToIgnore = (personId: string, at: number): IgnoredReason | null => {
    const member = roster.get(personId);
    if (!member) return 'notOnRoster';
    if (member.hasVote === false) return 'noVote';
    if (recused.has(personId)) return 'recused';
    if (member.leftAt !== undefined && (member.leftAt <= m.opensAt || at >= member.leftAt)) return 'leftOffice';
    return null;
  };

  const lastBallot = new Map<string, BallotMark>();
  for (const b of m.ballots ?? []) {
    const why = reasonToIgnore(b.personId, b.at);
    if (why) {
      ignored.push({ personId: b.personId, reason: why });
      continue;
    }
    const prior = lastBallot.get(b.personId);
    if (!prior || b.at >= prior.at) lastBallot.set(b.personId, b);
  }
  const attended = new Set<string>();
  for (const a of m.attendance ?? []) {
    const why = reasonToIgnore(a.personId, a.at);
    if (why) {
      ignored.push({ personId: a.personId, reason: why });
      continue;
    }
    attended.add(a.personId);
  }

  const presentIds: string[] = [];
  const absentIds: string[] = [];
  const removedIds: string[] = [];
  const recusedIds: string[] = [];
  const excusedIds: string[] = [];
  const choices: Record<string, VoteChoice> = {};
  const t: Tally = { expected: 0, present: 0, yes: 0, no: 0, abstain: 0 };

  for (const member of roster.values()) {
    const id = member.personId;
    if (member.hasVote === false) continue;
    if (recused.has(id)) {
      recusedIds.push(id);
      continue;
    }
    if (member.leftAt !== undefined && member.leftAt <= m.opensAt) {
      removedIds.push(id);
      continue;
    }
    const ballot = lastBallot.get(id);
    // Left during the window: a cast vote stands, otherwise absent (edge #4).
    const leftDuringWindow = member.leftAt !== undefined && (m.closesAt === undefined || member.leftAt < m.closesAt);
    const present = ballot !== undefined || (!leftDuringWindow && attended.has(id));
    if (excused.has(id) && !present) {
      excusedIds.push(id);
      continue;
    }
    t.expected += 1;
    if (!present) {
      absentIds.push(id);
      continue;
    }
    t.present += 1;
    presentIds.push(id);
    if (ballot) {
      choices[id] = ballot.choice;
      if (ballot.choice === 'agree') t.yes += 1;
      else if (ballot.choice === 'disagree') t.no += 1;
      else t.abstain += 1;
    }
  }
  return { tally: t, presentIds, absentIds, removedIds, recusedIds, excusedIds, ignored, choices };
}

function mergeMember(a: RosterMember, b: RosterMember): RosterMember {
  const leftAt = a.leftAt === undefined || b.leftAt === undefined ? undefined : Math.max(a.leftAt, b.leftAt);
  return {
    personId: a.personId,
    hasVote: a.hasVote !== false || b.hasVote !== false,
    ...(leftAt === undefined ? {} : { leftAt }),
  };
}

/**
 * The joint meeting's roster: distinct persons on the party committee and the residents' committee.
 * A secretary who is also director (一肩挑) is one member with one vote (edge #11). The supervision
 * chair attends without a vote and is not on it.
 */
export function jointMeetingRoster(
  partyCommittee: readonly RosterMember[],
  residentsCommittee: readonly RosterMember[],
): RosterMember[] {
  const byId = new Map<string, RosterMember>();
  for (const m of [...partyCommittee, ...residentsCommittee]) {
    const prior = byId.get(m.personId);
    byId.set(m.personId, prior ? mergeMember(prior, m) : m);
  }
  return [...byId.values()];
}

// ─── Per-body entry points ──────────────────────────────────────────────────────────────────────

export type NamedOutcome = MeetingOutcome & { count: NamedCount };

function named(body: MeetingBody, m: NamedMeeting, rule?: BodyRule): NamedOutcome {
  const count = countNamed(m);
  return { ...decide(body, count.tally, rule), count };
}

/** Party committee 党组织委员会: quorum > half of members; yes > half of all members. */
export function partyCommitteeOutcome(m: NamedMeeting, rule?: BodyRule): NamedOutcome {
  return named('party_committee', m, rule);
}

/**
 * Joint meeting 两委联席会议 over the distinct persons of both committees (pass the union from
 * `jointMeetingRoster`, or any roster — duplicates are merged): quorum > half; yes > half of all.
 */
export function jointMeetingOutcome(m: NamedMeeting, rule?: BodyRule): NamedOutcome {
  return named('joint_meeting', m, rule);
}

/** Counts a party members' meeting entered as numbers from a sign-in sheet (§3.2). */
export interface PartyMeetingCounts {
  /** All full members 正式党员 of the branch. Probationary members are never counted. */
  fullMembers: number;
  /** Full members excused with an approval reference and not present. */
  excused: number;
  /** Full members recused on this question. */
  recused: number;
  /** Full members present, not counting recused ones. */
  present: number;
  yes: number;
  no: number;
  abstain: number;
}

export function partyMeetingTally(c: PartyMeetingCounts): Tally {
  return {
    expected: c.fullMembers - c.excused - c.recused,
    present: c.present,
    yes: c.yes,
    no: c.no,
    abstain: c.abstain,
  };
}

/**
 * Party members' meeting 党员大会 (LAW [S5]): quorum > half of full members expected to attend
 * (a community may raise it to two thirds); passes when yes > half of ALL full members expected,
 * not of those present. Probationary members (hasVote: false) attend without counting.
 */
export function partyMembersMeetingOutcome(m: NamedMeeting | PartyMeetingCounts, rule?: BodyRule): MeetingOutcome {
  return 'roster' in m
    ? named('party_members_meeting', m, rule)
    : decide('party_members_meeting', partyMeetingTally(m), rule);
}

/** A residents' meeting; choices are stored apart from participation (§3.8), so it is counted in numbers. */
export interface ResidentsMeetingCounts {
  mode: ResidentsMeetingMode;
  /** Adults, households or group representatives, per mode. */
  electorate: number;
  present: number;
  yes: number;
  no: number;
  abstain: number;
}

/** Residents' meeting 居民会议 (Art. 9): quorum > half of the electorate per mode; yes > half of those present. */
export function residentsMeetingOutcome(c: ResidentsMeetingCounts, rule?: BodyRule): MeetingOutcome {
  return decide(
    'residents_meeting',
    { expected: c.electorate, present: c.present, yes: c.yes, no: c.no, abstain: c.abstain },
    rule,
  );
}

/**
 * Representatives' meeting 居民代表会议: quorum ≥ 2/3 of members; yes > half of those present, or of
 * all members where the community chose the stricter rule.
 */
export function representativesMeetingOutcome(m: NamedMeeting, rule?: BodyRule): NamedOutcome {
  return named('representatives_meeting', m, rule);
}

/** What a meeting's minutes carry: names, or numbers from a confirmed paper tally. */
export type MeetingRecord = { kind: 'named'; meeting: NamedMeeting } | { kind: 'counts'; tally: Tally };

export function meetingOutcome(body: MeetingBody, record: MeetingRecord, rule?: BodyRule): MeetingOutcome {
  return record.kind === 'named' ? named(body, record.meeting, rule) : decide(body, record.tally, rule);
}

/** The message key and numbers the UI shows for an outcome. */
export function outcomeMessage(o: MeetingOutcome): { key: string; params: Record<string, number> } {
  if (o.kind === 'inquorate') {
    return { key: 'motion.outcome.inquorate', params: { present: o.present, needed: o.needed, expected: o.expected } };
  }
  return {
    key: o.kind === 'passed' ? 'motion.outcome.passed' : 'motion.outcome.notPassed',
    params: {
      yes: o.yes,
      no: o.no,
      abstain: o.abstain,
      present: o.present,
      expected: o.expected,
      yesNeeded: o.yesNeeded,
    },
  };
}

// ─── Rosters and paper tallies ──────────────────────────────────────────────────────────────────

/**
 * Representatives' meeting composition (§3.3): representatives should be ≥ 4/5 of members and women
 * ≥ 1/3. Returns warning keys; it never blocks.
 */
export function representativesRosterWarnings(
  members: readonly { isRepresentative: boolean; isWoman: boolean }[],
): string[] {
  const n = members.length;
  const reps = members.filter((m) => m.isRepresentative).length;
  const women = members.filter((m) => m.isWoman).length;
  const warnings: string[] = [];
  if (5 * reps < 4 * n) warnings.push('motion.warnings.fewRepresentatives');
  if (!meets('atLeastOneThird', women, n)) warnings.push('motion.warnings.fewWomen');
  return warnings;
}

/**
 * Paper tallies count only once a second person (committee member or supervisor) has confirmed them
 * and the signed sheet is scanned (§3.2, edge #13).
 */
export function checkPaperTally(entry: { enteredBy: string; confirmedBy?: string; scanRef?: string }): Verdict {
  if (!entry.scanRef) return refuse('motion.errors.scanRequired');
  if (!entry.confirmedBy) return refuse('motion.errors.paperTallyUnconfirmed');
  if (entry.confirmedBy === entry.enteredBy) return refuse('motion.errors.secondPersonRequired');
  return allowed;
}
