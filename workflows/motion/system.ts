/**
 * The system's own steps, run by the main loop under the same lock as commands: a consultation's
 * outcome arriving, a voting window closing (on its timer, or early when everyone has voted),
 * disclosures publishing, disclosure windows ending, lapse — then the open tasks rewritten when
 * domain/motion/tasks.ts says they changed.
 */
import { log } from '@temporalio/workflow';
import { toShanghaiDateInput } from '../../domain/calendar';
import { attendanceSummary, splitOutcome } from '../../domain/motion/minutes';
import { SYSTEM_ACTOR } from '../../domain/motion/permissions';
import { MIN_DISCLOSURE_DAYS } from '../../domain/motion/settings';
import { DISCLOSURE_STATES, applyMotionEvent, checkMotionEvent, type MotionEvent, type MotionState } from '../../domain/motion/stages';
import { openTasks } from '../../domain/motion/tasks';
import { allVoted, closeVoting, tallyVotes, voteRecord } from '../../domain/motion/votes';
import { motionActivities, type MotionProcess } from './process';

/** The ballots stored by the web's guarded SQL (decision 060), read into the vote book. */
async function readBallots(p: MotionProcess): Promise<void> {
  const book = p.st.book!;
  p.st.votesDirty = false;
  const read = await motionActivities.readMotionVotes({ meetingId: book.questionId });
  // A departure recorded after the notice (§8 #4) arrives with the roster; histories before it carry none.
  p.st.book = { ...p.st.book!, ballots: read.ballots, recused: read.recused, roster: read.roster ?? book.roster };
}

async function closeVote(p: MotionProcess): Promise<void> {
  const now = Date.now();
  // Sealed and read in one transaction: a vote after this is refused, so the count is final.
  const sealed = await motionActivities.sealMotionVotes({ meetingId: p.st.book!.questionId, closedAt: now });
  p.st.votesDirty = false;
  const { book, closedEarly } = closeVoting({ ...p.st.book!, ballots: sealed.ballots, recused: sealed.recused, roster: sealed.roster ?? p.st.book!.roster }, now);
  const meetingId = book.questionId;
  const record = voteRecord(book);
  const next = applyMotionEvent(p.st.snapshot, { type: 'recordResolution', record, closedEarly }, SYSTEM_ACTOR, p.ctx(now));
  const { outcome, count } = splitOutcome(tallyVotes(book, p.st.settings));
  await p.commit({
    action: 'recordResolution',
    actor: null,
    next,
    at: now,
    details: { meetingId, outcome: outcome.kind, closedEarly },
    facts: [
      {
        type: 'meetingRecorded',
        meetingId,
        minutes: {
          heldOn: toShanghaiDateInput(book.opensAt),
          attendance: attendanceSummary(count),
          ...(count ? { tally: count.tally } : {}),
          outcome,
          recordedBy: null,
          recordedAt: now,
          details: { closedAt: book.closedAt, closedEarly, checkIns: book.attendance.length },
        },
      },
    ],
  });
}

async function publishStateDisclosure(p: MotionProcess): Promise<void> {
  const st = p.st;
  const at = Date.now();
  const kind = st.snapshot.state === 'resolution_disclosed' ? 'resolution' : 'implementation_result';
  const d = await motionActivities.publishMotionDisclosure({
    motionId: st.motionId,
    kind,
    idempotencyKey: `${p.workflowId}:${st.step + 1}`,
    publishedAt: at,
    visibleUntil: at + st.settings.disclosureDays * st.settings.dayMs,
  });
  st.lastDisclosureId = d.id;
  const next = applyMotionEvent(st.snapshot, { type: 'disclosurePublished' }, SYSTEM_ACTOR, p.ctx(at));
  await p.commit({ action: 'disclosurePublished', actor: null, next, at, details: { disclosureId: d.id, kind, seq: d.seq } });
}

async function publishWithdrawal(p: MotionProcess): Promise<void> {
  const st = p.st;
  const at = Date.now();
  const d = await motionActivities.publishMotionDisclosure({
    motionId: st.motionId,
    kind: 'withdrawal',
    idempotencyKey: `${p.workflowId}:${st.stateEnteredStep}`,
    publishedAt: at,
    visibleUntil: at + MIN_DISCLOSURE_DAYS * st.settings.dayMs,
  });
  st.lastDisclosureId = d.id;
  st.withdrawalPublished = true;
}

/** A consultation's outcome, honoured only for the consultation the motion opened. */
async function completeConsultation(p: MotionProcess, consultationId: string): Promise<void> {
  const now = Date.now();
  const s = p.st.snapshot;
  const e: MotionEvent = { type: 'consultationCompleted' };
  if (s.consultation.id === consultationId && checkMotionEvent(s, e, SYSTEM_ACTOR, p.ctx(now)).ok) {
    await p.commit({ action: 'consultationCompleted', actor: null, next: p.apply(e, SYSTEM_ACTOR, now), at: now, details: { consultationId } });
  } else {
    log.warn('consultationCompleted ignored', { consultationId, state: s.state });
  }
}

/** An amending motion resolved (§3.5): resume with its budget, if this motion is still paused. */
async function resumeByAmendment(p: MotionProcess, a: { amendingMotionId: string; approvedBudgetYuan: number }): Promise<void> {
  const now = Date.now();
  // The amendment's budget is the new approved budget; an amendment without money keeps the old one.
  const e: MotionEvent = {
    type: 'resumeImplementation',
    amendingMotionId: a.amendingMotionId,
    ...(a.approvedBudgetYuan > 0 ? { approvedBudgetYuan: a.approvedBudgetYuan } : {}),
  };
  const was = p.st.snapshot.paused;
  if (p.st.snapshot.amendsMotionId === a.amendingMotionId || !checkMotionEvent(p.st.snapshot, e, SYSTEM_ACTOR, p.ctx(now)).ok) {
    log.warn('amendmentResolved ignored', { amendingMotionId: a.amendingMotionId, state: p.st.snapshot.state });
    return;
  }
  await p.commit({ action: 'resumeImplementation', actor: null, next: p.apply(e, SYSTEM_ACTOR, now), at: now, details: { ...a, was } });
}

/** Runs one due system step; false when none is due. */
async function nextSystemStep(p: MotionProcess): Promise<boolean> {
  const st = p.st;
  const now = Date.now();
  const s = st.snapshot;
  const consultation = st.pendingConsultations.shift();
  if (consultation !== undefined) {
    await completeConsultation(p, consultation);
    return true;
  }
  if (st.book && st.book.closedAt === undefined && st.votesDirty && now >= st.book.opensAt && now < st.book.closesAt) {
    await readBallots(p);
    return true;
  }
  const amendment = st.pendingAmendments?.shift();
  if (amendment !== undefined) {
    await resumeByAmendment(p, amendment);
    return true;
  }
  const book = st.book;
  if (book && book.closedAt === undefined && (now >= book.closesAt || (now >= book.opensAt && allVoted(book, now)))) {
    await closeVote(p);
    return true;
  }
  // Published once the supervision committee approved it, or the committee released it unreviewed (§3.7.3).
  if (
    (DISCLOSURE_STATES as readonly MotionState[]).includes(s.state) &&
    s.disclosure &&
    s.disclosure.publishedAt === undefined &&
    checkMotionEvent(s, { type: 'disclosurePublished' }, SYSTEM_ACTOR, p.ctx(now)).ok
  ) {
    await publishStateDisclosure(p);
    return true;
  }
  if (s.state === 'withdrawn' && !st.withdrawalPublished) {
    await publishWithdrawal(p);
    return true;
  }
  for (const type of ['endDisclosure', 'lapse'] as const) {
    if (checkMotionEvent(s, { type }, SYSTEM_ACTOR, p.ctx(now)).ok) {
      const next = p.apply({ type }, SYSTEM_ACTOR, now);
      await p.commit({ action: type, actor: null, next, at: now });
      // A passed amendment's resolution is in force: the amended motion resumes with its budget (§3.5).
      if (s.amendsMotionId && s.state === 'resolution_disclosed' && next.state === 'closed') {
        await motionActivities.resumeAmendedMotion({ motionId: s.amendsMotionId, amendingMotionId: st.motionId, approvedBudgetYuan: s.budgetFen / 100 });
      }
      return true;
    }
  }
  return false;
}

/** Runs every system step that is due now, then rewrites the open tasks if they changed. */
export async function systemPass(p: MotionProcess): Promise<void> {
  const st = p.st;
  for (let guard = 0; guard < 50 && (await nextSystemStep(p)); guard++);
  const tasks = openTasks(st, Date.now());
  const digest = JSON.stringify(tasks);
  if (digest !== st.taskDigest) {
    await motionActivities.syncMotionTasks({ communityId: st.communityId, motionId: st.motionId, tasks });
    st.taskDigest = digest;
  }
}
