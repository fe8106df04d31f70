/** 提议 — drafting, the party committee's decision; and the exits: withdrawal, consultation 协商. */
import { uuid4 } from '@temporalio/workflow';
import type { DraftFields } from '../../../domain/motion/facts';
import { meetingOutcome } from '../../../domain/motion/meetings';
import { namedRecord, attendanceSummary, splitOutcome } from '../../../domain/motion/minutes';
import { assertMay, type MotionEvent } from '../../../domain/motion/stages';
import { bodyRuleFor } from '../../../domain/motion/settings';
import { motionUpdates, type WithdrawInput } from '../../api';
import { motionActivities, type MotionProcess } from '../process';

function draftEvent(i: DraftFields): MotionEvent {
  return {
    type: 'editDraft',
    matter: {
      majorReasons: i.majorReasons,
      ...(i.fundRaisingDelegationRef ? { fundRaisingDelegationRef: i.fundRaisingDelegationRef } : {}),
    },
    preferredResolutionBody: i.resolutionBody,
    consultOptIn: i.consultOptIn,
    ...(i.consultationMandatory !== undefined ? { consultationMandatory: i.consultationMandatory } : {}),
    estimatedCostYuan: i.estimatedCostYuan,
  };
}

const withdrawEvent = (i: WithdrawInput): MotionEvent => ({
  type: 'withdraw',
  reason: i.reason,
  decisionRef: i.partyCommitteeDecisionRef,
});

export function proposalHandlers(p: MotionProcess): void {
  p.command(motionUpdates.editDraft, {
    allowed: (cmd, actor, now) => p.check(draftEvent(cmd.input), actor, now),
    run: async (cmd, actor) =>
      p.record(cmd, Date.now(), {
        action: 'editDraft',
        next: p.apply(draftEvent(cmd.input), actor),
        facts: [{ type: 'draftEdited', draft: cmd.input }],
        versionNote: cmd.input.changeNote ?? null,
      }),
  });

  p.command(motionUpdates.recordPartyCommitteeDecision, {
    allowed: (_cmd, actor, now) => assertMay(p.st.snapshot, 'recordPartyCommitteeDecision', actor, p.ctx(now)),
    run: async (cmd, actor) => {
      const i = cmd.input;
      const roster = await motionActivities.loadMotionRoster({ communityId: p.st.communityId, body: 'party_committee' });
      const now = Date.now();
      const attendance = i.attendeeIds.map((personId) => ({ personId, method: 'in_person' as const, at: now }));
      const record = namedRecord(roster, now, attendance, i.votes, i.recusedIds, now);
      const next = p.apply({ type: 'recordPartyCommitteeDecision', record }, actor, now);
      const { outcome, count } = splitOutcome(
        meetingOutcome('party_committee', record, bodyRuleFor('party_committee', p.st.settings)),
      );
      const meetingId = uuid4();
      return p.record(cmd, now, {
        action: 'recordPartyCommitteeDecision',
        next,
        extras: { meetingId },
        details: { meetingId, outcome: outcome.kind },
        facts: [
          {
            type: 'meetingRecorded',
            meetingId,
            notice: { id: meetingId, body: 'party_committee', online: false, textVersion: p.st.snapshot.textVersion, roster },
            minutes: {
              heldOn: i.heldOn,
              attendance: attendanceSummary(count),
              ...(count ? { tally: count.tally } : {}),
              outcome,
              minutes: i.minutes,
              recordedBy: cmd.actor.userId,
              recordedAt: now,
              details: { votes: i.votes, recusedIds: i.recusedIds, attachmentRefs: i.attachmentRefs ?? [] },
            },
          },
        ],
      });
    },
  });

  p.command(motionUpdates.withdraw, {
    allowed: (cmd, actor, now) => p.check(withdrawEvent(cmd.input), actor, now),
    run: async (cmd, actor) => {
      const now = Date.now();
      const next = p.apply(withdrawEvent(cmd.input), actor, now);
      return p.record(cmd, now, {
        action: 'withdraw',
        next,
        details: { reason: next.withdrawal?.reason, decisionRef: next.withdrawal?.decisionRef },
      });
    },
  });

  p.command(motionUpdates.openConsultation, {
    allowed: (cmd, actor, now) => p.check({ type: 'openConsultation', consultationId: cmd.input.consultationId }, actor, now),
    run: async (cmd, actor) => {
      const now = Date.now();
      return p.record(cmd, now, {
        action: 'openConsultation',
        next: p.apply({ type: 'openConsultation', consultationId: cmd.input.consultationId }, actor, now),
        details: { consultationId: cmd.input.consultationId },
      });
    },
  });
}
