/**
 * One consultation 协商 (DOMAIN.md §5.2) as a workflow `consultation-<uuid>`:
 *
 *   topic_proposed → topic_published → collecting → meeting_scheduled → meeting_held
 *   → outcome_published → feedback → closed   (or cancelled)
 *
 * Every rule is domain/consultation/procedure.ts: the Update validator refuses with its i18n key,
 * the handler applies the same function. Periods are durable timers counted in days of `dayMs`.
 * Opinions never enter this history: residents write them to PostgreSQL, guarded by the state row
 * this workflow's activity keeps (the opinion window closes when `opinions_close_at` passes or the
 * state leaves `collecting`). When the outcome is published and a motion waits for it, the
 * workflow signals `motion-<motionId>` with `consultationCompleted`.
 */
import { condition, getExternalWorkflowHandle, log, proxyActivities, setHandler } from '@temporalio/workflow';
import { z } from 'zod';
import type { Activities } from '../activities';
import {
  TERMINAL_STATES,
  applyConsultationCommand,
  checkConsultationCommand,
  commentDaysFor,
  consultationDeadlines,
  proposeTopic,
  resolvePeriods,
  type ConsultationClock,
  type ConsultationSnapshot,
  type ConsultationState,
} from '../domain/consultation';
import type { Role } from '../domain/roles';
import { ROLES } from '../domain/roles';
import { consultationCompleted, motionWorkflowId } from './api';
import {
  WORKFLOW_ACTIONS,
  consultationCommand,
  consultationReady,
  consultationState,
  type CommandEnvelope,
  type ConsultationView,
  type StartConsultation,
  type WorkflowCommand,
} from './consultation-api';
import { ProcessKit, envelopeSchema } from './kit';
import { asRefusalFailure, assertAllowed } from './refusal';

const { recordConsultationStep } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** The Update's argument: the person (id, roles found by the web's guard) and a known action. */
export const commandSchema = envelopeSchema({
  actor: z.object({ id: z.string().min(1).max(64), roles: z.array(z.enum(ROLES)).max(ROLES.length) }),
  actions: WORKFLOW_ACTIONS,
});

/** What a timer reminds of; each fires once per consultation (feedback: once per due date). */
type TimerKind = 'opinionWindowClosed' | 'meetingDue' | 'outcomeOverdue' | 'reviewWindowEnded' | 'displayPeriodEnded' | 'feedbackDue';
type Timer = { kind: TimerKind; at: number; key: string };

/** Tasks opened (role, i18n kind) when a step happens, and kinds closed by it. */
const TASK_ON: Partial<Record<string, { open?: { role: Role; kind: string }[]; close?: string[] }>> = {
  'timer:opinionWindowClosed': { open: [{ role: 'committee_member', kind: 'consultation.task.scheduleMeeting' }] },
  scheduleMeeting: { close: ['consultation.task.scheduleMeeting'] },
  'timer:meetingDue': { open: [{ role: 'committee_member', kind: 'consultation.task.recordMeeting' }] },
  recordMeeting: { close: ['consultation.task.recordMeeting'] },
  'timer:outcomeOverdue': { open: [{ role: 'committee_member', kind: 'consultation.task.outcomeOverdue' }] },
  draftOutcome: {
    open: [{ role: 'supervisor', kind: 'consultation.task.reviewOutcome' }],
    close: ['consultation.task.outcomeOverdue'],
  },
  reviewOutcome: { close: ['consultation.task.reviewOutcome'] },
  publishOutcome: { close: ['consultation.task.reviewOutcome'] },
  'timer:displayPeriodEnded': { open: [{ role: 'committee_member', kind: 'consultation.task.startFeedback' }] },
  startFeedback: { close: ['consultation.task.startFeedback'] },
  'timer:feedbackDue': { open: [{ role: 'committee_member', kind: 'consultation.task.feedbackDue' }] },
  reportFeedback: { close: ['consultation.task.feedbackDue'] },
  cancel: {
    close: [
      'consultation.task.scheduleMeeting',
      'consultation.task.recordMeeting',
      'consultation.task.outcomeOverdue',
      'consultation.task.reviewOutcome',
    ],
  },
  close: { close: ['consultation.task.feedbackDue', 'consultation.task.startFeedback'] },
};

export async function consultation(input: StartConsultation): Promise<{ state: ConsultationState }> {
  const periods = input.periods;
  const clock = (): ConsultationClock => ({ now: Date.now(), dayMs: input.dayMs, periods });
  let snap: ConsultationSnapshot;
  try {
    resolvePeriods(periods);
    snap = proposeTopic({
      id: input.consultationId,
      communityId: input.communityId,
      proposer: input.proposer,
      title: input.title,
      description: input.description,
      origin: input.origin,
      item: input.item,
      catalogueVersion: input.catalogueVersion,
      motionId: input.motionId,
      now: Date.now(),
    });
  } catch (e) {
    throw asRefusalFailure(e);
  }
  const kit = new ProcessKit();
  let step = 0;
  let recorded = -1;
  const fired = new Set<string>();
  const resolved = resolvePeriods(periods);

  const view = (): ConsultationView => {
    const { opinions: _none, ...rest } = snap;
    return { state: snap.state, step: recorded, snapshot: rest };
  };

  const opinionWindow = (s: ConsultationSnapshot) =>
    s.collectingOpenedAt === null
      ? {}
      : {
          opinionsOpenAt: s.collectingOpenedAt,
          opinionsCloseAt: s.collectingOpenedAt + commentDaysFor(s, resolved) * input.dayMs,
        };

  async function persist(
    before: ConsultationSnapshot,
    action: string,
    actorId: string | null,
    details: Record<string, unknown> = {},
    create = false,
  ): Promise<void> {
    step++;
    const { opinions: _none, ...snapshot } = snap;
    const tasks = TASK_ON[action];
    await recordConsultationStep({
      step: {
        consultationId: input.consultationId,
        step,
        snapshot,
        ...(create
          ? {
              create: {
                catalogueItemId: input.catalogueItemId,
                catalogueYear: input.catalogueYear,
                dayMs: input.dayMs,
                periods: resolved,
                createdBy: input.proposer.id,
              },
            }
          : {}),
        ...(action === 'openCollection' ? opinionWindow(snap) : {}),
        event: { at: Date.now(), action, fromState: before.state, toState: snap.state, actorId, details },
      },
      ...(action === 'publishTopic' ? { disclosure: 'topic' as const } : {}),
      ...(action === 'publishOutcome' ? { disclosure: 'outcome' as const } : {}),
      tasks: {
        open: (tasks?.open ?? []).map((t) => ({ ...t, key: `consultation-${input.consultationId}-${step}-${t.kind}` })),
        close: tasks?.close ?? [],
      },
    });
    recorded = step;
  }

  /** Tells the waiting motion that the outcome is out (a workflow-to-workflow signal, in history). */
  async function releaseMotion(): Promise<void> {
    if (!input.motionId) return;
    try {
      await getExternalWorkflowHandle(motionWorkflowId(input.motionId)).signal(consultationCompleted, {
        consultationId: input.consultationId,
      });
      const before = snap;
      await persist(before, 'motionReleased', null, { motionId: input.motionId });
    } catch (e) {
      // The motion's workflow is gone (withdrawn, lapsed): record it; the consultation goes on.
      log.warn('could not signal the motion', { motionId: input.motionId, error: String(e) });
      await persist(snap, 'motionSignalFailed', null, { motionId: input.motionId, error: String(e) });
    }
  }

  setHandler(consultationState, view);
  setHandler(consultationReady, async () => {
    await condition(() => recorded >= 1);
    return view();
  });
  kit.command<CommandEnvelope, ConsultationView>({
    update: consultationCommand,
    schema: commandSchema,
    allowed: ({ actor, command }) => assertAllowed(checkConsultationCommand(snap, actor, command, clock())),
    run: async ({ actor, command }) => {
      const before = snap;
      snap = applyConsultationCommand(snap, actor, command, clock());
      await persist(before, command.action, actor.id, detailsOf(command));
      if (command.action === 'publishOutcome') await releaseMotion();
      return view();
    },
  });

  await kit.exclusive(() => persist(snap, 'proposeTopic', input.proposer.id, { catalogueItemId: input.catalogueItemId }, true));

  while (!TERMINAL_STATES.includes(snap.state)) {
    const timer = nextTimer(snap, clock(), fired);
    const seen = kit.changes;
    if (!timer) {
      await kit.changedSince(seen);
      continue;
    }
    if (await kit.changedSince(seen, Math.max(timer.at - Date.now(), 1))) continue;
    // The reminder is due: record it unless a command got in first (then look again).
    await kit.exclusive(async () => {
      if (kit.changes !== seen) return;
      fired.add(timer.key);
      await persist(snap, `timer:${timer.kind}`, null, { dueAt: timer.at });
    });
  }
  await kit.settle();
  return { state: snap.state };

  function detailsOf(c: WorkflowCommand): Record<string, unknown> {
    switch (c.action) {
      case 'scheduleMeeting':
        return { meetingAt: c.meetingAt, form: c.form };
      case 'reviewOutcome':
        return { verdict: c.verdict };
      case 'cancel':
        return { reason: c.reason };
      case 'reportFeedback':
        return { final: c.final ?? false };
      default:
        return {};
    }
  }
}

/** The next reminder to wait for in this state, if any. Nothing advances by itself. */
function nextTimer(s: ConsultationSnapshot, clock: ConsultationClock, fired: Set<string>): Timer | undefined {
  const d = consultationDeadlines(s, clock);
  const candidates: Timer[] = [];
  const add = (kind: TimerKind, at: number | null, key: string = kind) => {
    if (at !== null && !fired.has(key)) candidates.push({ kind, at, key });
  };
  switch (s.state) {
    case 'collecting':
      add('opinionWindowClosed', d.commentPeriodEndsAt);
      break;
    case 'meeting_scheduled':
      add('meetingDue', s.meeting?.at ?? null, `meetingDue-${s.meeting?.at}`);
      break;
    case 'meeting_held':
      if (s.outcomeDrafts.length === 0) add('outcomeOverdue', d.outcomeDueAt);
      add('reviewWindowEnded', d.reviewDueAt, `reviewWindowEnded-${s.outcomeDrafts.length}`);
      break;
    case 'outcome_published':
      add('displayPeriodEnded', d.outcomeVisibleUntil);
      add('feedbackDue', d.feedbackDueAt, `feedbackDue-${d.feedbackDueAt}`);
      break;
    case 'feedback':
      add('feedbackDue', d.feedbackDueAt, `feedbackDue-${d.feedbackDueAt}`);
      break;
    default:
      break;
  }
  return candidates.sort((a, b) => a.at - b.at)[0];
}
