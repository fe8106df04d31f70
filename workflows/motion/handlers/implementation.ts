/** 实施 — implementation: progress entries, the final report with its accounts, a contested resolution. */
import { uuid4 } from '@temporalio/workflow';
import { finalTotalYuan } from '../../../domain/motion/schemas';
import { motionUpdates } from '../../api';
import type { MotionProcess } from '../process';

export function implementationHandlers(p: MotionProcess): void {
  p.command(motionUpdates.recordProgress, {
    allowed: (cmd, actor, now) => p.check({ type: 'recordProgress', amountYuan: cmd.input.amountYuan }, actor, now),
    run: async (cmd, actor) => {
      const i = cmd.input;
      const now = Date.now();
      const next = p.apply({ type: 'recordProgress', amountYuan: i.amountYuan }, actor, now);
      const id = uuid4();
      return p.record(cmd, now, {
        action: 'recordProgress',
        next,
        details: { progressId: id, amountYuan: i.amountYuan, ...(next.paused ? { paused: next.paused } : {}) },
        facts: [
          {
            type: 'progressRecorded',
            id,
            entryDate: i.date,
            work: i.work,
            amountYuan: i.amountYuan,
            contractorOrganization: i.contractorOrganization ?? null,
            isFinal: false,
            finalLines: null,
            acceptanceRecord: null,
            recordedBy: cmd.actor.userId,
          },
        ],
      });
    },
  });

  p.command(motionUpdates.reportCompletion, {
    allowed: (cmd, actor, now) => p.check({ type: 'reportCompletion', finalAmountYuan: finalTotalYuan(cmd.input.lines) }, actor, now),
    run: async (cmd, actor) => {
      const i = cmd.input;
      const now = Date.now();
      const total = finalTotalYuan(i.lines);
      const next = p.apply({ type: 'reportCompletion', finalAmountYuan: total }, actor, now);
      const id = uuid4();
      return p.record(cmd, now, {
        action: 'reportCompletion',
        next,
        details: { progressId: id, finalAmountYuan: total },
        facts: [
          {
            type: 'progressRecorded',
            id,
            entryDate: i.completedOn,
            work: i.summary,
            amountYuan: total,
            contractorOrganization: null,
            isFinal: true,
            finalLines: i.lines.map((l) => ({ item: l.item, amountYuan: l.amountYuan })),
            acceptanceRecord: i.acceptanceRecord,
            recordedBy: cmd.actor.userId,
          },
        ],
      });
    },
  });

  p.command(motionUpdates.contestResolution, {
    allowed: (_cmd, actor, now) => p.check({ type: 'contestResolution' }, actor, now),
    run: async (cmd, actor) => {
      const now = Date.now();
      return p.record(cmd, now, {
        action: 'contestResolution',
        next: p.apply({ type: 'contestResolution' }, actor, now),
        details: { reasons: cmd.input.reasons },
      });
    },
  });

  p.command(motionUpdates.resumeImplementation, {
    allowed: (_cmd, actor, now) => p.check({ type: 'resumeImplementation' }, actor, now),
    run: async (cmd, actor) => {
      const now = Date.now();
      const was = p.st.snapshot.paused;
      return p.record(cmd, now, {
        action: 'resumeImplementation',
        next: p.apply({ type: 'resumeImplementation' }, actor, now),
        details: { reasons: cmd.input.reasons, was },
      });
    },
  });
}
