/**
 * One workflow per motion (`motion-<uuid>`): the 四议两公开 process of DOMAIN.md §3 as durable state.
 *
 * - Commands from people are Updates with validators (workflows/api.ts). A validator asks domain/
 *   whether the command is allowed now and refuses with an ApplicationFailure of type `DomainError`
 *   (message = i18n key) — nothing changes. A handler applies the event with `applyMotionEvent`,
 *   increments `step` and awaits the activity that writes that step to the read model in one
 *   transaction. Handlers run one at a time (a lock), so a step never interleaves with another.
 * - Each command carries the form's idempotency key; a repeated key returns the first receipt
 *   (kept in a bounded list that survives continueAsNew).
 * - Time: the main loop sleeps until the domain's next deadline (`nextWakeUp`) or a change, then
 *   closes voting windows, publishes disclosures, ends disclosure windows, lapses, and rewrites the
 *   motion's open tasks (reminders and street-office escalations when overdue). A stage is never
 *   advanced because it is overdue.
 *
 * Deterministic: time from the workflow clock (`Date.now()` is replay-safe here), ids from `uuid4()`.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { Activities } from '../activities';
import type { StepEffect, TaskSpec, MeetingInsert } from '../activities/motions';
import { toShanghaiDateInput } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { escalationAt } from '../domain/motion/deadlines';
import { yuanToFen } from '../domain/motion/matters';
import {
  MEETING_BODIES,
  VOTE_CHOICES,
  meetingOutcome,
  partyMeetingTally,
  type AttendanceMark,
  type MeetingBody,
  type MeetingOutcome,
  type MeetingRecord,
  type NamedCount,
} from '../domain/motion/meetings';
import { COMMITTEE_OFFICES, SYSTEM_ACTOR, holdsAny, type Actor } from '../domain/motion/permissions';
import { finalTotalYuan } from '../domain/motion/schemas';
import { MIN_DISCLOSURE_DAYS, bodyRuleFor } from '../domain/motion/settings';
import {
  applyMotionEvent,
  assertMay,
  assertMotionEvent,
  checkMotionEvent,
  disclosureEndsAt,
  isTerminal,
  nextWakeUp,
  overdue,
  stageDueAt,
  type MotionEvent,
  type MotionSnapshot,
} from '../domain/motion/stages';
import {
  assertMayVote,
  castVote as castBallot,
  checkIn as checkInBook,
  closeVoting,
  isWindowOpen,
  allVoted,
  openVoteBook,
  recordAttendance as addAttendance,
  tallyVotes,
  voteRecord,
} from '../domain/motion/votes';
import { isRole } from '../domain/roles';
import {
  DOMAIN_ERROR,
  consultationCompleted,
  draftColumns,
  motionStateQuery,
  motionUpdates,
  motionWorkflowId,
  type ActorRef,
  type Command,
  type MotionWorkflowInput,
  type MotionWorkflowResult,
  type MotionWorkflowState,
  type Receipt,
  type RosterPerson,
} from './api';

const {
  loadMotionRoster,
  writeMotionStep,
  syncMotionTasks,
  publishMotionDisclosure,
} = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // Read-model writes must happen eventually: retry without limit, backing off to a minute.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Idempotency keys remembered (oldest forgotten first). */
export const SEEN_LIMIT = 500;
/** History length after which the workflow continues as new (Temporal may suggest it earlier). */
export const HISTORY_LIMIT = 8_000;

const DISCLOSURE_STATES = ['resolution_disclosed', 'result_disclosed'] as const;

// ─── Boundary checks (cheap; the web validated the forms with zod already) ──────────────────────

const KEY_RE = /^[A-Za-z0-9_-]{8,128}$/;
const invalid = (): never => {
  throw new DomainError('form.invalid');
};
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
function str(v: unknown, max = 10_000, optional = false): void {
  if (v === undefined || v === null) {
    if (optional) return;
    invalid();
  }
  if (typeof v !== 'string' || v.length > max) invalid();
}
function num(v: unknown, optional = false): void {
  if (v === undefined && optional) return;
  if (typeof v !== 'number' || !Number.isFinite(v)) invalid();
}
function strList(v: unknown, max = 500): void {
  if (!Array.isArray(v) || v.length > max) invalid();
  for (const x of v as unknown[]) str(x, 128);
}
function votesList(v: unknown): void {
  if (!Array.isArray(v) || v.length > 500) invalid();
  const seen = new Set<string>();
  for (const x of v as unknown[]) {
    if (!isObj(x)) invalid();
    const b = x as Record<string, unknown>;
    str(b.personId, 128);
    if (!(VOTE_CHOICES as readonly unknown[]).includes(b.choice)) invalid();
    if (seen.has(b.personId as string)) throw new DomainError('motion.errors.duplicateVoter');
    seen.add(b.personId as string);
  }
}
function checkEnvelope(cmd: Command<unknown>): void {
  if (!isObj(cmd) || typeof cmd.idempotencyKey !== 'string' || !KEY_RE.test(cmd.idempotencyKey)) invalid();
  const a = cmd.actor as unknown;
  if (!isObj(a) || typeof a.userId !== 'string' || a.userId === '' || !Array.isArray(a.roles)) invalid();
  const actor = a as unknown as ActorRef;
  if (!actor.roles.every(isRole)) invalid();
  if (actor.committeeOffice !== undefined && !(COMMITTEE_OFFICES as readonly string[]).includes(actor.committeeOffice))
    invalid();
  if (!isObj(cmd.input)) invalid();
}

/** A refusal as Temporal carries it: the web turns it back into `{ ok: false, key, params }`. */
function toFailure(e: unknown): never {
  if (e instanceof DomainError) {
    throw ApplicationFailure.create({ type: DOMAIN_ERROR, message: e.key, details: [e.params], nonRetryable: true });
  }
  throw e;
}

const actorOf = (a: ActorRef): Actor => ({
  roles: a.roles,
  ...(a.committeeOffice ? { committeeOffice: a.committeeOffice } : {}),
});

function splitOutcome(o: MeetingOutcome): { outcome: MeetingOutcome; count?: NamedCount } {
  const { count, ...rest } = o as MeetingOutcome & { count?: NamedCount };
  return count ? { outcome: rest as MeetingOutcome, count } : { outcome: rest as MeetingOutcome };
}

function namedRecord(
  roster: readonly RosterPerson[],
  opensAt: number,
  attendance: readonly AttendanceMark[],
  votes: readonly { personId: string; choice: (typeof VOTE_CHOICES)[number] }[],
  recused: readonly string[],
  at: number,
): MeetingRecord {
  return {
    kind: 'named',
    meeting: {
      roster: roster.map((p) => ({
        personId: p.personId,
        ...(p.hasVote === false ? { hasVote: false } : {}),
        ...(p.leftAt !== undefined ? { leftAt: p.leftAt } : {}),
      })),
      opensAt,
      recused,
      attendance,
      ballots: votes.map((v) => ({ personId: v.personId, choice: v.choice, at })),
    },
  };
}

function attendanceSummary(count: NamedCount | undefined) {
  return count
    ? {
        present: count.presentIds,
        absent: count.absentIds,
        removed: count.removedIds,
        recused: count.recusedIds,
        excused: count.excusedIds,
        ignored: count.ignored,
      }
    : undefined;
}

// ─── The workflow ───────────────────────────────────────────────────────────────────────────────

export async function motionWorkflow(input: MotionWorkflowInput): Promise<MotionWorkflowResult> {
  const workflowId = motionWorkflowId(input.motionId);
  const st: MotionWorkflowState = input.carried ?? {
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
  /** Steps run one at a time, in arrival order (a promise chain: deterministic, no lost wake-ups). */
  let queue: Promise<unknown> = Promise.resolve();
  let inFlight = 0;
  let changed = false;

  const ctx = (now = Date.now()) => ({ now, settings: st.settings });

  /** Runs `fn` alone; a command marks the state changed so the main loop takes another look. */
  function locked<T>(fn: () => Promise<T>, isCommand = true): Promise<T> {
    inFlight++;
    const run = queue.then(fn);
    queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run.finally(() => {
      inFlight--;
      if (isCommand) changed = true;
    });
  }

  function recall(key: string): Receipt | undefined {
    for (let i = st.seen.length - 1; i >= 0; i--) if (st.seen[i]![0] === key) return st.seen[i]![1];
    return undefined;
  }
  function remember(key: string, r: Receipt): void {
    st.seen.push([key, r]);
    if (st.seen.length > SEEN_LIMIT) st.seen.splice(0, st.seen.length - SEEN_LIMIT);
  }

  /** Applies a new snapshot as the next step and writes it (with its rows) to the read model. */
  async function commit<X extends Record<string, unknown>>(o: {
    action: string;
    actor: ActorRef | null;
    next: MotionSnapshot;
    at?: number;
    key?: string;
    extras?: X;
    details?: Record<string, unknown>;
    effects?: StepEffect[];
    versionNote?: string | null;
  }): Promise<Receipt & X> {
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
    if (o.key) remember(o.key, receipt);
    await writeMotionStep({
      motionId: st.motionId,
      communityId: st.communityId,
      workflowId,
      step,
      at: o.at ?? Date.now(),
      action: o.action,
      fromState: prev.state,
      toState: o.next.state,
      actorUserId: o.actor?.userId ?? null,
      snapshot: o.next,
      details: { ...(o.details ?? {}), ...(o.key ? { idempotencyKey: o.key, result: receipt } : {}) },
      effects: o.effects ?? [],
      ...(o.versionNote !== undefined ? { versionNote: o.versionNote } : {}),
    });
    return receipt;
  }

  /**
   * Registers one command: the validator checks the envelope, the input's shape and the domain rules
   * (a repeated idempotency key is accepted and answered with the first receipt); the handler re-checks
   * under the lock (the state may have moved since) and runs.
   */
  function command<I, R extends Receipt>(
    def: UpdateDefinition<R, [Command<I>]>,
    spec: {
      check?: (input: I) => void;
      validate: (cmd: Command<I>, actor: Actor, now: number) => void;
      run: (cmd: Command<I>, actor: Actor) => Promise<R>;
    },
  ): void {
    setHandler(
      def,
      async (cmd: Command<I>): Promise<R> =>
        locked(async () => {
          const first = recall(cmd.idempotencyKey);
          if (first) return first as R;
          try {
            const actor = actorOf(cmd.actor);
            spec.validate(cmd, actor, Date.now());
            return await spec.run(cmd, actor);
          } catch (e) {
            return toFailure(e);
          }
        }),
      {
        validator: (cmd: Command<I>) => {
          try {
            checkEnvelope(cmd as Command<unknown>);
            spec.check?.(cmd.input);
            if (recall(cmd.idempotencyKey)) return;
            spec.validate(cmd, actorOf(cmd.actor), Date.now());
          } catch (e) {
            toFailure(e);
          }
        },
      },
    );
  }

  const check = (e: MotionEvent, actor: Actor, now = Date.now()) => assertMotionEvent(st.snapshot, e, actor, ctx(now));
  const apply = (e: MotionEvent, actor: Actor, now = Date.now()) => applyMotionEvent(st.snapshot, e, actor, ctx(now));
  const pending = () => st.snapshot.pendingMeeting;

  function currentMeeting(body: MeetingBody | MeetingBody[], id?: string) {
    const m = st.meeting;
    const bodies = Array.isArray(body) ? body : [body];
    if (!m || !bodies.includes(m.body) || (id !== undefined && id !== m.id)) {
      throw new DomainError('motion.errors.noMeetingConvened');
    }
    return m;
  }

  // ── 提议: drafting and the party committee's decision ──

  command(motionUpdates.editDraft, {
    check: (i) => {
      str(i.title, 200);
      str(i.category, 64);
      strList(i.majorReasons, 16);
      str(i.background);
      str(i.proposalText);
      num(i.estimatedCostYuan);
      str(i.scope, 64);
      str(i.resolutionBody, 64);
      if (i.catalogueItemId !== undefined && !/^[0-9a-f-]{36}$/i.test(i.catalogueItemId)) invalid();
      if (i.supersedesMotionId !== undefined && !/^[0-9a-f-]{36}$/i.test(i.supersedesMotionId)) invalid();
    },
    validate: (cmd, actor, now) => check(draftEvent(cmd.input), actor, now),
    run: async (cmd, actor) => {
      const next = apply(draftEvent(cmd.input), actor);
      return commit({
        action: 'editDraft',
        actor: cmd.actor,
        next,
        key: cmd.idempotencyKey,
        effects: [{ kind: 'draft', fields: draftColumns(cmd.input) }],
        versionNote: cmd.input.changeNote ?? null,
      });
    },
  });

  command(motionUpdates.recordPartyCommitteeDecision, {
    check: (i) => {
      str(i.heldOn, 10);
      strList(i.attendeeIds);
      votesList(i.votes);
      strList(i.recusedIds);
      str(i.minutes);
    },
    validate: (_cmd, actor, now) => assertMay(st.snapshot, 'recordPartyCommitteeDecision', actor, ctx(now)),
    run: async (cmd, actor) => {
      const i = cmd.input;
      const roster = await loadMotionRoster({ communityId: st.communityId, body: 'party_committee' });
      const now = Date.now();
      const attendance = i.attendeeIds.map((personId) => ({ personId, method: 'in_person' as const, at: now }));
      const record = namedRecord(roster, now, attendance, i.votes, i.recusedIds, now);
      const next = apply({ type: 'recordPartyCommitteeDecision', record }, actor, now);
      const { outcome, count } = splitOutcome(
        meetingOutcome('party_committee', record, bodyRuleFor('party_committee', st.settings)),
      );
      const meetingId = uuid4();
      return commit({
        action: 'recordPartyCommitteeDecision',
        actor: cmd.actor,
        next,
        at: now,
        key: cmd.idempotencyKey,
        extras: { meetingId },
        details: { meetingId, outcome: outcome.kind },
        effects: [
          {
            kind: 'meetingRecorded',
            meetingId,
            insert: { id: meetingId, body: 'party_committee', online: false, textVersion: st.snapshot.textVersion, roster },
            record: {
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

  // ── Meetings: notice (roster frozen), attendance, minutes ──

  function conveneEvent(i: Command<import('./api').ConveneInput>['input']): MotionEvent {
    const noticeAt = i.noticeAt === undefined ? {} : { noticeAt: i.noticeAt };
    switch (i.body) {
      case 'joint_meeting':
        return { type: 'conveneJointMeeting', opensAt: i.opensAt, ...noticeAt };
      case 'party_members_meeting':
        return { type: 'convenePartyMeeting', opensAt: i.opensAt, ...noticeAt };
      case 'residents_meeting':
      case 'representatives_meeting':
        return {
          type: 'scheduleResolutionMeeting',
          body: i.body,
          opensAt: i.opensAt,
          online: i.online,
          ...(i.mode ? { mode: i.mode } : {}),
          ...noticeAt,
        };
    }
  }

  command(motionUpdates.conveneMeeting, {
    check: (i) => {
      if (!(['joint_meeting', 'party_members_meeting', 'residents_meeting', 'representatives_meeting'] as unknown[]).includes(i.body))
        invalid();
      num(i.opensAt);
      num(i.noticeAt, true);
      if (typeof i.online !== 'boolean') invalid();
      str(i.agenda);
      str(i.location, 200, true);
    },
    validate: (cmd, actor, now) => {
      check(conveneEvent(cmd.input), actor, now);
      // Residents' meeting choices are never linked to a person (§3.8); online secret voting is not built.
      if (cmd.input.body === 'residents_meeting' && cmd.input.online) {
        throw new DomainError('motion.errors.onlineResidentsMeeting');
      }
    },
    run: async (cmd, actor) => {
      const i = cmd.input;
      const roster = await loadMotionRoster({ communityId: st.communityId, body: i.body });
      const now = Date.now();
      const next = apply(conveneEvent(i), actor, now);
      const pm = next.pendingMeeting!;
      const meetingId = uuid4();
      st.meeting = { id: meetingId, body: i.body, roster, attendance: [], unconfirmedPaper: [] };
      st.book =
        i.body === 'representatives_meeting' && pm.online
          ? openVoteBook(
              { questionId: meetingId, roster: roster.map(({ personId }) => ({ personId })), opensAt: pm.opensAt },
              st.settings,
            )
          : undefined;
      const meeting: MeetingInsert = {
        id: meetingId,
        body: i.body,
        noticeAt: pm.noticeAt,
        opensAt: pm.opensAt,
        ...(pm.closesAt !== undefined ? { closesAt: pm.closesAt } : {}),
        online: pm.online,
        ...(pm.mode ? { mode: pm.mode } : {}),
        ...(i.location ? { location: i.location } : {}),
        agenda: i.agenda,
        textVersion: pm.textVersion,
        roster,
        details: {
          channels: i.channels,
          ...(i.materialsRef ? { materialsRef: i.materialsRef } : {}),
          ...(i.chairId ? { chairId: i.chairId } : {}),
          ...(i.minuteTakerId ? { minuteTakerId: i.minuteTakerId } : {}),
        },
      };
      return commit({
        action: conveneEvent(i).type,
        actor: cmd.actor,
        next,
        at: now,
        key: cmd.idempotencyKey,
        extras: { meetingId },
        details: { meetingId, body: i.body, opensAt: pm.opensAt, noticeAt: pm.noticeAt, online: pm.online },
        effects: [{ kind: 'meetingConvened', meeting }],
      });
    },
  });

  function jointRecord(i: Command<import('./api').JointMeetingInput>['input']) {
    const m = currentMeeting('joint_meeting');
    const opensAt = pending()!.opensAt;
    const marks = [
      ...m.attendance,
      ...i.attendeeIds.map((personId) => ({ personId, method: 'in_person' as const, at: opensAt })),
    ];
    return { m, record: namedRecord(m.roster, opensAt, marks, i.votes, i.recusedIds, opensAt) };
  }
  const jointEvent = (i: Command<import('./api').JointMeetingInput>['input'], record: MeetingRecord): MotionEvent => ({
    type: 'recordJointMeeting',
    record,
    conclusion: i.conclusion,
    amended: Boolean(i.amendments && i.amendments.trim()),
  });

  command(motionUpdates.recordJointMeeting, {
    check: (i) => {
      str(i.heldOn, 10);
      strList(i.attendeeIds);
      votesList(i.votes);
      strList(i.recusedIds);
      str(i.minutes);
      str(i.opinions);
      if (!['agree', 'revise', 'reject'].includes(i.conclusion)) invalid();
    },
    validate: (cmd, actor, now) => {
      assertMay(st.snapshot, 'recordJointMeeting', actor, ctx(now));
      check(jointEvent(cmd.input, jointRecord(cmd.input).record), actor, now);
    },
    run: async (cmd, actor) => {
      const i = cmd.input;
      const { m, record } = jointRecord(i);
      const now = Date.now();
      const next = apply(jointEvent(i, record), actor, now);
      const { outcome, count } = splitOutcome(meetingOutcome('joint_meeting', record, bodyRuleFor('joint_meeting', st.settings)));
      return commit({
        action: 'recordJointMeeting',
        actor: cmd.actor,
        next,
        at: now,
        key: cmd.idempotencyKey,
        details: { meetingId: m.id, outcome: outcome.kind, conclusion: i.conclusion },
        versionNote: i.amendments?.trim() ? i.amendments : null,
        effects: [
          {
            kind: 'meetingRecorded',
            meetingId: m.id,
            record: {
              heldOn: i.heldOn,
              attendance: attendanceSummary(count),
              ...(count ? { tally: count.tally } : {}),
              outcome,
              minutes: i.minutes,
              opinions: i.opinions,
              ...(i.amendments ? { amendments: i.amendments } : {}),
              conclusion: i.conclusion,
              recordedBy: cmd.actor.userId,
              recordedAt: now,
              details: {
                votes: i.votes,
                recusedIds: i.recusedIds,
                attachmentRefs: i.attachmentRefs ?? [],
                ...(i.supervisorRemarks ? { supervisorRemarks: i.supervisorRemarks } : {}),
              },
            },
          },
        ],
      });
    },
  });

  const partyRecord = (i: Command<import('./api').PartyMeetingInput>['input']): MeetingRecord => ({
    kind: 'counts',
    tally: partyMeetingTally({
      fullMembers: i.fullMembers,
      excused: i.excused.length,
      recused: i.recused,
      present: i.present,
      yes: i.yes,
      no: i.no,
      abstain: i.abstain,
    }),
  });

  command(motionUpdates.recordPartyMeeting, {
    check: (i) => {
      str(i.heldOn, 10);
      for (const n of [i.fullMembers, i.recused, i.present, i.probationaryPresent, i.yes, i.no, i.abstain]) num(n);
      if (!Array.isArray(i.excused) || i.excused.length > 500) invalid();
      str(i.minutes);
      str(i.scanRef, 200);
    },
    validate: (cmd, actor, now) => check({ type: 'recordPartyMeeting', record: partyRecord(cmd.input) }, actor, now),
    run: async (cmd, actor) => {
      const i = cmd.input;
      const m = currentMeeting('party_members_meeting');
      const record = partyRecord(i);
      const now = Date.now();
      const next = apply({ type: 'recordPartyMeeting', record }, actor, now);
      const outcome = meetingOutcome('party_members_meeting', record, bodyRuleFor('party_members_meeting', st.settings));
      return commit({
        action: 'recordPartyMeeting',
        actor: cmd.actor,
        next,
        at: now,
        key: cmd.idempotencyKey,
        details: { meetingId: m.id, outcome: outcome.kind },
        effects: [
          {
            kind: 'meetingRecorded',
            meetingId: m.id,
            record: {
              heldOn: i.heldOn,
              attendance: { present: i.present, probationaryPresent: i.probationaryPresent, excused: i.excused.length },
              tally: record.kind === 'counts' ? record.tally : undefined,
              outcome,
              minutes: i.minutes,
              recordedBy: cmd.actor.userId,
              recordedAt: now,
              details: { fullMembers: i.fullMembers, excused: i.excused, recused: i.recused, scanRef: i.scanRef },
            },
          },
        ],
      });
    },
  });

  const residentsRecord = (i: Command<import('./api').ResidentsMeetingInput>['input']): MeetingRecord => ({
    kind: 'counts',
    tally: { expected: i.electorate, present: i.present, yes: i.yes, no: i.no, abstain: i.abstain },
  });

  command(motionUpdates.recordResidentsMeeting, {
    check: (i) => {
      str(i.heldOn, 10);
      for (const n of [i.electorate, i.present, i.yes, i.no, i.abstain]) num(n);
      str(i.resolutionText);
      str(i.minutes);
      str(i.scanRef, 200);
    },
    validate: (cmd, actor, now) => {
      assertMay(st.snapshot, 'recordResolution', actor, ctx(now));
      currentMeeting('residents_meeting');
      check({ type: 'recordResolution', record: residentsRecord(cmd.input) }, actor, now);
    },
    run: async (cmd, actor) => {
      const i = cmd.input;
      const m = currentMeeting('residents_meeting');
      const record = residentsRecord(i);
      const now = Date.now();
      const next = apply({ type: 'recordResolution', record }, actor, now);
      const outcome = meetingOutcome('residents_meeting', record, bodyRuleFor('residents_meeting', st.settings));
      return commit({
        action: 'recordResolution',
        actor: cmd.actor,
        next,
        at: now,
        key: cmd.idempotencyKey,
        details: { meetingId: m.id, outcome: outcome.kind },
        effects: [
          {
            kind: 'meetingRecorded',
            meetingId: m.id,
            record: {
              heldOn: i.heldOn,
              attendance: { present: i.present, electorate: i.electorate, mode: i.mode },
              tally: record.kind === 'counts' ? record.tally : undefined,
              outcome,
              minutes: i.minutes,
              resolutionText: i.resolutionText,
              recordedBy: cmd.actor.userId,
              recordedAt: now,
              details: { scanRef: i.scanRef, mode: i.mode },
            },
          },
        ],
      });
    },
  });

  function handRecord(i: Command<import('./api').HandVotesInput>['input'], now: number) {
    const m = currentMeeting('representatives_meeting', i.questionId);
    if (st.book) throw new DomainError('motion.errors.onlineTallyIsAutomatic');
    return { m, record: namedRecord(m.roster, pending()!.opensAt, m.attendance, i.votes, i.recusedIds, now) };
  }

  command(motionUpdates.recordHandVotes, {
    check: (i) => {
      str(i.questionId, 128);
      votesList(i.votes);
      strList(i.recusedIds);
    },
    validate: (cmd, actor, now) => {
      assertMay(st.snapshot, 'recordResolution', actor, ctx(now));
      check({ type: 'recordResolution', record: handRecord(cmd.input, now).record }, actor, now);
    },
    run: async (cmd, actor) => {
      const now = Date.now();
      const { m, record } = handRecord(cmd.input, now);
      const next = apply({ type: 'recordResolution', record }, actor, now);
      const { outcome, count } = splitOutcome(
        meetingOutcome('representatives_meeting', record, bodyRuleFor('representatives_meeting', st.settings)),
      );
      const votes: StepEffect[] = cmd.input.votes.map((v) => ({
        kind: 'vote',
        meetingId: m.id,
        voterId: v.personId,
        choice: v.choice,
        method: 'in_person',
        version: 1,
        castAt: now,
      }));
      const onRoster = new Set(m.roster.map((p) => p.personId));
      return commit({
        action: 'recordResolution',
        actor: cmd.actor,
        next,
        at: now,
        key: cmd.idempotencyKey,
        details: { meetingId: m.id, outcome: outcome.kind },
        effects: [
          ...votes.filter((v) => v.kind === 'vote' && onRoster.has(v.voterId)),
          {
            kind: 'meetingRecorded',
            meetingId: m.id,
            record: {
              heldOn: toShanghaiDateInput(pending()!.opensAt),
              attendance: attendanceSummary(count),
              ...(count ? { tally: count.tally } : {}),
              outcome,
              recordedBy: cmd.actor.userId,
              recordedAt: now,
              details: { recusedIds: cmd.input.recusedIds },
            },
          },
        ],
      });
    },
  });

  function attendanceNow(): AttendanceMark[] {
    return st.book ? [...st.book.attendance] : [...(st.meeting?.attendance ?? [])];
  }

  command(motionUpdates.recordAttendance, {
    check: (i) => {
      str(i.meetingId, 128);
      strList(i.personIds);
      if (i.personIds.length === 0 || !['in_person', 'paper'].includes(i.method)) invalid();
      str(i.scanRef, 200, true);
    },
    validate: (cmd, actor, now) => {
      check({ type: 'recordAttendance' }, actor, now);
      currentMeeting([...MEETING_BODIES], cmd.input.meetingId);
      if (cmd.input.method === 'paper' && !cmd.input.scanRef) throw new DomainError('motion.errors.scanRequired');
    },
    run: async (cmd, actor) => {
      const i = cmd.input;
      const now = Date.now();
      const m = currentMeeting([...MEETING_BODIES], i.meetingId);
      const next = apply({ type: 'recordAttendance' }, actor, now);
      const marks = i.personIds.map((personId) => ({ personId, method: i.method, at: now }));
      if (i.method === 'paper') m.unconfirmedPaper.push({ enteredBy: cmd.actor.userId, scanRef: i.scanRef!, marks });
      else if (st.book) st.book = addAttendance(st.book, marks);
      else m.attendance.push(...marks);
      return commit({
        action: 'recordAttendance',
        actor: cmd.actor,
        next,
        at: now,
        key: cmd.idempotencyKey,
        details: { meetingId: m.id, method: i.method, count: marks.length, confirmed: i.method !== 'paper' },
        effects: [{ kind: 'meetingAttendance', meetingId: m.id, attendance: { marks: attendanceNow(), unconfirmedPaper: m.unconfirmedPaper } }],
      });
    },
  });

  function paperToConfirm(userId: string, meetingId: string) {
    const m = currentMeeting([...MEETING_BODIES], meetingId);
    const entries = m.unconfirmedPaper.filter((p) => p.enteredBy !== userId);
    if (entries.length === 0) {
      throw new DomainError(
        m.unconfirmedPaper.length > 0 ? 'motion.errors.secondPersonRequired' : 'motion.errors.paperTallyUnconfirmed',
      );
    }
    return { m, entries };
  }

  command(motionUpdates.confirmPaperAttendance, {
    check: (i) => str(i.meetingId, 128),
    validate: (cmd, actor, now) => {
      // The second person is a committee member or a supervisor (§3.2).
      if (isTerminal(st.snapshot.state)) throw new DomainError('motion.errors.motionFinished');
      if (!holdsAny(actor, ['committee_member', 'supervisor'])) throw new DomainError('motion.errors.notPermitted');
      void now;
      paperToConfirm(cmd.actor.userId, cmd.input.meetingId);
    },
    run: async (cmd) => {
      const { m, entries } = paperToConfirm(cmd.actor.userId, cmd.input.meetingId);
      const marks = entries.flatMap((e) => e.marks);
      m.unconfirmedPaper = m.unconfirmedPaper.filter((p) => !entries.includes(p));
      if (st.book) st.book = addAttendance(st.book, marks);
      else m.attendance.push(...marks);
      return commit({
        action: 'confirmPaperAttendance',
        actor: cmd.actor,
        next: st.snapshot,
        key: cmd.idempotencyKey,
        details: { meetingId: m.id, count: marks.length, enteredBy: entries.map((e) => e.enteredBy) },
        effects: [{ kind: 'meetingAttendance', meetingId: m.id, attendance: { marks: attendanceNow(), unconfirmedPaper: m.unconfirmedPaper } }],
      });
    },
  });

  // ── 决议: the representatives' online vote ──

  function openBook(questionId: string) {
    const book = st.book;
    if (!book) throw new DomainError('motion.errors.votingNotOpen');
    if (book.questionId !== questionId) throw new DomainError('motion.errors.votingClosed');
    return book;
  }

  command(motionUpdates.checkIn, {
    check: (i) => str(i.meetingId, 128),
    validate: (cmd, actor, now) => {
      check({ type: 'checkIn' }, actor, now);
      assertMayVote(openBook(cmd.input.meetingId), cmd.actor.userId, now);
    },
    run: async (cmd, actor) => {
      const now = Date.now();
      const next = apply({ type: 'checkIn' }, actor, now);
      st.book = checkInBook(openBook(cmd.input.meetingId), cmd.actor.userId, now);
      return commit({
        action: 'checkIn',
        actor: cmd.actor,
        next,
        at: now,
        key: cmd.idempotencyKey,
        details: { meetingId: cmd.input.meetingId },
        effects: [{ kind: 'meetingAttendance', meetingId: cmd.input.meetingId, attendance: { marks: attendanceNow(), unconfirmedPaper: st.meeting?.unconfirmedPaper ?? [] } }],
      });
    },
  });

  command(motionUpdates.castVote, {
    check: (i) => {
      str(i.questionId, 128);
      if (!(VOTE_CHOICES as readonly string[]).includes(i.choice)) invalid();
    },
    validate: (cmd, actor, now) => {
      check({ type: 'castVote' }, actor, now);
      assertMayVote(openBook(cmd.input.questionId), cmd.actor.userId, now);
    },
    run: async (cmd, actor) => {
      const now = Date.now();
      const next = apply({ type: 'castVote' }, actor, now);
      const { book, receipt } = castBallot(
        openBook(cmd.input.questionId),
        { voterId: cmd.actor.userId, choice: cmd.input.choice, method: 'online' },
        now,
      );
      st.book = book;
      return commit({
        action: 'castVote',
        actor: cmd.actor,
        next,
        at: now,
        key: cmd.idempotencyKey,
        extras: { version: receipt.version, replaced: receipt.replaced },
        details: { meetingId: book.questionId, version: receipt.version },
        effects: [
          {
            kind: 'vote',
            meetingId: book.questionId,
            voterId: cmd.actor.userId,
            choice: receipt.choice,
            method: 'online',
            version: receipt.version,
            castAt: now,
          },
        ],
      });
    },
  });

  // ── Objections 异议 (§3.7) ──

  command(motionUpdates.raiseObjection, {
    check: (i) => {
      str(i.text, 2_000);
      if (typeof i.blocking !== 'boolean') invalid();
    },
    validate: (cmd, actor, now) =>
      check({ type: 'raiseObjection', objectionId: 'new', blocking: cmd.input.blocking }, actor, now),
    run: async (cmd, actor) => {
      const now = Date.now();
      const objectionId = uuid4();
      const next = apply({ type: 'raiseObjection', objectionId, blocking: cmd.input.blocking }, actor, now);
      const o = next.objections.find((x) => x.id === objectionId)!;
      return commit({
        action: 'raiseObjection',
        actor: cmd.actor,
        next,
        at: now,
        key: cmd.idempotencyKey,
        extras: { objectionId },
        details: { objectionId, blocking: o.blocking },
        effects: [
          {
            kind: 'objectionRaised',
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

  command(motionUpdates.replyToObjection, {
    check: (i) => {
      str(i.objectionId, 128);
      str(i.text, 2_000);
    },
    validate: (cmd, actor, now) => check({ type: 'replyToObjection', objectionId: cmd.input.objectionId }, actor, now),
    run: async (cmd, actor) => {
      const now = Date.now();
      const next = apply({ type: 'replyToObjection', objectionId: cmd.input.objectionId }, actor, now);
      return commit({
        action: 'replyToObjection',
        actor: cmd.actor,
        next,
        at: now,
        key: cmd.idempotencyKey,
        details: { objectionId: cmd.input.objectionId },
        effects: [
          { kind: 'objectionReplied', id: cmd.input.objectionId, reply: cmd.input.text, repliedBy: cmd.actor.userId, repliedAt: now },
        ],
      });
    },
  });

  command(motionUpdates.acceptObjectionReply, {
    check: (i) => str(i.objectionId, 128),
    validate: (cmd, actor, now) => check({ type: 'acceptObjectionReply', objectionId: cmd.input.objectionId }, actor, now),
    run: async (cmd, actor) => {
      const now = Date.now();
      const next = apply({ type: 'acceptObjectionReply', objectionId: cmd.input.objectionId }, actor, now);
      return commit({
        action: 'acceptObjectionReply',
        actor: cmd.actor,
        next,
        at: now,
        key: cmd.idempotencyKey,
        details: { objectionId: cmd.input.objectionId },
        effects: [{ kind: 'objectionSettled', id: cmd.input.objectionId }],
      });
    },
  });

  command(motionUpdates.ruleOnObjection, {
    check: (i) => {
      str(i.objectionId, 128);
      if (!['upheld', 'dismissed'].includes(i.ruling)) invalid();
      str(i.reasons, 2_000);
    },
    validate: (cmd, actor, now) =>
      check({ type: 'ruleOnObjection', objectionId: cmd.input.objectionId, ruling: cmd.input.ruling }, actor, now),
    run: async (cmd, actor) => {
      const now = Date.now();
      const i = cmd.input;
      const next = apply({ type: 'ruleOnObjection', objectionId: i.objectionId, ruling: i.ruling }, actor, now);
      return commit({
        action: 'ruleOnObjection',
        actor: cmd.actor,
        next,
        at: now,
        key: cmd.idempotencyKey,
        details: { objectionId: i.objectionId, ruling: i.ruling },
        effects: [{ kind: 'objectionRuled', id: i.objectionId, ruling: i.ruling, reasons: i.reasons, ruledBy: cmd.actor.userId, ruledAt: now }],
      });
    },
  });

  // ── 实施: implementation ──

  command(motionUpdates.recordProgress, {
    check: (i) => {
      str(i.date, 10);
      str(i.work, 2_000);
      num(i.amountYuan);
      str(i.contractorOrganization, 200, true);
    },
    validate: (cmd, actor, now) => check({ type: 'recordProgress', amountYuan: cmd.input.amountYuan }, actor, now),
    run: async (cmd, actor) => {
      const i = cmd.input;
      const now = Date.now();
      const next = apply({ type: 'recordProgress', amountYuan: i.amountYuan }, actor, now);
      const id = uuid4();
      return commit({
        action: 'recordProgress',
        actor: cmd.actor,
        next,
        at: now,
        key: cmd.idempotencyKey,
        details: { progressId: id, amountYuan: i.amountYuan, ...(next.paused ? { paused: next.paused } : {}) },
        effects: [
          {
            kind: 'progress',
            id,
            entryDate: i.date,
            work: i.work,
            amountFen: yuanToFen(i.amountYuan),
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

  command(motionUpdates.reportCompletion, {
    check: (i) => {
      str(i.completedOn, 10);
      str(i.summary);
      str(i.acceptanceRecord, 2_000);
      if (!Array.isArray(i.lines) || i.lines.length === 0 || i.lines.length > 500) invalid();
      for (const l of i.lines) {
        if (!isObj(l)) invalid();
        str(l.item, 200);
        num(l.amountYuan);
      }
    },
    validate: (cmd, actor, now) =>
      check({ type: 'reportCompletion', finalAmountYuan: finalTotalYuan(cmd.input.lines) }, actor, now),
    run: async (cmd, actor) => {
      const i = cmd.input;
      const now = Date.now();
      const total = finalTotalYuan(i.lines);
      const next = apply({ type: 'reportCompletion', finalAmountYuan: total }, actor, now);
      const id = uuid4();
      return commit({
        action: 'reportCompletion',
        actor: cmd.actor,
        next,
        at: now,
        key: cmd.idempotencyKey,
        details: { progressId: id, finalAmountYuan: total },
        effects: [
          {
            kind: 'progress',
            id,
            entryDate: i.completedOn,
            work: i.summary,
            amountFen: yuanToFen(total),
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

  command(motionUpdates.contestResolution, {
    check: (i) => str(i.reasons, 2_000),
    validate: (_cmd, actor, now) => check({ type: 'contestResolution' }, actor, now),
    run: async (cmd, actor) => {
      const now = Date.now();
      const next = apply({ type: 'contestResolution' }, actor, now);
      return commit({
        action: 'contestResolution',
        actor: cmd.actor,
        next,
        at: now,
        key: cmd.idempotencyKey,
        details: { reasons: cmd.input.reasons },
      });
    },
  });

  // ── Withdrawal, consultation, corrections ──

  const withdrawEvent = (i: Command<import('./api').WithdrawInput>['input']): MotionEvent => ({
    type: 'withdraw',
    reason: i.reason,
    decisionRef: i.partyCommitteeDecisionRef,
  });

  command(motionUpdates.withdraw, {
    check: (i) => {
      str(i.reason, 2_000);
      str(i.partyCommitteeDecisionRef, 200);
    },
    validate: (cmd, actor, now) => check(withdrawEvent(cmd.input), actor, now),
    run: async (cmd, actor) => {
      const now = Date.now();
      const next = apply(withdrawEvent(cmd.input), actor, now);
      return commit({
        action: 'withdraw',
        actor: cmd.actor,
        next,
        at: now,
        key: cmd.idempotencyKey,
        details: { reason: next.withdrawal?.reason, decisionRef: next.withdrawal?.decisionRef },
      });
    },
  });

  command(motionUpdates.openConsultation, {
    check: (i) => str(i.consultationId, 128),
    validate: (cmd, actor, now) => check({ type: 'openConsultation', consultationId: cmd.input.consultationId }, actor, now),
    run: async (cmd, actor) => {
      const now = Date.now();
      const next = apply({ type: 'openConsultation', consultationId: cmd.input.consultationId }, actor, now);
      return commit({
        action: 'openConsultation',
        actor: cmd.actor,
        next,
        at: now,
        key: cmd.idempotencyKey,
        details: { consultationId: cmd.input.consultationId },
      });
    },
  });

  function mayCorrect(actor: Actor, substantive: boolean, now: number) {
    if (!holdsAny(actor, ['committee_member'])) {
      throw new DomainError(isTerminal(st.snapshot.state) ? 'motion.errors.motionFinished' : 'motion.errors.notPermitted');
    }
    assertMotionEvent(st.snapshot, { type: 'disclosureCorrected', substantive }, SYSTEM_ACTOR, ctx(now));
    if (!st.lastDisclosureId) throw new DomainError('motion.errors.disclosureNotPublished');
  }

  command(motionUpdates.correctDisclosure, {
    check: (i) => {
      str(i.reason, 2_000);
      if (typeof i.substantive !== 'boolean') invalid();
    },
    validate: (cmd, actor, now) => mayCorrect(actor, cmd.input.substantive, now),
    run: async (cmd, actor) => {
      const now = Date.now();
      mayCorrect(actor, cmd.input.substantive, now);
      const s = st.snapshot;
      const step = st.step + 1;
      // A substantive correction restarts the window (§6); a typo keeps the original end.
      const end = cmd.input.substantive ? now + st.settings.disclosureDays * st.settings.dayMs : disclosureEndsAt(s, st.settings)!;
      const d = await publishMotionDisclosure({
        motionId: st.motionId,
        kind: s.state === 'resolution_disclosed' ? 'resolution' : 'implementation_result',
        idempotencyKey: `${workflowId}:${step}`,
        publishedAt: now,
        visibleUntil: end,
        corrects: st.lastDisclosureId!,
        correctionReason: cmd.input.reason,
        substantive: cmd.input.substantive,
      });
      st.lastDisclosureId = d.id;
      const next = applyMotionEvent(s, { type: 'disclosureCorrected', substantive: cmd.input.substantive }, SYSTEM_ACTOR, ctx(now));
      return commit({
        action: 'disclosureCorrected',
        actor: cmd.actor,
        next,
        at: now,
        key: cmd.idempotencyKey,
        details: { disclosureId: d.id, substantive: cmd.input.substantive, reason: cmd.input.reason },
      });
    },
  });

  setHandler(consultationCompleted, ({ consultationId }) => {
    if (typeof consultationId === 'string' && !st.pendingConsultations.includes(consultationId)) {
      st.pendingConsultations.push(consultationId);
      changed = true;
    }
  });

  setHandler(motionStateQuery, () => st);

  // ── The system's own steps (timers, tallies, disclosures) ──

  async function closeVote(): Promise<void> {
    const now = Date.now();
    const { book, closedEarly } = closeVoting(st.book!, now);
    const meetingId = book.questionId;
    const record = voteRecord(book);
    const next = applyMotionEvent(st.snapshot, { type: 'recordResolution', record, closedEarly }, SYSTEM_ACTOR, ctx(now));
    const { outcome, count } = splitOutcome(tallyVotes(book, st.settings));
    await commit({
      action: 'recordResolution',
      actor: null,
      next,
      at: now,
      details: { meetingId, outcome: outcome.kind, closedEarly },
      effects: [
        {
          kind: 'meetingRecorded',
          meetingId,
          record: {
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

  async function publishStateDisclosure(): Promise<void> {
    const s = st.snapshot;
    const at = Date.now();
    const step = st.step + 1;
    const kind = s.state === 'resolution_disclosed' ? 'resolution' : 'implementation_result';
    const d = await publishMotionDisclosure({
      motionId: st.motionId,
      kind,
      idempotencyKey: `${workflowId}:${step}`,
      publishedAt: at,
      visibleUntil: at + st.settings.disclosureDays * st.settings.dayMs,
    });
    st.lastDisclosureId = d.id;
    const next = applyMotionEvent(st.snapshot, { type: 'disclosurePublished' }, SYSTEM_ACTOR, ctx(at));
    await commit({ action: 'disclosurePublished', actor: null, next, at, details: { disclosureId: d.id, kind, seq: d.seq } });
  }

  async function publishWithdrawal(): Promise<void> {
    const at = Date.now();
    const d = await publishMotionDisclosure({
      motionId: st.motionId,
      kind: 'withdrawal',
      idempotencyKey: `${workflowId}:${st.stateEnteredStep}`,
      publishedAt: at,
      visibleUntil: at + MIN_DISCLOSURE_DAYS * st.settings.dayMs,
    });
    st.lastDisclosureId = d.id;
    st.withdrawalPublished = true;
  }

  /** Runs every system step that is due now, then rewrites the open tasks if they changed. */
  async function systemPass(): Promise<void> {
    for (let guard = 0; guard < 50; guard++) {
      const now = Date.now();
      const s = st.snapshot;
      const consultation = st.pendingConsultations.shift();
      if (consultation !== undefined) {
        const e: MotionEvent = { type: 'consultationCompleted' };
        if (s.consultation.id === consultation && checkMotionEvent(s, e, SYSTEM_ACTOR, ctx(now)).ok) {
          await commit({ action: 'consultationCompleted', actor: null, next: apply(e, SYSTEM_ACTOR, now), at: now, details: { consultationId: consultation } });
        } else {
          log.warn('consultationCompleted ignored', { consultationId: consultation, state: s.state });
        }
        continue;
      }
      const book = st.book;
      if (book && book.closedAt === undefined && (now >= book.closesAt || (now >= book.opensAt && allVoted(book, now)))) {
        await closeVote();
        continue;
      }
      if ((DISCLOSURE_STATES as readonly string[]).includes(s.state) && s.disclosure && s.disclosure.publishedAt === undefined) {
        await publishStateDisclosure();
        continue;
      }
      if (s.state === 'withdrawn' && !st.withdrawalPublished) {
        await publishWithdrawal();
        continue;
      }
      for (const type of ['endDisclosure', 'lapse'] as const) {
        if (checkMotionEvent(s, { type }, SYSTEM_ACTOR, ctx(now)).ok) {
          await commit({ action: type, actor: null, next: apply({ type }, SYSTEM_ACTOR, now), at: now });
          break;
        }
      }
      if (st.snapshot !== s) continue;
      break;
    }
    const tasks = openTasks(Date.now());
    const digest = JSON.stringify(tasks);
    if (digest !== st.taskDigest) {
      await syncMotionTasks({ communityId: st.communityId, motionId: st.motionId, tasks });
      st.taskDigest = digest;
    }
  }

  /** Who must act now, derived from the state alone (so replay gives the same set). */
  function openTasks(now: number): TaskSpec[] {
    const s = st.snapshot;
    const id = st.motionId;
    const h = `h${s.history.length}`;
    const tasks: TaskSpec[] = [];
    const due = stageDueAt(s, st.settings);
    const secretary = { role: 'party_secretary' } as const;
    const director = { office: 'director' } as const;
    const committee = { role: 'committee_member' } as const;
    let main: TaskSpec | undefined;
    const add = (what: string, kind: string, to: TaskSpec['to'], o: { dueAt?: number; stage?: boolean } = {}) => {
      const t: TaskSpec = {
        key: `motion:${id}:${what}:${o.stage === false ? 'x' : h}`,
        kind,
        to,
        ...(o.dueAt !== undefined ? { dueAt: o.dueAt } : {}),
      };
      tasks.push(t);
      return t;
    };
    const m = s.pendingMeeting;
    const opened = m !== undefined && now >= m.opensAt;
    const withDue = due === undefined ? {} : { dueAt: due };
    switch (s.state) {
      case 'draft':
        add('propose', 'motion.task.recordPartyCommitteeDecision', secretary);
        break;
      case 'proposed':
        main = add('convene', 'motion.task.conveneJointMeeting', secretary, withDue);
        break;
      case 'deliberating':
      case 'consulting':
        if (s.state === 'consulting') {
          if (!s.consultation.id) main = add('consult', 'motion.task.openConsultation', secretary);
        } else if (!m) main = add('convene', 'motion.task.conveneJointMeeting', secretary, withDue);
        else if (opened) main = add(`record-${m.opensAt}`, 'motion.task.recordJointMeeting', secretary, withDue);
        add('opinions', 'motion.task.answerOpinions', committee);
        break;
      case 'party_review':
        if (!m) main = add('convene', 'motion.task.convenePartyMeeting', secretary, withDue);
        else if (opened) main = add(`record-${m.opensAt}`, 'motion.task.recordPartyMeeting', secretary, withDue);
        break;
      case 'resolving':
        if (!m) main = add('schedule', 'motion.task.scheduleResolutionMeeting', director, withDue);
        else if (st.book) {
          const book = st.book;
          if (isWindowOpen(book, now)) {
            for (const p of book.roster) {
              if (p.hasVote === false || book.recused.includes(p.personId) || book.ballots[p.personId]) continue;
              add(`vote-${book.questionId}-${p.personId}`, 'motion.task.vote', { userId: p.personId }, { dueAt: book.closesAt, stage: false });
            }
          }
        } else if (opened) main = add(`record-${m.opensAt}`, 'motion.task.recordResolution', director, withDue);
        break;
      case 'implementing':
        if (s.paused) add(`paused-${s.paused}`, 'motion.task.implementationPaused', director);
        else add('complete', 'motion.task.reportCompletion', director);
        add('progress', 'motion.task.recordProgress', committee);
        break;
      default:
        break;
    }
    if (s.disclosure?.correctionRequired) add('correct', 'motion.task.correctDisclosure', committee);
    if (!isTerminal(s.state)) {
      const end = disclosureEndsAt(s, st.settings);
      for (const o of s.objections) {
        if (o.status === 'open') {
          add(`objection-reply-${o.id}`, 'motion.task.replyToObjection', committee, { dueAt: o.replyDueAt, stage: false });
        }
        if (o.blocking && o.status === 'answered') {
          add(`objection-accept-${o.id}`, 'motion.task.acceptObjectionReply', { role: 'supervisor' }, { stage: false });
        }
        if (o.blocking && o.status !== 'settled' && end !== undefined && now >= end) {
          add(`objection-rule-${o.id}`, 'motion.task.ruleOnObjection', { role: 'street_office_admin' }, { stage: false });
        }
      }
      // Edge #1: a reminder at the due date, a street-office escalation 7 days later.
      const level = overdue(s, ctx(now));
      if (due !== undefined && level !== 'onTime') {
        tasks.push({
          key: `motion:${id}:overdue:${due}`,
          kind: 'motion.task.overdue',
          to: main?.to ?? secretary,
          dueAt: due,
          params: { state: s.state },
        });
        if (level === 'escalation') {
          tasks.push({
            key: `motion:${id}:escalation:${due}`,
            kind: 'motion.task.escalation',
            to: { role: 'street_office_admin' },
            dueAt: escalationAt(due, st.settings),
            escalated: true,
            params: { state: s.state },
          });
        }
      }
    }
    return tasks;
  }

  // ── Main loop ──

  for (;;) {
    changed = false;
    await locked(systemPass, false);
    const s = st.snapshot;
    if (isTerminal(s.state) && (s.state !== 'withdrawn' || st.withdrawalPublished)) break;
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > st.historyLimit) {
      // Never lose an accepted update: wait for every handler, then carry everything over at once.
      await condition(() => allHandlersFinished() && inFlight === 0);
      return continueAsNew<typeof motionWorkflow>({ ...input, snapshot: st.snapshot, carried: st });
    }
    const wake = nextWakeUp(s, ctx());
    if (wake === undefined) await condition(() => changed);
    else await condition(() => changed, Math.max(1, wake - Date.now()));
  }
  await condition(() => allHandlersFinished() && inFlight === 0);
  return { state: st.snapshot.state, step: st.step };
}

// ─── Draft helpers ──────────────────────────────────────────────────────────────────────────────

function draftEvent(i: Command<import('./api').DraftFields>['input']): MotionEvent {
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
