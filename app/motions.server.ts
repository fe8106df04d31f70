/**
 * The web's door to 四议两公开 motions. Commands go to the motion workflow as Temporal Updates (the
 * workflow's validator refuses with an i18n key, nothing changes); residents' opinions and answers —
 * many per motion — are written here by SQL in a transaction that locks the motion row and asks the
 * domain whether its state allows them. Queries read PostgreSQL only, never Temporal.
 *
 * Routes call requireRole first and pass the Caller (roles in the community they asked for); this
 * module refuses callers of another community, looks up the committee office itself, and the
 * workflow re-checks everything with domain/ (defence in depth).
 */
import { createHash } from 'node:crypto';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { db } from '../db/client.server';
import type { Sql } from '../db/client.server';
import { currentItems, itemById } from '../db/consultations.server';
import { disclosuresOf, type DisclosureRow } from '../db/disclosures.server';
import {
  commandResult,
  committeeOfficeOf,
  draftColumns,
  eventsOfMotion,
  insertMotion,
  isUuid,
  meetingsOfMotion,
  motionById,
  motionsOf,
  objectionsOfMotion,
  openTasksOf,
  opinionsOfMotion,
  progressOfMotion,
  representativeVotesOf,
  versionsOfMotion,
  type MotionRow,
  type ObjectionRow,
} from '../db/motions.server';
import { parseShanghaiDateTime } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import type { MeetingBody, VoteChoice } from '../domain/motion/meetings';
import {
  HIDDEN_FROM_PUBLIC,
  holdsAny,
  mayPrepareMotions,
  motionViewRights,
  voteVisibility,
  type Actor,
  type CommitteeOffice,
  type VoteVisibility,
} from '../domain/motion/permissions';
import type {
  CastVote,
  ConveneMeeting,
  DraftMotion,
  FinalReport,
  JointMeetingMinutes,
  Objection,
  PartyMeetingMinutes,
  ProgressEntry,
  ResidentsMeetingMinutes,
  Withdraw,
  acceptObjectionReplySchema,
  checkInSchema,
  confirmPaperTallySchema,
  contestResolutionSchema,
  handVotesSchema,
  objectionReplySchema,
  objectionRulingSchema,
  opinionAnswerSchema,
  partyCommitteeDecisionSchema,
  physicalAttendanceSchema,
  residentOpinionSchema,
} from '../domain/motion/schemas';
import { resolveMotionSettings, type MotionSettings, type MotionSettingsInput } from '../domain/motion/settings';
import {
  STEP_OF_STATE,
  TERMINAL_STATES,
  availability,
  isTerminal,
  motionDeadlines,
  newMotion,
  nextActions,
  overdue,
  stageDueAt,
  timeline,
  type MotionCommand,
  type MotionDeadlines,
  type MotionSnapshot,
  type MotionState,
  type Step,
  type TimelineStep,
} from '../domain/motion/stages';
import type { OverdueLevel } from '../domain/motion/deadlines';
import type { Role } from '../domain/roles';
import { TASK_QUEUE } from '../workflows/config';
import type { RosterPerson } from '../domain/motion/roster';
import {
  motionUpdates,
  motionWorkflowId,
  type ActorRef,
  type Command,
  type MotionUpdateName,
  type MotionWorkflowInput,
  type Receipt,
} from '../workflows/api';
import { refusalOf } from '../workflows/refusal';
import type { motionWorkflow } from '../workflows/motion';
import { temporal } from './temporal.server';

// ─── Types ──────────────────────────────────────────────────────────────────────────────────────

export type Caller = { userId: string; displayName: string; roles: Role[]; communityId: string };
export type CommandResult<T = object> = ({ ok: true } & T) | { ok: false; key: string; params?: Record<string, string | number> };

export type PartyCommitteeDecision = z.output<typeof partyCommitteeDecisionSchema>;
export type HandVotes = z.output<typeof handVotesSchema>;
export type PhysicalAttendance = z.output<typeof physicalAttendanceSchema>;
export type ConfirmPaperTally = z.output<typeof confirmPaperTallySchema>;
export type CheckIn = z.output<typeof checkInSchema>;
export type ResidentOpinion = z.output<typeof residentOpinionSchema>;
export type OpinionAnswer = z.output<typeof opinionAnswerSchema>;
export type ObjectionReply = z.output<typeof objectionReplySchema>;
export type AcceptObjectionReply = z.output<typeof acceptObjectionReplySchema>;
export type ObjectionRuling = z.output<typeof objectionRulingSchema>;
export type ContestResolution = z.output<typeof contestResolutionSchema>;
/**
 * The convene form; `opensAt` may also be epoch ms (scripts and tests with second-long days), and
 * `noticeAt` (epoch ms, not later than now) records a notice posted earlier on paper or the board.
 */
export type ConveneMeetingInput = Omit<ConveneMeeting, 'opensAt'> & { opensAt: string | number; noticeAt?: number };

export type MotionListItem = {
  id: string;
  number: number;
  title: string;
  category: string;
  state: MotionState;
  step: Step | null;
  updatedAt: Date;
  /** The current stage's due date (§3.4), if a stage clock runs. */
  dueAt: Date | null;
  /** Past the stage due date (a reminder has gone out; `overdueLevel` says whether it was escalated). */
  overdue: boolean;
  overdueLevel: OverdueLevel;
  /** The next deadline of any kind (a meeting, a voting window's end, a disclosure window's end…). */
  nextDue: { at: Date; what: keyof MotionDeadlines } | null;
};

export type TimelineEvent = {
  step: number;
  at: Date;
  action: string;
  fromState: MotionState;
  toState: MotionState;
  /** null for the system (timers, tallies, disclosures) and for the public. */
  actorName: string | null;
  details: Record<string, unknown>;
};

export type NamedVote = {
  personId: string;
  name: string;
  /** null: has not voted; while an online vote is open, choices are not shown (only who voted). */
  choice: VoteChoice | null;
  voted: boolean;
  castAt: Date | null;
  method: 'online' | 'in_person' | 'paper' | null;
  version: number | null;
};

export type MeetingItem = {
  id: string;
  body: MeetingBody;
  noticeAt: Date | null;
  opensAt: Date | null;
  closesAt: Date | null;
  online: boolean;
  mode: string | null;
  location: string | null;
  agenda: string | null;
  textVersion: number;
  rosterSize: number;
  heldOn: string | null;
  recorded: boolean;
  recordedAt: Date | null;
  /** What this viewer may see of the votes (§3.8). */
  visibility: VoteVisibility;
  /** passed / notPassed / inquorate, with the numbers the viewer may see. */
  outcome: {
    kind: 'passed' | 'notPassed' | 'inquorate';
    quorumNeeded?: number;
    yesNeeded?: number;
    passBase?: 'present' | 'expected';
  } | null;
  tally: { expected: number; present: number; yes: number; no: number; abstain: number; notVoted: number } | null;
  votes: NamedVote[] | null;
  minutes: string | null;
  opinions: string | null;
  amendments: string | null;
  conclusion: string | null;
  resolutionText: string | null;
};

export type CurrentVote = {
  meetingId: string;
  opensAt: Date;
  closesAt: Date;
  open: boolean;
  rosterSize: number;
  votedCount: number;
  /** Whether the viewer is on the roster frozen at notice. */
  onRoster: boolean;
  myBallot: { choice: VoteChoice; version: number; castAt: Date } | null;
};

export type OpinionItem = {
  id: string;
  body: string;
  createdAt: Date;
  /** Only for committee, party organization, supervisors and street office. */
  authorName: string | null;
  mine: boolean;
  answer: string | null;
  answeredAt: Date | null;
  answeredByName: string | null;
};

export type ObjectionItem = Omit<ObjectionRow, 'raisedBy' | 'raisedByName' | 'ruledAt'> & {
  /** Never public: only supervisors and committee members see who objected. */
  raisedByName: string | null;
  mine: boolean;
};

export type ProgressItem = {
  id: string;
  entryDate: string;
  work: string;
  amountYuan: number;
  contractorOrganization: string | null;
  isFinal: boolean;
  finalLines: { item: string; amountYuan: number }[] | null;
  acceptanceRecord: string | null;
  recordedByName: string | null;
};

export type MotionDetail = {
  motion: Omit<MotionRow, 'snapshot' | 'settings' | 'estimatedCostFen'> & { estimatedCostYuan: number };
  snapshot: MotionSnapshot;
  settings: MotionSettings;
  timeline: { steps: TimelineStep[]; events: TimelineEvent[] };
  versions: { version: number; title: string; proposalText: string; changeNote: string | null; createdAt: Date }[];
  meetings: MeetingItem[];
  currentVote: CurrentVote | null;
  opinions: OpinionItem[];
  objections: ObjectionItem[];
  progress: ProgressItem[];
  disclosures: DisclosureRow[];
  deadlines: MotionDeadlines;
  overdue: OverdueLevel;
  /** What the viewer may do now (domain nextActions); empty for the public. */
  actions: MotionCommand[];
};

export type TaskItem = {
  id: string;
  kind: string;
  params: Record<string, string | number>;
  communityId: string;
  communitySlug: string;
  subjectType: string;
  subjectId: string;
  subjectTitle: string | null;
  subjectNumber: number | null;
  dueAt: Date | null;
  overdue: boolean;
  escalated: boolean;
};

// ─── Plumbing ───────────────────────────────────────────────────────────────────────────────────

let sqlOverride: Sql | undefined;

/** Scripts (demo seed) that hold their own pool may point this module at it. */
export function useMotionsDatabase(sql: Sql | undefined): void {
  sqlOverride = sql;
}
const sqlOf = () => sqlOverride ?? db();

const refusal = (key: string, params?: Record<string, string | number>) =>
  ({ ok: false, key, ...(params && Object.keys(params).length ? { params } : {}) }) as const;

/** A uuid derived from its parts: the same form submitted twice names the same row. */
function stableUuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const mayPrepare = mayPrepareMotions;

async function actorRef(sql: Sql, caller: Caller, communityId: string): Promise<ActorRef> {
  const office = caller.roles.includes('committee_member') ? await committeeOfficeOf(sql, caller.userId, communityId) : undefined;
  return { userId: caller.userId, roles: [...caller.roles], ...(office ? { committeeOffice: office } : {}) };
}
const actorOf = (a: ActorRef): Actor => ({ roles: a.roles, ...(a.committeeOffice ? { committeeOffice: a.committeeOffice } : {}) });

/** The refusal carried by a failed Update, if it is a domain refusal. */
function domainRefusal(e: unknown): { key: string; params?: Record<string, string | number> } | undefined {
  return refusalOf(e instanceof WorkflowUpdateFailedError ? e : undefined);
}

/**
 * Whether the linked catalogue item requires a consultation before party review (§5.1); null when
 * the item is not one of this community's (a motion never links another community's item).
 */
async function catalogueItemMandatory(sql: Sql, itemId: string, communityId: string): Promise<boolean | null> {
  const found = await itemById(sql, itemId);
  if (!found || found.communityId !== communityId) return null;
  return found.item?.mandatory === true;
}

const workflowGone = (e: unknown) =>
  e instanceof WorkflowNotFoundError || (e instanceof Error && /already completed|not found/i.test(e.message));

type DefOf<N extends MotionUpdateName> = (typeof motionUpdates)[N];
type InputOf<N extends MotionUpdateName> = DefOf<N> extends UpdateDefinition<infer _R, [Command<infer I>]> ? I : never;
type ReceiptOf<N extends MotionUpdateName> = DefOf<N> extends UpdateDefinition<infer R, infer _Args> ? R : never;

/**
 * Sends one command. A key already applied (found in motion_events) is answered from the read model;
 * a finished motion is refused without asking Temporal; a domain refusal comes back as `{ ok: false }`;
 * anything else throws.
 */
async function send<N extends MotionUpdateName>(
  caller: Caller,
  motionId: string,
  name: N,
  idempotencyKey: string,
  input: InputOf<N>,
): Promise<CommandResult<Omit<ReceiptOf<N>, 'step'>>> {
  const sql = sqlOf();
  const motion = isUuid(motionId) ? await motionById(sql, motionId) : undefined;
  if (!motion || motion.communityId !== caller.communityId) return refusal('motion.errors.notPermitted');
  const actor = await actorRef(sql, caller, motion.communityId);
  const client = await temporal();
  const handle = client.workflow.getHandle<typeof motionWorkflow>(motionWorkflowId(motionId));
  for (let attempt = 0; ; attempt++) {
    const prior = await commandResult(sql, motionId, idempotencyKey);
    if (prior) return okFrom(prior) as CommandResult<Omit<ReceiptOf<N>, 'step'>>;
    const state = attempt === 0 ? motion.state : (await motionById(sql, motionId))!.state;
    if (isTerminal(state)) return refusal('motion.errors.motionFinished', { state });
    try {
      const cmd: Command<InputOf<N>> = { idempotencyKey, actor, input };
      const receipt = (await handle.executeUpdate(motionUpdates[name] as never, { args: [cmd] as never })) as Receipt;
      return okFrom(receipt as unknown as Record<string, unknown>) as CommandResult<Omit<ReceiptOf<N>, 'step'>>;
    } catch (e) {
      const r = domainRefusal(e);
      if (r) return { ok: false, ...r };
      // The run may have just ended or continued as new: look again (bounded).
      if (workflowGone(e) && attempt < 5) {
        await new Promise((res) => setTimeout(res, 200 * (attempt + 1)));
        continue;
      }
      throw e;
    }
  }
}

function okFrom(receipt: Record<string, unknown>): { ok: true } & Record<string, unknown> {
  const { step: _step, ...rest } = receipt;
  return { ok: true, ...rest };
}

const withoutKey = <T extends { idempotencyKey: string }>(input: T): Omit<T, 'idempotencyKey'> => {
  const { idempotencyKey: _k, ...rest } = input;
  return rest;
};

// ─── Commands ───────────────────────────────────────────────────────────────────────────────────

/**
 * A new motion in `draft` (party secretary). The row is written first (number = next in the
 * community, settings resolved from the community and frozen), then the workflow is started; the id
 * derives from the form's idempotency key, so a retried submission is a no-op.
 * `opts.settings` overrides community settings (demo data and tests use second-long days);
 * `opts.historyLimit` makes the workflow continue as new sooner (tests).
 */
export async function createMotion(
  caller: Caller,
  input: DraftMotion,
  opts: { taskQueue?: string; settings?: MotionSettingsInput; historyLimit?: number } = {},
): Promise<CommandResult<{ motionId: string }>> {
  const sql = sqlOf();
  if (!holdsAny({ roles: caller.roles }, ['party_secretary'])) return refusal('motion.errors.notPermitted');
  const motionId = stableUuid('motion', caller.communityId, caller.userId, input.idempotencyKey);
  let row = await motionById(sql, motionId);
  if (!row) {
    const [community] = await sql<{ settings: Record<string, unknown> }[]>`
      select settings from communities where id = ${caller.communityId}`;
    if (!community) return refusal('motion.errors.notPermitted');
    let settings: MotionSettings;
    try {
      const base = (community.settings?.motion ?? {}) as MotionSettingsInput;
      settings = resolveMotionSettings({ ...base, ...(opts.settings ?? {}) });
    } catch (e) {
      if (e instanceof DomainError) return refusal(e.key, e.params);
      throw e;
    }
    if (input.supersedesMotionId) {
      const old = isUuid(input.supersedesMotionId) ? await motionById(sql, input.supersedesMotionId) : undefined;
      if (!old || old.communityId !== caller.communityId || !['rejected', 'lapsed', 'withdrawn'].includes(old.state)) {
        return refusal('form.invalid');
      }
    }
    if (input.catalogueItemId && !isUuid(input.catalogueItemId)) return refusal('form.invalid');
    const consultationMandatory = input.catalogueItemId ? await catalogueItemMandatory(sql, input.catalogueItemId, caller.communityId) : false;
    if (consultationMandatory === null) return refusal('security.motion.catalogueItemElsewhere');
    const snapshot = newMotion({
      motionId,
      createdAt: Date.now(),
      matter: {
        majorReasons: input.majorReasons,
        ...(input.fundRaisingDelegationRef ? { fundRaisingDelegationRef: input.fundRaisingDelegationRef } : {}),
      },
      preferredResolutionBody: input.resolutionBody,
      consultationMandatory,
      consultOptIn: input.consultOptIn,
      estimatedCostYuan: input.estimatedCostYuan,
    });
    await insertMotion(sql, {
      ...draftColumns(withoutKey(input)),
      id: motionId,
      communityId: caller.communityId,
      snapshot,
      settings,
      createdBy: caller.userId,
      idempotencyKey: input.idempotencyKey,
    });
    row = (await motionById(sql, motionId))!;
  }
  if (row.communityId !== caller.communityId) return refusal('motion.errors.notPermitted');
  const client = await temporal();
  const start: MotionWorkflowInput = {
    motionId,
    communityId: row.communityId,
    settings: row.settings,
    snapshot: row.snapshot,
    createdBy: row.createdBy,
    ...(opts.historyLimit ? { historyLimit: opts.historyLimit } : {}),
  };
  try {
    await client.workflow.start<typeof motionWorkflow>('motionWorkflow', {
      args: [start],
      taskQueue: opts.taskQueue ?? TASK_QUEUE,
      workflowId: motionWorkflowId(motionId),
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      // A finished motion is never started again under its id.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
  return { ok: true, motionId };
}

export async function editDraft(caller: Caller, motionId: string, input: DraftMotion): Promise<CommandResult> {
  const sql = sqlOf();
  if (input.catalogueItemId && !isUuid(input.catalogueItemId)) return refusal('form.invalid');
  const consultationMandatory = input.catalogueItemId ? await catalogueItemMandatory(sql, input.catalogueItemId, caller.communityId) : false;
  if (consultationMandatory === null) return refusal('security.motion.catalogueItemElsewhere');
  return send(caller, motionId, 'editDraft', input.idempotencyKey, { ...withoutKey(input), consultationMandatory });
}

export async function recordPartyCommitteeDecision(
  caller: Caller,
  motionId: string,
  input: PartyCommitteeDecision,
): Promise<CommandResult<{ meetingId: string }>> {
  return send(caller, motionId, 'recordPartyCommitteeDecision', input.idempotencyKey, withoutKey(input));
}

/** Convenes the joint meeting, the party members' meeting or the resolution meeting (by `input.body`). */
export async function conveneMeeting(
  caller: Caller,
  motionId: string,
  input: ConveneMeetingInput,
): Promise<CommandResult<{ meetingId: string }>> {
  const opensAt = typeof input.opensAt === 'number' ? input.opensAt : parseShanghaiDateTime(input.opensAt);
  if (opensAt === null || !Number.isFinite(opensAt)) return refusal('form.invalidDate');
  const { idempotencyKey, opensAt: _o, noticeAt, ...rest } = input;
  return send(caller, motionId, 'conveneMeeting', idempotencyKey, {
    ...rest,
    opensAt,
    ...(noticeAt !== undefined ? { noticeAt } : {}),
  });
}

export async function recordJointMeeting(caller: Caller, motionId: string, input: JointMeetingMinutes): Promise<CommandResult> {
  return send(caller, motionId, 'recordJointMeeting', input.idempotencyKey, withoutKey(input));
}

export async function recordPartyMeeting(caller: Caller, motionId: string, input: PartyMeetingMinutes): Promise<CommandResult> {
  return send(caller, motionId, 'recordPartyMeeting', input.idempotencyKey, withoutKey(input));
}

/** A residents' meeting held in person, entered as numbers (choices never linked to people). */
export async function recordResidentsMeeting(
  caller: Caller,
  motionId: string,
  input: ResidentsMeetingMinutes,
): Promise<CommandResult> {
  return send(caller, motionId, 'recordResidentsMeeting', input.idempotencyKey, withoutKey(input));
}

/** Named votes by show of hands at a representatives' meeting held in person (director). */
export async function recordHandVotes(caller: Caller, motionId: string, input: HandVotes): Promise<CommandResult> {
  return send(caller, motionId, 'recordHandVotes', input.idempotencyKey, withoutKey(input));
}

/** In-person or paper attendance (paper counts once a second person confirms it). */
export async function recordAttendance(caller: Caller, motionId: string, input: PhysicalAttendance): Promise<CommandResult> {
  const { idempotencyKey, ...rest } = input;
  return send(caller, motionId, 'recordAttendance', idempotencyKey, {
    meetingId: rest.meetingId,
    personIds: rest.personIds,
    method: rest.method,
    ...(rest.scanRef ? { scanRef: rest.scanRef } : {}),
  });
}

export async function confirmPaperAttendance(caller: Caller, motionId: string, input: ConfirmPaperTally): Promise<CommandResult> {
  return send(caller, motionId, 'confirmPaperAttendance', input.idempotencyKey, { meetingId: input.meetingId });
}

export async function checkIn(caller: Caller, motionId: string, input: CheckIn): Promise<CommandResult> {
  return send(caller, motionId, 'checkIn', input.idempotencyKey, { meetingId: input.meetingId });
}

/** One ballot in the representatives' online vote; resubmission inside the window replaces it. */
export async function castVote(
  caller: Caller,
  motionId: string,
  input: CastVote,
): Promise<CommandResult<{ version: number; replaced: boolean }>> {
  return send(caller, motionId, 'castVote', input.idempotencyKey, { questionId: input.questionId, choice: input.choice });
}

export async function raiseObjection(
  caller: Caller,
  motionId: string,
  input: Objection,
): Promise<CommandResult<{ objectionId: string }>> {
  return send(caller, motionId, 'raiseObjection', input.idempotencyKey, { text: input.text, blocking: input.blocking });
}

export async function replyToObjection(caller: Caller, motionId: string, input: ObjectionReply): Promise<CommandResult> {
  return send(caller, motionId, 'replyToObjection', input.idempotencyKey, withoutKey(input));
}

export async function acceptObjectionReply(caller: Caller, motionId: string, input: AcceptObjectionReply): Promise<CommandResult> {
  return send(caller, motionId, 'acceptObjectionReply', input.idempotencyKey, withoutKey(input));
}

export async function ruleOnObjection(caller: Caller, motionId: string, input: ObjectionRuling): Promise<CommandResult> {
  return send(caller, motionId, 'ruleOnObjection', input.idempotencyKey, withoutKey(input));
}

export async function recordProgress(caller: Caller, motionId: string, input: ProgressEntry): Promise<CommandResult> {
  return send(caller, motionId, 'recordProgress', input.idempotencyKey, withoutKey(input));
}

export async function reportCompletion(caller: Caller, motionId: string, input: FinalReport): Promise<CommandResult> {
  return send(caller, motionId, 'reportCompletion', input.idempotencyKey, withoutKey(input));
}

export async function contestResolution(caller: Caller, motionId: string, input: ContestResolution): Promise<CommandResult> {
  return send(caller, motionId, 'contestResolution', input.idempotencyKey, withoutKey(input));
}

export async function withdraw(caller: Caller, motionId: string, input: Withdraw): Promise<CommandResult> {
  return send(caller, motionId, 'withdraw', input.idempotencyKey, withoutKey(input));
}

/** Links the consultation (built by the consultation feature) that this motion waits for. */
export async function openConsultation(
  caller: Caller,
  motionId: string,
  input: { idempotencyKey: string; consultationId: string },
): Promise<CommandResult> {
  return send(caller, motionId, 'openConsultation', input.idempotencyKey, { consultationId: input.consultationId });
}

/** Publishes a corrected disclosure (committee member); a substantive one restarts the 7 days. */
export async function correctDisclosure(
  caller: Caller,
  motionId: string,
  input: { idempotencyKey: string; reason: string; substantive: boolean },
): Promise<CommandResult> {
  return send(caller, motionId, 'correctDisclosure', input.idempotencyKey, { reason: input.reason, substantive: input.substantive });
}

/**
 * A resident's opinion during 商议 — plain SQL, not workflow history: locks the motion row and asks
 * the domain whether its state allows it. The opinion's id derives from the idempotency key.
 */
export async function submitOpinion(
  caller: Caller,
  motionId: string,
  input: ResidentOpinion,
): Promise<CommandResult<{ opinionId: string }>> {
  if (!isUuid(motionId)) return refusal('motion.errors.notPermitted');
  const sql = sqlOf();
  const opinionId = stableUuid('opinion', motionId, caller.userId, input.idempotencyKey);
  return sql.begin(async (tx) => {
    const [m] = await tx<{ communityId: string; snapshot: MotionSnapshot; settings: MotionSettings }[]>`
      select community_id as "communityId", snapshot, settings from motions where id = ${motionId} for update`;
    if (!m || m.communityId !== caller.communityId) return refusal('motion.errors.notPermitted');
    const [already] = await tx`select 1 from motion_opinions where id = ${opinionId}`;
    if (already) return { ok: true as const, opinionId };
    const v = availability(m.snapshot, 'submitResidentOpinion', { roles: caller.roles }, { now: Date.now(), settings: m.settings });
    if (!v.ok) return refusal(v.key, v.params);
    await tx`insert into motion_opinions (id, motion_id, author_user_id, body) values (${opinionId}, ${motionId}, ${caller.userId}, ${input.text})`;
    await tx`insert into audit_log (community_id, actor_user_id, action, subject_type, subject_id, details)
             values (${m.communityId}, ${caller.userId}, 'motion.submitResidentOpinion', 'motion', ${motionId},
                     ${tx.json({ opinionId } as never)})`;
    return { ok: true as const, opinionId };
  });
}

/** A committee member answers an opinion (plain SQL, guarded like submitOpinion). */
export async function answerOpinion(caller: Caller, motionId: string, input: OpinionAnswer): Promise<CommandResult> {
  if (!isUuid(motionId) || !isUuid(input.opinionId)) return refusal('form.invalid');
  const sql = sqlOf();
  return sql.begin(async (tx) => {
    const [m] = await tx<{ communityId: string; snapshot: MotionSnapshot; settings: MotionSettings }[]>`
      select community_id as "communityId", snapshot, settings from motions where id = ${motionId} for update`;
    if (!m || m.communityId !== caller.communityId) return refusal('motion.errors.notPermitted');
    const actor = actorOf(await actorRef(sql, caller, m.communityId));
    const v = availability(m.snapshot, 'answerResidentOpinion', actor, { now: Date.now(), settings: m.settings });
    if (!v.ok) return refusal(v.key, v.params);
    const updated = await tx`
      update motion_opinions set answer = ${input.text}, answered_by = ${caller.userId}, answered_at = now()
      where id = ${input.opinionId} and motion_id = ${motionId} returning id`;
    if (updated.length === 0) return refusal('form.invalid');
    await tx`insert into audit_log (community_id, actor_user_id, action, subject_type, subject_id, details)
             values (${m.communityId}, ${caller.userId}, 'motion.answerResidentOpinion', 'motion', ${motionId},
                     ${tx.json({ opinionId: input.opinionId } as never)})`;
    return { ok: true as const };
  });
}

// ─── Queries (SQL only) ─────────────────────────────────────────────────────────────────────────

function nextDueOf(snapshot: MotionSnapshot, settings: MotionSettings, now: number): MotionListItem['nextDue'] {
  const d = motionDeadlines(snapshot, settings);
  let best: MotionListItem['nextDue'] = null;
  for (const [what, at] of Object.entries(d) as [keyof MotionDeadlines, number | undefined][]) {
    if (at === undefined || at <= now) continue;
    if (!best || at < best.at.getTime()) best = { at: new Date(at), what };
  }
  return best;
}

/**
 * Motions of a community, most recently changed first. Drafts (酝酿, not public) are listed only when
 * `viewer` prepares motions (party organization, committee, supervisors, street office); without a
 * viewer they are left out. `ended` lists the finished ones (closed, rejected, withdrawn, lapsed).
 */
export async function listMotions(
  communityId: string,
  opts: { state?: MotionState; step?: Step; ended?: boolean; viewer?: Caller | null } = {},
): Promise<MotionListItem[]> {
  if (!isUuid(communityId)) return [];
  const viewer = opts.viewer ?? null;
  const includeDrafts = viewer !== null && viewer.communityId === communityId && mayPrepare(viewer.roles);
  const states = opts.state ? [opts.state] : opts.ended ? [...TERMINAL_STATES] : undefined;
  const rows = await motionsOf(sqlOf(), communityId, { ...(states ? { states } : {}), includeDrafts });
  const now = Date.now();
  return rows
    .filter((r) => !opts.step || STEP_OF_STATE[r.state] === opts.step)
    .map((r) => {
      const level = overdue(r.snapshot, { now, settings: r.settings });
      const due = stageDueAt(r.snapshot, r.settings);
      return {
        id: r.id,
        number: r.number,
        title: r.title,
        category: r.category,
        state: r.state,
        step: STEP_OF_STATE[r.state],
        updatedAt: r.updatedAt,
        dueAt: due === undefined ? null : new Date(due),
        overdue: level !== 'onTime',
        overdueLevel: level,
        nextDue: nextDueOf(r.snapshot, r.settings, now),
      };
    });
}

/** Items of the community's consultation catalogue in force, for the motion form's select. */
export async function catalogueItemsForMotion(
  communityId: string,
): Promise<{ id: string; code: string; title: string; mandatory: boolean }[]> {
  if (!isUuid(communityId)) return [];
  const items = await currentItems(sqlOf(), communityId);
  return items.map((i) => ({ id: i.id, code: i.code, title: i.title, mandatory: i.mandatory }));
}

const INTERNAL_DETAILS = new Set(['idempotencyKey', 'result']);

/**
 * Everything the motion page shows, filtered for the viewer (DOMAIN.md §3.8, §6): named votes by
 * visibility, authors of opinions and objectors only for those who may see them, drafts only for
 * those who prepare motions. `viewer: null` is the public. Undefined if the motion is not in this
 * community or not visible.
 */
export async function motionDetail(communityId: string, motionId: string, viewer: Caller | null): Promise<MotionDetail | undefined> {
  const sql = sqlOf();
  if (!isUuid(communityId) || !isUuid(motionId)) return undefined;
  const row = await motionById(sql, motionId);
  if (!row || row.communityId !== communityId) return undefined;
  const member = viewer && viewer.communityId === communityId ? viewer : null;
  const actor: Actor | null = member ? actorOf(await actorRef(sql, member, communityId)) : null;
  if (row.state === 'draft' && !(member && mayPrepare(member.roles))) return undefined;
  const now = Date.now();
  const ctx = { now, settings: row.settings };
  const { seesAuthors, seesObjectors, seesRecorders: oversight } = motionViewRights(actor);

  const [events, versions, meetings, repVotes, opinions, objections, progress, disclosures] = await Promise.all([
    eventsOfMotion(sql, motionId),
    versionsOfMotion(sql, motionId),
    meetingsOfMotion(sql, motionId),
    representativeVotesOf(sql, motionId),
    opinionsOfMotion(sql, motionId),
    objectionsOfMotion(sql, motionId),
    progressOfMotion(sql, motionId),
    disclosuresOf(sql, 'motion', motionId),
  ]);

  const meetingItems: MeetingItem[] = meetings.map((m) => {
    const visibility = voteVisibility(m.body, actor);
    const recorded = m.recordedAt !== null;
    const o = m.outcome;
    const outcome: MeetingItem['outcome'] = !o
      ? null
      : o.kind === 'inquorate'
        ? { kind: 'inquorate', ...(visibility === 'outcome' ? {} : { quorumNeeded: o.needed }) }
        : {
            kind: o.kind,
            ...(visibility === 'outcome' ? {} : { quorumNeeded: o.quorumNeeded, yesNeeded: o.yesNeeded, passBase: o.passBase }),
          };
    const tally: MeetingItem['tally'] =
      visibility === 'outcome' || !o
        ? null
        : o.kind === 'inquorate'
          ? { expected: o.expected, present: o.present, yes: 0, no: 0, abstain: 0, notVoted: 0 }
          : { expected: o.expected, present: o.present, yes: o.yes, no: o.no, abstain: o.abstain, notVoted: o.notVoted };
    let votes: NamedVote[] | null = null;
    if (visibility === 'named' && m.roster.length > 0) {
      if (m.body === 'representatives_meeting') {
        const byVoter = new Map(repVotes.filter((v) => v.meetingId === m.id).map((v) => [v.voterId, v]));
        votes = m.roster.map((p: RosterPerson) => {
          const v = byVoter.get(p.personId);
          // While an online vote is open, show who voted but not how (no live influence).
          const showChoice = recorded;
          return {
            personId: p.personId,
            name: p.name,
            choice: v && showChoice ? v.choice : null,
            voted: v !== undefined,
            castAt: v?.castAt ?? null,
            method: v?.method ?? null,
            version: v && showChoice ? v.version : null,
          };
        });
      } else if (recorded) {
        const named = ((m.details as { votes?: { personId: string; choice: VoteChoice }[] }).votes ?? []) as {
          personId: string;
          choice: VoteChoice;
        }[];
        const byVoter = new Map(named.map((v) => [v.personId, v.choice]));
        votes = m.roster.map((p) => ({
          personId: p.personId,
          name: p.name,
          choice: byVoter.get(p.personId) ?? null,
          voted: byVoter.has(p.personId),
          castAt: m.recordedAt,
          method: byVoter.has(p.personId) ? ('in_person' as const) : null,
          version: null,
        }));
      }
    }
    const insider = visibility === 'named';
    return {
      id: m.id,
      body: m.body,
      noticeAt: m.noticeAt,
      opensAt: m.opensAt,
      closesAt: m.closesAt,
      online: m.online,
      mode: m.mode,
      location: m.location,
      agenda: m.agenda,
      textVersion: m.textVersion,
      rosterSize: m.roster.length,
      heldOn: m.heldOn,
      recorded,
      recordedAt: m.recordedAt,
      visibility,
      outcome,
      tally,
      votes,
      minutes: insider ? m.minutes : null,
      opinions: insider ? m.opinions : null,
      amendments: insider || member ? m.amendments : null,
      conclusion: m.conclusion,
      resolutionText: m.resolutionText,
    };
  });

  let currentVote: CurrentVote | null = null;
  const pm = row.snapshot.pendingMeeting;
  if (pm?.online && pm.closesAt !== undefined) {
    const meeting = [...meetings].reverse().find((m) => m.body === pm.body && m.online && m.recordedAt === null);
    if (meeting) {
      const votesHere = repVotes.filter((v) => v.meetingId === meeting.id);
      const mine = member ? votesHere.find((v) => v.voterId === member.userId) : undefined;
      currentVote = {
        meetingId: meeting.id,
        opensAt: new Date(pm.opensAt),
        closesAt: new Date(pm.closesAt),
        open: now >= pm.opensAt && now < pm.closesAt,
        rosterSize: meeting.roster.length,
        votedCount: votesHere.length,
        onRoster: member ? meeting.roster.some((p) => p.personId === member.userId) : false,
        myBallot: mine ? { choice: mine.choice, version: mine.version, castAt: mine.castAt } : null,
      };
    }
  }

  const { snapshot: _s, settings: _st, estimatedCostFen, ...motionFields } = row;
  return {
    motion: { ...motionFields, estimatedCostYuan: estimatedCostFen / 100 },
    snapshot: row.snapshot,
    settings: row.settings,
    timeline: {
      steps: timeline(row.snapshot),
      events: events
        .filter((e) => member || !HIDDEN_FROM_PUBLIC.has(e.action))
        .map((e) => ({
          step: e.step,
          at: e.at,
          action: e.action,
          fromState: e.fromState,
          toState: e.toState,
          actorName: member ? e.actorName : null,
          details: member
            ? Object.fromEntries(Object.entries(e.details).filter(([k]) => !INTERNAL_DETAILS.has(k)))
            : {},
        })),
    },
    versions: versions.map((v) => ({ ...v })),
    meetings: meetingItems,
    currentVote,
    opinions: opinions.map((o) => ({
      id: o.id,
      body: o.body,
      createdAt: o.createdAt,
      authorName: seesAuthors ? o.authorName : null,
      mine: member?.userId === o.authorUserId,
      answer: o.answer,
      answeredAt: o.answeredAt,
      answeredByName: member ? o.answeredByName : null,
    })),
    objections: objections.map((o) => ({
      id: o.id,
      raisedAs: o.raisedAs,
      blocking: o.blocking,
      body: o.body,
      raisedAt: o.raisedAt,
      replyDueAt: o.replyDueAt,
      reply: o.reply,
      repliedAt: o.repliedAt,
      status: o.status,
      ruling: o.ruling,
      rulingReasons: o.rulingReasons,
      raisedByName: seesObjectors ? o.raisedByName : null,
      mine: member?.userId === o.raisedBy,
    })),
    progress: progress.map((p) => ({
      id: p.id,
      entryDate: p.entryDate,
      work: p.work,
      amountYuan: p.amountFen / 100,
      contractorOrganization: p.contractorOrganization,
      isFinal: p.isFinal,
      finalLines: p.finalLines,
      acceptanceRecord: p.acceptanceRecord,
      recordedByName: oversight ? p.recordedByName : null,
    })),
    disclosures,
    deadlines: motionDeadlines(row.snapshot, row.settings),
    overdue: overdue(row.snapshot, ctx),
    actions: actor ? nextActions(row.snapshot, actor, ctx) : [],
  };
}

/** Open tasks for a person or for the roles they hold in their communities (and street). */
export async function myTasks(userId: string): Promise<TaskItem[]> {
  const rows = await openTasksOf(sqlOf(), userId);
  return rows.map((t) => ({
    id: t.id,
    kind: t.kind,
    params: t.params,
    communityId: t.communityId,
    communitySlug: t.communitySlug,
    subjectType: t.subjectType,
    subjectId: t.subjectId,
    subjectTitle: t.subjectTitle,
    subjectNumber: t.subjectNumber,
    dueAt: t.dueAt,
    overdue: t.overdue,
    escalated: t.escalatedAt !== null,
  }));
}

export type { CommitteeOffice };
