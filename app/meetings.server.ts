/**
 * The web's door to meetings (issue 12, decision 043): convene a meeting (row first, then its
 * workflow), put motions on its agenda, type attendance and item counts (a second person confirms by
 * typing the same numbers). Refusals come back as `{ ok: false, key }`; nothing changes then.
 */
import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowUpdateFailedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { db, type Sql } from '../db/client.server';
import { insertMeeting, meetingById, meetingItems, meetingsOfMotion } from '../db/meetings.server';
import { committeeOfficeOf, rosterOf } from '../db/motions.server';
import { STAGE_FOR_BODY, entitledCount } from '../domain/meeting/agenda';
import { visibleTo, type Confirmation } from '../domain/meeting/confirmation';
import { buildMinutes, type Minutes } from '../domain/meeting/minutes';
import { parseShanghaiDateTime } from '../domain/calendar';
import type { AttendanceEntry, ItemCountEntry, MeetingConveneForm } from '../domain/meeting/schemas';
import { holdsAny } from '../domain/motion/permissions';
import type { ActorRef, Command, Receipt } from '../workflows/api';
import { TASK_QUEUE } from '../workflows/config';
import { meetingUpdates, meetingWorkflowId, type MeetingUpdateName, type MeetingWorkflowInput } from '../workflows/meeting-api';
import { refusalOf } from '../workflows/refusal';
import type { Caller, CommandResult } from './motions.server';
import { temporal } from './temporal.server';

const refusal = (key: string, params?: Record<string, string | number>) =>
  ({ ok: false, key, ...(params && Object.keys(params).length ? { params } : {}) }) as const;
const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

function stableUuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

async function actorRef(sql: Sql, caller: Caller): Promise<ActorRef> {
  const office = caller.roles.includes('committee_member') ? await committeeOfficeOf(sql, caller.userId, caller.communityId) : undefined;
  return { userId: caller.userId, roles: [...caller.roles], ...(office ? { committeeOffice: office } : {}) };
}

const CONVENERS = {
  joint_meeting: ['party_secretary'],
  party_members_meeting: ['party_secretary'],
  residents_meeting: ['committee_director'],
  representatives_meeting: ['committee_director'],
} as const;

/**
 * Convenes a meeting: the row is written first (id from the form's key, so a retried form is a no-op),
 * then its workflow starts and freezes the roster. `noticeAt` is a paper notice posted earlier.
 */
export async function conveneSharedMeeting(
  caller: Caller,
  form: MeetingConveneForm & { noticeAt?: number; opensAtMs?: number },
  opts: { taskQueue?: string } = {},
): Promise<CommandResult<{ meetingId: string }>> {
  const sql = db();
  const actor = await actorRef(sql, caller);
  if (!holdsAny({ roles: actor.roles, ...(actor.committeeOffice ? { committeeOffice: actor.committeeOffice } : {}) }, CONVENERS[form.body])) {
    return refusal('motion.errors.notPermitted');
  }
  const opensAt = form.opensAtMs ?? parseShanghaiDateTime(form.opensAt);
  if (opensAt === null || !Number.isFinite(opensAt)) return refusal('form.invalidDate');
  const noticeAt = Math.min(form.noticeAt ?? Date.now(), Date.now());
  const { idempotencyKey, opensAt: _o, noticeAt: _n, opensAtMs: _m, ...rest } = form;
  const convene = { ...rest, opensAt };
  const meetingId = stableUuid('meeting', caller.communityId, caller.userId, idempotencyKey);
  await insertMeeting(sql, { id: meetingId, communityId: caller.communityId, convene, noticeAt, convenedBy: caller.userId });
  const input: MeetingWorkflowInput = { meetingId, communityId: caller.communityId, convene, convenedBy: actor, noticeAt };
  const client = await temporal();
  try {
    await client.workflow.start('meetingWorkflow', {
      args: [input],
      taskQueue: opts.taskQueue ?? TASK_QUEUE,
      workflowId: meetingWorkflowId(meetingId),
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
  return { ok: true, meetingId };
}

type DefOf<N extends MeetingUpdateName> = (typeof meetingUpdates)[N];
type InputOf<N extends MeetingUpdateName> = DefOf<N> extends UpdateDefinition<infer _R, [Command<infer I>]> ? I : never;
type ReceiptOf<N extends MeetingUpdateName> = DefOf<N> extends UpdateDefinition<infer R, infer _A> ? R : never;

async function send<N extends MeetingUpdateName>(
  caller: Caller,
  meetingId: string,
  name: N,
  idempotencyKey: string,
  input: InputOf<N>,
): Promise<CommandResult<Omit<ReceiptOf<N>, 'step'>>> {
  const sql = db();
  const meeting = isUuid(meetingId) ? await meetingById(sql, caller.communityId, meetingId) : undefined;
  if (!meeting) return refusal('motion.errors.notPermitted');
  const actor = await actorRef(sql, caller);
  const handle = (await temporal()).workflow.getHandle(meetingWorkflowId(meetingId));
  try {
    const cmd: Command<InputOf<N>> = { idempotencyKey, actor, input };
    const r = (await handle.executeUpdate(meetingUpdates[name] as never, { args: [cmd] as never })) as Receipt;
    const { step: _s, ...rest } = r as Receipt & Record<string, unknown>;
    return { ok: true, ...rest } as CommandResult<Omit<ReceiptOf<N>, 'step'>>;
  } catch (e) {
    const r = refusalOf(e instanceof WorkflowUpdateFailedError ? e : undefined);
    if (r) return { ok: false, ...r };
    if (e instanceof Error && /already completed/i.test(e.message)) return refusal('meeting.errors.meetingClosed');
    throw e;
  }
}

export function addAgendaItem(caller: Caller, meetingId: string, form: { idempotencyKey: string; motionId: string; noticeAt?: number }) {
  return send(caller, meetingId, 'addAgendaItem', form.idempotencyKey, {
    motionId: form.motionId,
    ...(form.noticeAt !== undefined ? { noticeAt: form.noticeAt } : {}),
  });
}

export function enterAttendance(caller: Caller, meetingId: string, form: AttendanceEntry) {
  const { idempotencyKey, ...input } = form;
  return send(caller, meetingId, 'enterAttendance', idempotencyKey, input);
}

export function enterItemCount(caller: Caller, meetingId: string, form: ItemCountEntry) {
  const { idempotencyKey, ...input } = form;
  return send(caller, meetingId, 'enterItemCount', idempotencyKey, input);
}

export function recordItemNotes(caller: Caller, meetingId: string, form: { idempotencyKey: string; motionId: string; notes: string }) {
  const { idempotencyKey, ...input } = form;
  return send(caller, meetingId, 'recordItemNotes', idempotencyKey, input);
}

// ─── Pages ──────────────────────────────────────────────────────────────────────────────────────

/** What a person sees of a typed count: the numbers only once they no longer decide a confirmation. */
const shown = (c: Confirmation<unknown>, userId: string) => visibleTo(c, userId);

async function namesOf(sql: Sql, ids: string[]): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const rows = await sql<{ id: string; name: string }[]>`select id, display_name as name from users where id = any(${ids})`;
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

function idsIn(c: Confirmation<unknown>): string[] {
  if (c.status === 'empty') return [];
  if (c.status === 'awaiting') return [c.entry.enteredBy];
  if (c.status === 'mismatch') return [c.entry.enteredBy, c.other.enteredBy];
  return [c.entry.enteredBy, c.confirmedBy];
}

/** The meeting page: notice, roster, attendance, agenda with each item's state, motions that may be added. */
export async function meetingPage(communityId: string, meetingId: string, userId: string) {
  const sql = db();
  const m = await meetingById(sql, communityId, meetingId);
  if (!m) return undefined;
  const items = await meetingItems(sql, meetingId);
  const stage = STAGE_FOR_BODY[m.body];
  const addable = await sql<{ id: string; title: string; number: number }[]>`
    select id, title, number from motions
    where community_id = ${communityId} and state = ${stage}
      and id not in (select motion_id from meeting_items where meeting_id = ${meetingId})
    order by number`;
  const people = [m.chairId, m.minuteTakerId, m.convenedBy, ...idsIn(m.attendance), ...items.flatMap((i) => idsIn(i.counts))].filter(
    (x): x is string => Boolean(x),
  );
  const names = { ...Object.fromEntries(m.roster.map((r) => [r.personId, r.name])), ...(await namesOf(sql, [...new Set(people)])) };
  return {
    meeting: { ...m, attendance: shown(m.attendance, userId) },
    items: items.map((i) => ({ ...i, counts: shown(i.counts, userId) })),
    addable,
    names,
    /** 应到 of the frozen roster, for a numbers-only sign-in sheet (empty before the meeting opened). */
    entitled: entitledCount(m.roster, m.opensAt.getTime()),
  };
}

/** The minutes model of a meeting (for the printable page and the PDF). */
export async function meetingMinutes(communityId: string, meetingId: string): Promise<Minutes | undefined> {
  const sql = db();
  const m = await meetingById(sql, communityId, meetingId);
  if (!m) return undefined;
  const items = await meetingItems(sql, meetingId);
  const people = [m.chairId, m.minuteTakerId, ...idsIn(m.attendance), ...items.flatMap((i) => idsIn(i.counts))].filter(
    (x): x is string => Boolean(x),
  );
  const names = await namesOf(sql, [...new Set(people)]);
  const numbers = await sql<{ id: string; number: number }[]>`select id, number from motions where id = any(${items.map((i) => i.motionId)})`;
  return buildMinutes({
    title: m.title,
    body: m.body,
    opensAt: m.opensAt.getTime(),
    noticeAt: m.noticeAt.getTime(),
    channels: m.channels,
    location: m.location,
    chairName: (m.chairId && names[m.chairId]) || '—',
    ...(m.minuteTakerId && names[m.minuteTakerId] ? { minuteTakerName: names[m.minuteTakerId] } : {}),
    roster: m.roster,
    attendance: m.attendance,
    items: items.map((i) => ({
      title: i.title,
      number: `#${numbers.find((n) => n.id === i.motionId)?.number ?? ''}`,
      notes: i.notes,
      counts: i.counts,
      delivered: i.delivered?.ok ? { ok: true, outcome: i.delivered.outcome } : (i.delivered ?? null),
    })),
    names,
  });
}

/** People who may chair: the body's roster today (for the convene form). */
export async function chairCandidates(communityId: string, body: MeetingConveneForm['body']) {
  return rosterOf(db(), communityId, body);
}

/** The community's meetings, newest first. */
export async function meetingsOf(communityId: string) {
  return db()<{ id: string; title: string; body: string; opensAt: Date; items: number }[]>`
    select m.id, m.title, m.body, m.opens_at as "opensAt", (select count(*)::int from meeting_items i where i.meeting_id = m.id) as items
    from meetings m where m.community_id = ${communityId} order by m.opens_at desc limit 100`;
}

/** The shared meetings a motion was on, with the motion's own result there (the motion page links them). */
export function sharedMeetingsOfMotion(communityId: string, motionId: string) {
  return meetingsOfMotion(db(), communityId, motionId);
}
