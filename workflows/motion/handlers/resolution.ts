/** 决议 — the resolution: named votes by show of hands, and the representatives' online vote. */
import { toShanghaiDateInput } from '../../../domain/calendar';
import { DomainError } from '../../../domain/errors';
import type { MotionFact } from '../../../domain/motion/facts';
import { meetingOutcome } from '../../../domain/motion/meetings';
import { attendanceSummary, namedRecord, splitOutcome } from '../../../domain/motion/minutes';
import { bodyRuleFor } from '../../../domain/motion/settings';
import { assertMay } from '../../../domain/motion/stages';
import { assertMayVote, checkIn as checkInBook } from '../../../domain/motion/votes';
import { motionUpdates, type HandVotesInput } from '../../api';
import type { MotionProcess } from '../process';

export function resolutionHandlers(p: MotionProcess): void {
  const st = p.st;

  function handRecord(i: HandVotesInput, now: number) {
    const m = p.currentMeeting('representatives_meeting', i.questionId);
    if (st.book) throw new DomainError('motion.errors.onlineTallyIsAutomatic');
    return { m, record: namedRecord(m.roster, p.pending()!.opensAt, m.attendance, i.votes, i.recusedIds, now) };
  }

  p.command(motionUpdates.recordHandVotes, {
    allowed: (cmd, actor, now) => {
      assertMay(st.snapshot, 'recordResolution', actor, p.ctx(now));
      p.check({ type: 'recordResolution', record: handRecord(cmd.input, now).record }, actor, now);
    },
    run: async (cmd, actor) => {
      const now = Date.now();
      const { m, record } = handRecord(cmd.input, now);
      const next = p.apply({ type: 'recordResolution', record }, actor, now);
      const { outcome, count } = splitOutcome(
        meetingOutcome('representatives_meeting', record, bodyRuleFor('representatives_meeting', st.settings)),
      );
      const onRoster = new Set(m.roster.map((r) => r.personId));
      const votes: MotionFact[] = cmd.input.votes
        .filter((v) => onRoster.has(v.personId))
        .map((v) => ({ type: 'voteCast', meetingId: m.id, voterId: v.personId, choice: v.choice, method: 'in_person', version: 1, castAt: now }));
      return p.record(cmd, now, {
        action: 'recordResolution',
        next,
        details: { meetingId: m.id, outcome: outcome.kind },
        facts: [
          ...votes,
          {
            type: 'meetingRecorded',
            meetingId: m.id,
            minutes: {
              heldOn: toShanghaiDateInput(p.pending()!.opensAt),
              attendance: attendanceSummary(count),
              ...(count ? { tally: count.tally } : {}),
              outcome,
              recordedBy: cmd.actor.userId,
              recordedAt: now,
              details: { recusedIds: cmd.input.recusedIds },
            },
          },
        ],
      });
    },
  });

  function openBook(questionId: string) {
    const book = st.book;
    if (!book) throw new DomainError('motion.errors.votingNotOpen');
    if (book.questionId !== questionId) throw new DomainError('motion.errors.votingClosed');
    return book;
  }

  p.command(motionUpdates.checkIn, {
    allowed: (cmd, actor, now) => {
      p.check({ type: 'checkIn' }, actor, now);
      assertMayVote(openBook(cmd.input.meetingId), cmd.actor.userId, now);
    },
    run: async (cmd, actor) => {
      const now = Date.now();
      const next = p.apply({ type: 'checkIn' }, actor, now);
      st.book = checkInBook(openBook(cmd.input.meetingId), cmd.actor.userId, now);
      return p.record(cmd, now, {
        action: 'checkIn',
        next,
        details: { meetingId: cmd.input.meetingId },
        facts: [{ type: 'attendanceChanged', meetingId: cmd.input.meetingId, attendance: p.attendanceNow() }],
      });
    },
  });
  // Online votes themselves are written by the web's guarded SQL (db/motion-votes.server.ts,
  // decision 060); the workflow reads them on `votesChanged` and when the window closes (system.ts).
}
