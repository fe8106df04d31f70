/** Objections 异议 (§3.7) and corrected disclosures (§3.7.5, §6). */
import { uuid4 } from '@temporalio/workflow';
import { DomainError } from '../../../domain/errors';
import { SYSTEM_ACTOR, holdsAny, type Actor } from '../../../domain/motion/permissions';
import { applyMotionEvent, assertMotionEvent, disclosureEndsAt, isTerminal } from '../../../domain/motion/stages';
import { motionUpdates } from '../../api';
import { motionActivities, type MotionProcess } from '../process';

export function objectionHandlers(p: MotionProcess): void {
  const st = p.st;

  p.command(motionUpdates.raiseObjection, {
    allowed: (cmd, actor, now) => p.check({ type: 'raiseObjection', objectionId: 'new', blocking: cmd.input.blocking }, actor, now),
    run: async (cmd, actor) => {
      const now = Date.now();
      const objectionId = uuid4();
      const next = p.apply({ type: 'raiseObjection', objectionId, blocking: cmd.input.blocking }, actor, now);
      const o = next.objections.find((x) => x.id === objectionId)!;
      return p.record(cmd, now, {
        action: 'raiseObjection',
        next,
        extras: { objectionId },
        details: { objectionId, blocking: o.blocking },
        facts: [
          {
            type: 'objectionRaised',
            id: objectionId,
            raisedBy: cmd.actor.userId,
            raisedAs: o.by,
            blocking: o.blocking,
            body: cmd.input.text,
            raisedAt: o.raisedAt,
            replyDueAt: o.replyDueAt,
          },
        ],
      });
    },
  });

  p.command(motionUpdates.replyToObjection, {
    allowed: (cmd, actor, now) => p.check({ type: 'replyToObjection', objectionId: cmd.input.objectionId }, actor, now),
    run: async (cmd, actor) => {
      const now = Date.now();
      const { objectionId, text } = cmd.input;
      return p.record(cmd, now, {
        action: 'replyToObjection',
        next: p.apply({ type: 'replyToObjection', objectionId }, actor, now),
        details: { objectionId },
        facts: [{ type: 'objectionReplied', id: objectionId, reply: text, repliedBy: cmd.actor.userId, repliedAt: now }],
      });
    },
  });

  p.command(motionUpdates.acceptObjectionReply, {
    allowed: (cmd, actor, now) => p.check({ type: 'acceptObjectionReply', objectionId: cmd.input.objectionId }, actor, now),
    run: async (cmd, actor) => {
      const now = Date.now();
      const { objectionId } = cmd.input;
      return p.record(cmd, now, {
        action: 'acceptObjectionReply',
        next: p.apply({ type: 'acceptObjectionReply', objectionId }, actor, now),
        details: { objectionId },
        facts: [{ type: 'objectionSettled', id: objectionId }],
      });
    },
  });

  p.command(motionUpdates.ruleOnObjection, {
    allowed: (cmd, actor, now) =>
      p.check({ type: 'ruleOnObjection', objectionId: cmd.input.objectionId, ruling: cmd.input.ruling }, actor, now),
    run: async (cmd, actor) => {
      const now = Date.now();
      const i = cmd.input;
      return p.record(cmd, now, {
        action: 'ruleOnObjection',
        next: p.apply({ type: 'ruleOnObjection', objectionId: i.objectionId, ruling: i.ruling }, actor, now),
        details: { objectionId: i.objectionId, ruling: i.ruling },
        facts: [{ type: 'objectionRuled', id: i.objectionId, ruling: i.ruling, reasons: i.reasons, ruledBy: cmd.actor.userId, ruledAt: now }],
      });
    },
  });

  function mayCorrect(actor: Actor, substantive: boolean, now: number) {
    if (!holdsAny(actor, ['committee_member'])) {
      throw new DomainError(isTerminal(st.snapshot.state) ? 'motion.errors.motionFinished' : 'motion.errors.notPermitted');
    }
    assertMotionEvent(st.snapshot, { type: 'disclosureCorrected', substantive }, SYSTEM_ACTOR, p.ctx(now));
    if (!st.lastDisclosureId) throw new DomainError('motion.errors.disclosureNotPublished');
  }

  p.command(motionUpdates.correctDisclosure, {
    allowed: (cmd, actor, now) => mayCorrect(actor, cmd.input.substantive, now),
    run: async (cmd) => {
      const now = Date.now();
      const s = st.snapshot;
      const { reason, substantive } = cmd.input;
      // A substantive correction restarts the window (§6); a typo keeps the original end.
      const end = substantive ? now + st.settings.disclosureDays * st.settings.dayMs : disclosureEndsAt(s, st.settings)!;
      const d = await motionActivities.publishMotionDisclosure({
        motionId: st.motionId,
        kind: s.state === 'resolution_disclosed' ? 'resolution' : 'implementation_result',
        idempotencyKey: `${p.workflowId}:${st.step + 1}`,
        publishedAt: now,
        visibleUntil: end,
        corrects: st.lastDisclosureId!,
        correctionReason: reason,
        substantive,
      });
      st.lastDisclosureId = d.id;
      return p.record(cmd, now, {
        action: 'disclosureCorrected',
        next: applyMotionEvent(s, { type: 'disclosureCorrected', substantive }, SYSTEM_ACTOR, p.ctx(now)),
        details: { disclosureId: d.id, substantive, reason },
      });
    },
  });
}
