/**
 * Small pure helpers that turn what a meeting's minutes say into the domain's meeting record and
 * back into what the read model shows (who was present, absent, recused…).
 */
import type { AttendanceMark, MeetingOutcome, MeetingRecord, NamedCount, VoteChoice } from './meetings';
import type { RosterPerson } from './roster';

/** An outcome without its named count, and the count (for the attendance summary). */
export function splitOutcome(o: MeetingOutcome): { outcome: MeetingOutcome; count?: NamedCount } {
  const { count, ...rest } = o as MeetingOutcome & { count?: NamedCount };
  return count ? { outcome: rest as MeetingOutcome, count } : { outcome: rest as MeetingOutcome };
}

/** A meeting voted by name (party committee, joint meeting, representatives by show of hands). */
export function namedRecord(
  roster: readonly RosterPerson[],
  opensAt: number,
  attendance: readonly AttendanceMark[],
  votes: readonly { personId: string; choice: VoteChoice }[],
  recused: readonly string[],
  at: number,
): MeetingRecord {
  return {
    kind: 'named',
    meeting: {
      roster: roster.map((p) => ({
        personId: p.personId,
        ...(p.hasVote === false ? { hasVote: false } : {}),
        ...(p.leftAt !== undefined ? { leftAt: p.leftAt } : {}),
      })),
      opensAt,
      recused,
      attendance,
      ballots: votes.map((v) => ({ personId: v.personId, choice: v.choice, at })),
    },
  };
}

/** Who was present, absent, removed, recused, excused — as the minutes show it. */
export function attendanceSummary(count: NamedCount | undefined) {
  return count
    ? {
        present: count.presentIds,
        absent: count.absentIds,
        removed: count.removedIds,
        recused: count.recusedIds,
        excused: count.excusedIds,
        ignored: count.ignored,
      }
    : undefined;
}
