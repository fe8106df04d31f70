/**
 * One workflow per meeting (`meeting-<uuid>`, issue 12, decision 043): the notice, the roster frozen
 * at notice, attendance taken once, and an agenda of motions, each with its typed counts. Every typed
 * count waits for a second person (domain/meeting/confirmation.ts); once an item's attendance and
 * counts are confirmed, an activity sends the motion its numbers and the motion decides its own stage.
 *
 * Commands are Updates on the shared kit (workflows/kit.ts): zod schema + domain rule in the
 * validator, one Mutex. Deterministic: time from the workflow clock, no I/O outside activities.
 */
import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { Activities } from '../activities';
import { toShanghaiDateInput } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import {
  checkAgendaAdd,
  checkAttendance,
  checkItemCounts,
  checkRecusals,
  confirmedTally,
  type AttendanceCounts,
  type ItemCounts,
} from '../domain/meeting/agenda';
import { EMPTY, assertMayEnter, confirmedCounts, submitCount } from '../domain/meeting/confirmation';
import { meetingCommandSchemas, type MeetingCommandName } from '../domain/meeting/commands';
import { holdsAny } from '../domain/motion/permissions';
import { ProcessKit } from './kit';
import { actorOf } from './motion/process';
import type { Command, Receipt } from './api';
import {
  meetingStateQuery,
  meetingUpdates,
  type AttendanceInput,
  type EntryReceipt,
  type MeetingState,
  type MeetingWorkflowInput,
} from './meeting-api';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const SEEN_LIMIT = 500;

/** Who convenes (and so may set the agenda of) each body (§1.2). */
const CONVENERS = {
  joint_meeting: ['party_secretary'],
  party_members_meeting: ['party_secretary'],
  residents_meeting: ['committee_director'],
  representatives_meeting: ['committee_director'],
} as const;

/** One running meeting: its state, the kit's lock, and the one way a step is committed. */
class MeetingRun {
  readonly kit = new ProcessKit();
  readonly st: MeetingState;

  constructor(input: MeetingWorkflowInput) {
    this.st = input.carried ?? {
      meetingId: input.meetingId,
      communityId: input.communityId,
      body: input.convene.body,
      convene: input.convene,
      convenedBy: input.convenedBy,
      noticeAt: input.noticeAt,
      roster: [],
      attendance: EMPTY,
      items: [],
      step: 0,
      seen: [],
    };
  }

  async commit(action: string, actorId: string | null, details: Record<string, unknown> = {}): Promise<void> {
    this.st.step += 1;
    await acts.writeMeetingStep({ state: this.st, action, actorId, at: Date.now(), details });
  }

  /** Registers a command: schema from domain/meeting/commands.ts, idempotent by the form's key. */
  command<I, R extends Receipt>(
    update: UpdateDefinition<R, [Command<I>]>,
    allowed: (cmd: Command<I>) => void,
    run: (cmd: Command<I>) => Promise<Omit<R, 'step'>>,
  ): void {
    const st = this.st;
    this.kit.command<Command<I>, R>({
      update,
      schema: meetingCommandSchemas[update.name as MeetingCommandName],
      replay: (cmd) => st.seen.find(([k]) => k === cmd.idempotencyKey)?.[1] as R | undefined,
      allowed,
      run: async (cmd) => {
        const receipt = { step: 0, ...(await run(cmd)) } as R;
        receipt.step = st.step;
        st.seen.push([cmd.idempotencyKey, receipt]);
        if (st.seen.length > SEEN_LIMIT) st.seen.splice(0, st.seen.length - SEEN_LIMIT);
        return receipt;
      },
    });
  }

  item(motionId: string) {
    const found = this.st.items.find((i) => i.motionId === motionId);
    if (!found) throw new DomainError('meeting.errors.notOnAgenda');
    return found;
  }

  /** The meeting has opened and its roster is frozen (the first step). */
  opened(): void {
    if (Date.now() < this.st.convene.opensAt || this.st.step === 0) throw new DomainError('meeting.errors.meetingNotOpen');
  }
}

const attendanceOf = (i: AttendanceInput): AttendanceCounts =>
  i.presentIds !== undefined ? { presentIds: i.presentIds } : { present: i.present ?? 0, electorate: i.electorate ?? 0 };

/** The agenda: a motion is put on it by asking the motion itself (its convene rules decide). */
function agendaCommands(r: MeetingRun): void {
  const st = r.st;
  r.command(
    meetingUpdates.addAgendaItem,
    (cmd) => {
      if (!holdsAny(actorOf(cmd.actor), CONVENERS[st.body])) throw new DomainError('motion.errors.notPermitted');
      if (st.attendance.status !== 'empty') throw new DomainError('meeting.errors.attendanceTaken');
      checkAgendaAdd(st.items, cmd.input.motionId);
    },
    async (cmd) => {
      const res = await acts.conveneAgendaMotion({
        meetingId: st.meetingId,
        communityId: st.communityId,
        motionId: cmd.input.motionId,
        actor: cmd.actor,
        convene: st.convene,
        noticeAt: Math.max(st.noticeAt, cmd.input.noticeAt ?? Date.now()),
      });
      if (!res.ok) throw new DomainError(res.key, res.params ?? {});
      st.items.push({ motionId: cmd.input.motionId, motionMeetingId: res.motionMeetingId, title: res.title, counts: EMPTY });
      await r.commit('addAgendaItem', cmd.actor.userId, { motionId: cmd.input.motionId });
      return { motionMeetingId: res.motionMeetingId };
    },
  );
}

/** Attendance once, then each item's counts; every typed count waits for a second person. */
function countCommands(r: MeetingRun): void {
  const st = r.st;
  r.command<AttendanceInput, EntryReceipt>(
    meetingUpdates.enterAttendance,
    (cmd) => {
      r.opened();
      if (st.items.length === 0) throw new DomainError('meeting.errors.notOnAgenda');
      assertMayEnter(st.attendance, actorOf(cmd.actor), cmd.actor.userId);
      const a = attendanceOf(cmd.input);
      // A residents' meeting counts in numbers; the other bodies by name or a sheet's numbers only.
      if (!('present' in a) && st.body === 'residents_meeting') throw new DomainError('form.invalid');
      checkAttendance(st.roster, a, st.body, st.convene.opensAt);
    },
    async (cmd) => {
      const now = Date.now();
      st.attendance = submitCount(st.attendance, {
        counts: attendanceOf(cmd.input),
        enteredBy: cmd.actor.userId,
        enteredAt: now,
        scanRef: cmd.input.scanRef,
      });
      await r.commit('enterAttendance', cmd.actor.userId, { status: st.attendance.status });
      return { status: st.attendance.status };
    },
  );

  const countsOf = (i: { yes: number; no: number; abstain: number; recusedIds: string[] }): ItemCounts => ({
    yes: i.yes,
    no: i.no,
    abstain: i.abstain,
    recusedIds: [...i.recusedIds].sort(),
  });

  r.command(
    meetingUpdates.enterItemCount,
    (cmd) => {
      const it = r.item(cmd.input.motionId);
      const a = confirmedCounts(st.attendance);
      if (!a) throw new DomainError('meeting.errors.attendanceFirst');
      assertMayEnter(it.counts, actorOf(cmd.actor), cmd.actor.userId);
      checkRecusals(st.roster, cmd.input.recusedIds);
      checkItemCounts(st.roster, st.convene.opensAt, a, cmd.input.recusedIds, cmd.input);
    },
    async (cmd) => {
      const it = r.item(cmd.input.motionId);
      it.counts = submitCount(it.counts, {
        counts: countsOf(cmd.input),
        enteredBy: cmd.actor.userId,
        enteredAt: Date.now(),
        scanRef: cmd.input.scanRef,
      });
      await r.commit('enterItemCount', cmd.actor.userId, { motionId: it.motionId, status: it.counts.status });
      return { status: it.counts.status };
    },
  );

  r.command(
    meetingUpdates.recordItemNotes,
    (cmd) => {
      if (!holdsAny(actorOf(cmd.actor), ['committee_member', 'party_secretary'])) throw new DomainError('motion.errors.notPermitted');
      const it = r.item(cmd.input.motionId);
      if (it.delivered) throw new DomainError('meeting.errors.meetingClosed');
    },
    async (cmd) => {
      r.item(cmd.input.motionId).notes = cmd.input.notes;
      await r.commit('recordItemNotes', cmd.actor.userId, { motionId: cmd.input.motionId });
      return {};
    },
  );
}

/** Sends every confirmed, undelivered item to its motion (the motion decides; its answer is kept). */
async function deliver(r: MeetingRun): Promise<void> {
  const st = r.st;
  for (const it of st.items) {
    if (it.delivered || it.counts.status !== 'confirmed' || st.attendance.status !== 'confirmed') continue;
    const tally = confirmedTally(st.roster, st.convene.opensAt, st.attendance, it.counts)!;
    const c = it.counts;
    const res = await acts.deliverAgendaOutcome({
      meetingId: st.meetingId,
      motionId: it.motionId,
      actor: st.convenedBy,
      input: {
        meetingId: st.meetingId,
        motionMeetingId: it.motionMeetingId,
        heldOn: toShanghaiDateInput(st.convene.opensAt),
        tally,
        recusedIds: c.entry.counts.recusedIds ?? [],
        enteredBy: c.entry.enteredBy,
        confirmedBy: c.confirmedBy,
        scanRef: c.entry.scanRef,
        ...(it.notes ? { notes: it.notes } : {}),
      },
    });
    it.delivered = res.ok ? { ok: true, outcome: res.outcome, state: res.state } : { ok: false, key: res.key };
    await r.commit('itemDecided', null, { motionId: it.motionId, delivered: it.delivered });
  }
}

export async function meetingWorkflow(input: MeetingWorkflowInput): Promise<{ items: number }> {
  const r = new MeetingRun(input);
  const { kit, st } = r;
  setHandler(meetingStateQuery, () => st);
  agendaCommands(r);
  countCommands(r);

  // Handlers are registered before the first await (an Update may already be waiting); the roster is
  // frozen now, by the first step, before attendance can be taken (`opened`).
  if (st.step === 0) {
    await kit.exclusive(async () => {
      st.roster = await acts.loadMotionRoster({ communityId: st.communityId, body: st.body });
      await r.commit('convened', input.convenedBy.userId);
    });
  }
  for (;;) {
    const seen = kit.changes;
    await kit.exclusive(() => deliver(r));
    const done = st.items.length > 0 && st.items.every((i) => i.delivered);
    if (done) break;
    await kit.changedSince(seen);
  }
  await kit.settle();
  return { items: st.items.length };
}
