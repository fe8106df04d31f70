/**
 * One workflow per motion (`motion-<uuid>`): the 四议两公开 process of DOMAIN.md §3 as durable state,
 * in the shape of Temporal's entity-workflow samples. Commands (handlers/*.ts, one file per stage)
 * are Updates registered with the shared kit (workflows/kit.ts); the system's own steps are
 * system.ts; the rules are domain/motion/. The main loop sleeps until the domain's next deadline
 * (`nextWakeUp`) or a change, and continues as new when history grows.
 *
 * Deterministic: time from the workflow clock (`Date.now()` is replay-safe here), ids from `uuid4()`.
 */
import { continueAsNew, setHandler } from '@temporalio/workflow';
import { isTerminal, nextWakeUp } from '../../domain/motion/stages';
import { amendmentResolved, consultationCompleted, motionStateQuery, votesChanged, type MotionWorkflowInput, type MotionWorkflowResult } from '../api';
import { agendaHandlers } from './handlers/agenda';
import { implementationHandlers } from './handlers/implementation';
import { meetingHandlers } from './handlers/meetings';
import { objectionHandlers } from './handlers/objections';
import { proposalHandlers } from './handlers/proposal';
import { resolutionHandlers } from './handlers/resolution';
import { reviewHandlers } from './handlers/review';
import { MotionProcess } from './process';
import { systemPass } from './system';

const MOTION_HANDLERS = [proposalHandlers, meetingHandlers, resolutionHandlers, objectionHandlers, implementationHandlers, agendaHandlers, reviewHandlers];

export async function motionWorkflow(input: MotionWorkflowInput): Promise<MotionWorkflowResult> {
  const p = new MotionProcess(input);
  const st = p.st;
  for (const register of MOTION_HANDLERS) register(p);
  setHandler(motionStateQuery, () => st);
  setHandler(votesChanged, ({ meetingId }) => {
    if (st.book && st.book.questionId === meetingId && !st.votesDirty) {
      st.votesDirty = true;
      p.kit.changes++;
    }
  });
  setHandler(consultationCompleted, ({ consultationId }) => {
    if (typeof consultationId === 'string' && !st.pendingConsultations.includes(consultationId)) {
      st.pendingConsultations.push(consultationId);
      p.kit.changes++;
    }
  });
  setHandler(amendmentResolved, (a) => {
    if (typeof a?.amendingMotionId !== 'string' || typeof a.approvedBudgetYuan !== 'number') return;
    (st.pendingAmendments ??= []).push({ amendingMotionId: a.amendingMotionId, approvedBudgetYuan: a.approvedBudgetYuan });
    p.kit.changes++;
  });

  for (;;) {
    const seen = p.kit.changes;
    await p.kit.exclusive(() => systemPass(p));
    const s = st.snapshot;
    if (isTerminal(s.state) && (s.state !== 'withdrawn' || st.withdrawalPublished)) break;
    if (p.shouldContinueAsNew()) {
      // Never lose an accepted update: wait for every handler, then carry everything over at once.
      await p.kit.settle();
      return continueAsNew<typeof motionWorkflow>({ ...input, snapshot: st.snapshot, carried: st });
    }
    const wake = nextWakeUp(s, p.ctx());
    await p.kit.changedSince(seen, wake === undefined ? undefined : Math.max(1, wake - Date.now()));
  }
  await p.kit.settle();
  return { state: st.snapshot.state, step: st.step };
}
