/**
 * A running motion: its durable state, the shared kit's lock, and the one way a step is committed
 * (`commit`: new snapshot + the facts it established → the read-model activity). Handlers
 * (handlers/*.ts) and the system's own steps (system.ts) are written against this object.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { Activities } from '../../activities';
import { DomainError } from '../../domain/errors';
import { motionCommandSchemas, type MotionCommandName } from '../../domain/motion/commands';
import type { MeetingAttendance, MotionFact } from '../../domain/motion/facts';
import type { MeetingBody } from '../../domain/motion/meetings';
import type { Actor } from '../../domain/motion/permissions';
import { applyMotionEvent, assertMotionEvent, type MotionEvent, type MotionSnapshot } from '../../domain/motion/stages';
import { ProcessKit } from '../kit';
import {
  motionWorkflowId,
  type ActorRef,
  type Command,
  type MotionWorkflowInput,
  type MotionWorkflowState,
  type Receipt,
} from '../api';

export const motionActivities = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // Read-model writes must happen eventually: retry without limit, backing off to a minute.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Idempotency keys remembered (oldest forgotten first). */
export const SEEN_LIMIT = 500;
/** History length after which the workflow continues as new (Temporal may suggest it earlier). */
export const HISTORY_LIMIT = 8_000;

export const actorOf = (a: ActorRef): Actor => ({
  roles: a.roles,
  ...(a.committeeOffice ? { committeeOffice: a.committeeOffice } : {}),
});

/** How a motion command is written: its rule and its effect, with the actor already resolved. */
export interface MotionCommandSpec<I, R> {
  allowed: (cmd: Command<I>, actor: Actor, now: number) => void;
  run: (cmd: Command<I>, actor: Actor) => Promise<R>;
}

export interface Commit<X> {
  action: string;
  actor: ActorRef | null;
  next: MotionSnapshot;
  at?: number;
  key?: string;
  extras?: X;
  details?: Record<string, unknown>;
  facts?: MotionFact[];
  versionNote?: string | null;
}

export class MotionProcess {
  readonly kit = new ProcessKit();
  readonly workflowId: string;
  readonly st: MotionWorkflowState;

  constructor(readonly input: MotionWorkflowInput) {
    this.workflowId = motionWorkflowId(input.motionId);
    this.st = input.carried ?? {
      motionId: input.motionId,
      communityId: input.communityId,
      settings: input.settings,
      createdBy: input.createdBy,
      snapshot: input.snapshot,
      step: 0,
      stateEnteredStep: 0,
      seen: [],
      withdrawalPublished: false,
      taskDigest: '',
      pendingConsultations: [],
      historyLimit: input.historyLimit ?? HISTORY_LIMIT,
    };
  }

  ctx(now = Date.now()) {
    return { now, settings: this.st.settings };
  }
  check(e: MotionEvent, actor: Actor, now = Date.now()): void {
    assertMotionEvent(this.st.snapshot, e, actor, this.ctx(now));
  }
  apply(e: MotionEvent, actor: Actor, now = Date.now()): MotionSnapshot {
    return applyMotionEvent(this.st.snapshot, e, actor, this.ctx(now));
  }
  pending() {
    return this.st.snapshot.pendingMeeting;
  }

  /** The open meeting of this body (and id), or a refusal. */
  currentMeeting(body: MeetingBody | readonly MeetingBody[], id?: string) {
    const m = this.st.meeting;
    const bodies: readonly MeetingBody[] = typeof body === 'string' ? [body] : body;
    if (!m || !bodies.includes(m.body) || (id !== undefined && id !== m.id)) {
      throw new DomainError('motion.errors.noMeetingConvened');
    }
    return m;
  }

  recall(key: string): Receipt | undefined {
    const seen = this.st.seen;
    for (let i = seen.length - 1; i >= 0; i--) if (seen[i]![0] === key) return seen[i]![1];
    return undefined;
  }
  private remember(key: string, r: Receipt): void {
    this.st.seen.push([key, r]);
    if (this.st.seen.length > SEEN_LIMIT) this.st.seen.splice(0, this.st.seen.length - SEEN_LIMIT);
  }

  /** Registers a command: its schema from domain/motion/commands.ts, idempotent by the form's key. */
  command<I, R extends Receipt>(update: UpdateDefinition<R, [Command<I>]>, spec: MotionCommandSpec<I, R>): void {
    this.kit.command<Command<I>, R>({
      update,
      schema: motionCommandSchemas[update.name as MotionCommandName],
      replay: (cmd) => this.recall(cmd.idempotencyKey) as R | undefined,
      allowed: (cmd) => spec.allowed(cmd, actorOf(cmd.actor), Date.now()),
      run: (cmd) => spec.run(cmd, actorOf(cmd.actor)),
    });
  }

  /** Applies a new snapshot as the next step and sends it, with its facts, to the read model. */
  async commit<X extends Record<string, unknown>>(o: Commit<X>): Promise<Receipt & X> {
    const st = this.st;
    const prev = st.snapshot;
    const step = st.step + 1;
    const receipt = { step, ...(o.extras ?? ({} as X)) };
    st.snapshot = o.next;
    st.step = step;
    if (o.next.state !== prev.state) st.stateEnteredStep = step;
    if (!o.next.pendingMeeting) {
      st.meeting = undefined;
      st.book = undefined;
    }
    if (o.key) this.remember(o.key, receipt);
    await motionActivities.writeMotionStep({
      motionId: st.motionId,
      communityId: st.communityId,
      workflowId: this.workflowId,
      step,
      at: o.at ?? Date.now(),
      action: o.action,
      fromState: prev.state,
      toState: o.next.state,
      actorUserId: o.actor?.userId ?? null,
      snapshot: o.next,
      details: { ...(o.details ?? {}), ...(o.key ? { idempotencyKey: o.key, result: receipt } : {}) },
      facts: o.facts ?? [],
      ...(o.versionNote !== undefined ? { versionNote: o.versionNote } : {}),
    });
    return receipt;
  }

  /** Commits a person's command: the step is theirs, at `at`, answered again for a repeated key. */
  record<X extends Record<string, unknown>>(cmd: Command<unknown>, at: number, o: Omit<Commit<X>, 'actor' | 'key' | 'at'>) {
    return this.commit<X>({ ...o, actor: cmd.actor, key: cmd.idempotencyKey, at });
  }

  /** Who is marked present at the open meeting (the vote book's check-ins for an online vote). */
  attendanceNow(): MeetingAttendance {
    const st = this.st;
    return {
      marks: st.book ? [...st.book.attendance] : [...(st.meeting?.attendance ?? [])],
      unconfirmedPaper: st.meeting?.unconfirmedPaper ?? [],
    };
  }

  /** Whether history is long enough to continue as new. */
  shouldContinueAsNew(): boolean {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength > this.st.historyLimit;
  }
}
