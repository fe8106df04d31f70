/**
 * Who calls (Caller), what a command answers (CommandResult), the page types, and the plumbing every
 * motion command shares: the database, the caller's actor with their committee office, and `send`,
 * which carries one command to the motion workflow as a Temporal Update. Part of `./motions.server`
 * (decision 048).
 */
import { createHash } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { db } from '../db/client.server';
import type { Sql } from '../db/client.server';
import { itemById } from '../db/consultations.server';
import { type DisclosureRow } from '../db/disclosures.server';
import {
  commandResult,
  committeeOfficeOf,
  isUuid,
  motionById,
  type MotionRow,
  type ObjectionRow,
  type RelatedMotion,
} from '../db/motions.server';
import type { MeetingBody, VoteChoice } from '../domain/motion/meetings';
import { mayPrepareMotions, type Actor, type CommitteeOffice, type VoteVisibility } from '../domain/motion/permissions';
import type {
  ConveneMeeting,
  acceptObjectionReplySchema,
  checkInSchema,
  confirmPaperTallySchema,
  contestResolutionSchema,
  resumeImplementationSchema,
  handVotesSchema,
  objectionReplySchema,
  objectionRulingSchema,
  opinionAnswerSchema,
  partyCommitteeDecisionSchema,
  physicalAttendanceSchema,
  residentOpinionSchema,
} from '../domain/motion/schemas';
import { type MotionSettings } from '../domain/motion/settings';
import {
  isTerminal,
  type MotionCommand,
  type MotionDeadlines,
  type MotionSnapshot,
  type MotionState,
  type Step,
  type TimelineStep,
} from '../domain/motion/stages';
import type { OverdueLevel } from '../domain/motion/deadlines';
import type { Role } from '../domain/roles';
import {
  motionUpdates,
  motionWorkflowId,
  type ActorRef,
  type Command,
  type MotionUpdateName,
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
export type ResumeImplementation = z.output<typeof resumeImplementationSchema>;
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
  /** Whether the viewer's office ended before the window opened or has ended since (§8 #4). */
  leftOffice: boolean;
  /** Whether the viewer is recused from this item (§8 #12): not offered it, refused by the server. */
  recused: boolean;
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
  /** Motions it amends or supersedes, and those that amend or supersede it (§3.5); drafts only for those who prepare. */
  related: RelatedMotion[];
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
export const sqlOf = () => sqlOverride ?? db();

export const refusal = (key: string, params?: Record<string, string | number>) =>
  ({ ok: false, key, ...(params && Object.keys(params).length ? { params } : {}) }) as const;

/** A uuid derived from its parts: the same form submitted twice names the same row. */
export function stableUuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const mayPrepare = mayPrepareMotions;

export async function actorRef(sql: Sql, caller: Caller, communityId: string): Promise<ActorRef> {
  const office = caller.roles.includes('committee_member') ? await committeeOfficeOf(sql, caller.userId, communityId) : undefined;
  return { userId: caller.userId, roles: [...caller.roles], ...(office ? { committeeOffice: office } : {}) };
}
export const actorOf = (a: ActorRef): Actor => ({ roles: a.roles, ...(a.committeeOffice ? { committeeOffice: a.committeeOffice } : {}) });

/** The refusal carried by a failed Update, if it is a domain refusal. */
export function domainRefusal(e: unknown): { key: string; params?: Record<string, string | number> } | undefined {
  return refusalOf(e instanceof WorkflowUpdateFailedError ? e : undefined);
}

/**
 * Whether the linked catalogue item requires a consultation before party review (§5.1); null when
 * the item is not one of this community's (a motion never links another community's item).
 */
export async function catalogueItemMandatory(sql: Sql, itemId: string, communityId: string): Promise<boolean | null> {
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
export async function send<N extends MotionUpdateName>(
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

export function okFrom(receipt: Record<string, unknown>): { ok: true } & Record<string, unknown> {
  const { step: _step, ...rest } = receipt;
  return { ok: true, ...rest };
}

export const withoutKey = <T extends { idempotencyKey: string }>(input: T): Omit<T, 'idempotencyKey'> => {
  const { idempotencyKey: _k, ...rest } = input;
  return rest;
};


export type { CommitteeOffice };
