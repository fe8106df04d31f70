/**
 * 公开前审核 — the supervision committee's review of a disclosure before publication (§3.7.3,
 * domain/motion/review.ts, decision 074). Each command commits its step; publication itself is the
 * system's next step (system.ts), once the review allows it, so the published content carries the
 * review status.
 */
import type { ReviewEvent } from '../../../domain/motion/review';
import { motionUpdates } from '../../api';
import type { MotionProcess } from '../process';

export function reviewHandlers(p: MotionProcess): void {
  const reviewCommand = <I>(
    update: Parameters<typeof p.command<I, { step: number }>>[0],
    event: (input: I) => ReviewEvent,
    details: (input: I) => Record<string, unknown>,
  ) =>
    p.command(update, {
      allowed: (cmd, actor, now) => p.check(event(cmd.input), actor, now),
      run: async (cmd, actor) => {
        const now = Date.now();
        const e = event(cmd.input);
        return p.record(cmd, now, {
          action: e.type,
          next: p.apply(e, actor, now),
          details: { kind: p.st.snapshot.disclosure?.kind, ...details(cmd.input) },
        });
      },
    });

  reviewCommand(
    motionUpdates.approveDisclosure,
    (i) => ({ type: 'approveDisclosure', ...(i.remark ? { remark: i.remark } : {}) }),
    (i) => (i.remark ? { remark: i.remark } : {}),
  );
  reviewCommand(
    motionUpdates.requestDisclosureCorrection,
    (i) => ({ type: 'requestDisclosureCorrection', reason: i.correctionReason }),
    (i) => ({ reason: i.correctionReason }),
  );
  reviewCommand(
    motionUpdates.resubmitDisclosure,
    (i) => ({ type: 'resubmitDisclosure', note: i.correctionNote }),
    (i) => ({ note: i.correctionNote }),
  );
  reviewCommand(motionUpdates.publishUnreviewed, () => ({ type: 'publishUnreviewed' }), () => ({}));
}
