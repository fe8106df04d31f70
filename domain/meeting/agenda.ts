/**
 * A meeting as a real meeting (issue 12): one body meets once — 两委联席会议, 党员大会, 居民会议 or
 * 居民代表会议 — with a notice, a roster frozen at notice, attendance taken once, and an agenda of
 * several matters. Each agenda item is one motion at the stage that body decides; each item's tally
 * and outcome are computed here from the shared attendance less that item's recusals. The motion's
 * own stage rules (domain/motion/stages.ts) stay the motion's: this module never moves a motion.
 */
import { DomainError } from '../errors';
import { countNamed, decide, type BodyRule, type MeetingBody, type MeetingOutcome, type RosterMember, type Tally } from '../motion/meetings';
import type { MotionState } from '../motion/stages';
import { confirmedCounts, type Confirmation } from './confirmation';

/** Bodies that meet with an agenda of motions (the party committee's decision stays per motion). */
export const AGENDA_BODIES = ['joint_meeting', 'party_members_meeting', 'residents_meeting', 'representatives_meeting'] as const;
export type AgendaBody = (typeof AGENDA_BODIES)[number];

/** Bodies whose items are decided by typed counts (show of hands, sign-in sheets) in this module. */
export const COUNTED_BODIES = ['party_members_meeting', 'residents_meeting', 'representatives_meeting'] as const;
export type CountedBody = (typeof COUNTED_BODIES)[number];

/** The motion stage each body decides (§3.1). */
export const STAGE_FOR_BODY: Readonly<Record<AgendaBody, MotionState>> = {
  joint_meeting: 'deliberating',
  party_members_meeting: 'party_review',
  residents_meeting: 'resolving',
  representatives_meeting: 'resolving',
};

/** Items on one agenda (PLATFORM): a meeting that takes more is split. */
export const MAX_AGENDA_ITEMS = 20;

/** Whether a motion in this state can go on this body's agenda (the motion re-checks everything). */
export function fitsAgenda(body: AgendaBody, state: MotionState): boolean {
  return STAGE_FOR_BODY[body] === state;
}

/**
 * Attendance taken once: who was present (named), or how many — a residents' meeting always counts in
 * numbers; any other body may enter a paper sign-in sheet's numbers only (present of entitled). No
 * proxies count in any of these bodies (§3.3, fixed): the form refuses them.
 */
export type AttendanceCounts = { presentIds: string[] } | { present: number; electorate: number };

/**
 * How many the frozen roster entitles to attend and vote (应到): voting members who had not left office
 * before the meeting opened (edge #4). A numbers-only sheet of a named body must state exactly this.
 */
export function entitledCount(roster: readonly RosterMember[], opensAt: number): number {
  return countNamed({ roster, opensAt, closesAt: opensAt }).tally.expected;
}

/** The numbers typed for one item, and who stood aside on it: the second person confirms all of it. */
export interface ItemCounts {
  yes: number;
  no: number;
  abstain: number;
  /** Recused on this item (conflict of interest): out of its quorum and denominator. */
  recusedIds?: string[];
}

export interface AgendaItem {
  motionId: string;
  /** The motion's own meeting id (its `conveneMeeting` receipt), shown on the motion page. */
  motionMeetingId: string;
  title: string;
  /** Discussion notes, in the speakers' words. */
  notes?: string;
  counts: Confirmation<ItemCounts>;
  /** Set once the motion has taken the outcome (its own decision), or refused it (the key). */
  delivered?: { ok: true; outcome: MeetingOutcome['kind']; state: string } | { ok: false; key: string };
}

/**
 * One item's tally from the meeting's confirmed attendance (§3.3, edges #4, #12): the roster frozen at
 * notice, less the item's recusals (out of quorum and denominator) and those who left office before
 * the meeting opened; present = attendance among them. Named attendance only for named rosters.
 */
export function itemTally(
  roster: readonly RosterMember[],
  opensAt: number,
  attendance: AttendanceCounts,
  recusedIds: readonly string[],
  counts: ItemCounts,
) {
  const votes = { yes: counts.yes, no: counts.no, abstain: counts.abstain };
  if ('present' in attendance) {
    // Numbers only: a recused person declared the conflict at the meeting, so was present; they leave
    // both the denominator and the present count of this item (§3.3, edge #12).
    const r = new Set(recusedIds).size;
    if (r > attendance.present) throw new DomainError('meeting.errors.recusedNotPresent');
    return { expected: attendance.electorate - r, present: attendance.present - r, ...votes, recused: r };
  }
  const named = countNamed({
    roster,
    opensAt,
    // Held in person: the vote is taken when the meeting sits, so leaving office later changes nothing.
    closesAt: opensAt,
    recused: recusedIds,
    attendance: attendance.presentIds.map((personId) => ({ personId, method: 'in_person' as const, at: opensAt })),
  });
  return { ...named.tally, ...votes, recused: named.recusedIds.length };
}

/**
 * The outcome of one item, or undefined while its counts (or the attendance) await a second person.
 * Throws `motion.errors.tallyInconsistent`/`votesExceedPresent` if the numbers contradict attendance.
 */
export function itemOutcome(
  body: CountedBody,
  roster: readonly RosterMember[],
  opensAt: number,
  attendance: Confirmation<AttendanceCounts>,
  counts: Confirmation<ItemCounts>,
  rule?: BodyRule,
): MeetingOutcome | undefined {
  const tally = confirmedTally(roster, opensAt, attendance, counts);
  return tally && decide(body, tally, rule);
}

/** The item's tally once attendance and its counts are both confirmed; undefined before. */
export function confirmedTally(
  roster: readonly RosterMember[],
  opensAt: number,
  attendance: Confirmation<AttendanceCounts>,
  counts: Confirmation<ItemCounts>,
): Tally | undefined {
  const a = confirmedCounts(attendance);
  const c = confirmedCounts(counts);
  if (!a || !c) return undefined;
  const { recused: _r, ...tally } = itemTally(roster, opensAt, a, c.recusedIds ?? [], c);
  return tally;
}

/** Refuses counts that cannot fit the confirmed attendance (before they are even stored). */
export function checkItemCounts(
  roster: readonly RosterMember[],
  opensAt: number,
  attendance: AttendanceCounts,
  recusedIds: readonly string[],
  counts: ItemCounts,
): void {
  const t = itemTally(roster, opensAt, attendance, recusedIds, counts);
  if (t.yes + t.no + t.abstain > t.present) throw new DomainError('motion.errors.votesExceedPresent');
}

/**
 * Refuses attendance naming someone not on the frozen roster, more present than entitled, or — for a
 * body with a named roster (every body but the residents' meeting) — a sheet whose entitled number is
 * not the roster's (`entitledCount`).
 */
export function checkAttendance(roster: readonly RosterMember[], a: AttendanceCounts, body?: AgendaBody, opensAt = 0): void {
  if ('present' in a) {
    if (a.present > a.electorate) throw new DomainError('motion.errors.tallyInconsistent');
    if (body !== undefined && body !== 'residents_meeting') {
      const expected = entitledCount(roster, opensAt);
      if (a.electorate !== expected) throw new DomainError('meeting.errors.entitledMismatch', { expected });
    }
    return;
  }
  const onRoster = new Set(roster.map((r) => r.personId));
  if (a.presentIds.some((id) => !onRoster.has(id))) throw new DomainError('meeting.errors.notOnRoster');
  if (new Set(a.presentIds).size !== a.presentIds.length) throw new DomainError('motion.errors.duplicateVoter');
}

/** Refuses recusals naming someone not on the roster. */
export function checkRecusals(roster: readonly RosterMember[], recusedIds: readonly string[]): void {
  const onRoster = new Set(roster.map((r) => r.personId));
  if (recusedIds.some((id) => !onRoster.has(id))) throw new DomainError('meeting.errors.notOnRoster');
}

/** An agenda's items are distinct motions, at most MAX_AGENDA_ITEMS. */
export function checkAgendaAdd(items: readonly Pick<AgendaItem, 'motionId'>[], motionId: string): void {
  if (items.some((i) => i.motionId === motionId)) throw new DomainError('meeting.errors.alreadyOnAgenda');
  if (items.length >= MAX_AGENDA_ITEMS) throw new DomainError('meeting.errors.agendaFull', { max: MAX_AGENDA_ITEMS });
}

export type { MeetingBody };
