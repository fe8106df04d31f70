/**
 * An agenda item's result from a shared meeting (issue 12, decision 043). The meeting workflow sends
 * the numbers a second person confirmed; the motion re-checks the second person (§3.2) and decides
 * with its own events and rules, so a shared meeting moves a motion exactly as its own meeting would.
 */
import { DomainError } from '../../../domain/errors';
import { meetingOutcome, checkPaperTally, type MeetingRecord } from '../../../domain/motion/meetings';
import { bodyRuleFor } from '../../../domain/motion/settings';
import type { MotionEvent } from '../../../domain/motion/stages';
import { assertAllowed } from '../../refusal';
import { motionUpdates, type AgendaOutcomeInput } from '../../api';
import type { MotionProcess } from '../process';

const COUNTED = ['party_members_meeting', 'residents_meeting', 'representatives_meeting'] as const;

export function agendaHandlers(p: MotionProcess): void {
  const st = p.st;

  function eventOf(i: AgendaOutcomeInput): { m: NonNullable<typeof st.meeting>; e: MotionEvent } {
    const m = p.currentMeeting(COUNTED, i.motionMeetingId);
    if (st.book) throw new DomainError('motion.errors.onlineTallyIsAutomatic');
    assertAllowed(checkPaperTally({ enteredBy: i.enteredBy, confirmedBy: i.confirmedBy, scanRef: i.scanRef }));
    const record: MeetingRecord = { kind: 'counts', tally: i.tally };
    return { m, e: m.body === 'party_members_meeting' ? { type: 'recordPartyMeeting', record } : { type: 'recordResolution', record } };
  }

  p.command(motionUpdates.recordAgendaOutcome, {
    allowed: (cmd, actor, now) => p.check(eventOf(cmd.input).e, actor, now),
    run: async (cmd, actor) => {
      const i = cmd.input;
      const now = Date.now();
      const { m, e } = eventOf(i);
      const next = p.apply(e, actor, now);
      const outcome = meetingOutcome(m.body, { kind: 'counts', tally: i.tally }, bodyRuleFor(m.body, st.settings));
      return p.record(cmd, now, {
        action: e.type,
        next,
        extras: { outcome: outcome.kind, state: next.state },
        details: { meetingId: m.id, sharedMeetingId: i.meetingId, outcome: outcome.kind },
        facts: [
          {
            type: 'meetingRecorded',
            meetingId: m.id,
            minutes: {
              heldOn: i.heldOn,
              attendance: { present: i.tally.present, expected: i.tally.expected, recused: i.recusedIds.length },
              tally: i.tally,
              outcome,
              ...(i.notes ? { minutes: i.notes } : {}),
              recordedBy: cmd.actor.userId,
              recordedAt: now,
              details: {
                sharedMeetingId: i.meetingId,
                enteredBy: i.enteredBy,
                confirmedBy: i.confirmedBy,
                scanRef: i.scanRef,
                recusedIds: i.recusedIds,
              },
            },
          },
        ],
      });
    },
  });
}
