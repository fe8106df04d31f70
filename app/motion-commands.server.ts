/**
 * The motion commands: each checks the caller's community, then goes to the motion workflow as an
 * Update (`send`); residents' opinions and answers are written by SQL under the motion's row lock.
 * Part of `./motions.server` (decision 048).
 */
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
} from '@temporalio/client';
import {
  insertMotion,
  isUuid,
  motionById,
  draftColumns,
} from '../db/motions.server';
import type { z } from 'zod';
import { parseShanghaiDateTime } from '../domain/calendar';
import type {
  approveDisclosureSchema,
  publishUnreviewedSchema,
  requestDisclosureCorrectionSchema,
  resubmitDisclosureSchema,
} from '../domain/motion/schemas';
import { DomainError } from '../domain/errors';
import { holdsAny } from '../domain/motion/permissions';
import type {
  DraftMotion,
  FinalReport,
  JointMeetingMinutes,
  Objection,
  PartyMeetingMinutes,
  ProgressEntry,
  ResidentsMeetingMinutes,
  Withdraw,
} from '../domain/motion/schemas';
import { resolveMotionSettings, type MotionSettings, type MotionSettingsInput } from '../domain/motion/settings';
import { availability, newMotion, type MotionSnapshot } from '../domain/motion/stages';
import { newMotionBasis } from '../domain/motion/snapshot';
import { TASK_QUEUE } from '../workflows/config';
import { motionWorkflowId, type MotionWorkflowInput } from '../workflows/api';
import type { motionWorkflow } from '../workflows/motion';
import { temporal } from './temporal.server';

import {
  actorOf,
  actorRef,
  catalogueItemMandatory,
  refusal,
  send,
  sqlOf,
  stableUuid,
  withoutKey,
  type AcceptObjectionReply,
  type Caller,
  type CheckIn,
  type CommandResult,
  type ConfirmPaperTally,
  type ContestResolution,
  type ResumeImplementation,
  type ConveneMeetingInput,
  type HandVotes,
  type ObjectionReply,
  type ObjectionRuling,
  type OpinionAnswer,
  type PartyCommitteeDecision,
  type PhysicalAttendance,
  type ResidentOpinion,
} from './motion-access.server';

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
      if (!old || old.communityId !== caller.communityId || newMotionBasis({ state: old.state, paused: old.snapshot.paused }) !== 'supersedes') {
        return refusal('form.invalid');
      }
    }
    if (input.amendsMotionId) {
      // §3.5: only a paused implementation in this community is amended.
      const old = isUuid(input.amendsMotionId) ? await motionById(sql, input.amendsMotionId) : undefined;
      if (!old || old.communityId !== caller.communityId) return refusal('form.invalid');
      if (newMotionBasis({ state: old.state, paused: old.snapshot.paused }) !== 'amends') return refusal('motion.errors.amendsNotPaused');
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
      ...(input.amendsMotionId ? { amendsMotionId: input.amendsMotionId } : {}),
    });
    await insertMotion(sql, {
      amendsMotionId: input.amendsMotionId ?? null,
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
      taskQueue: opts.taskQueue ?? process.env.MINYI_TASK_QUEUE ?? TASK_QUEUE, // read per call, as the other processes do (a test or bench sets it after import)
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

/** The street office lifts its contest (edge #22); the workflow refuses it for a budget overrun. */
export async function resumeImplementation(caller: Caller, motionId: string, input: ResumeImplementation): Promise<CommandResult> {
  return send(caller, motionId, 'resumeImplementation', input.idempotencyKey, withoutKey(input));
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


// ─── The supervision committee's review before publication (§3.7.3, decision 074) ────────────────

type ReviewForm<S extends z.ZodType> = z.output<S>;

export async function approveDisclosure(caller: Caller, motionId: string, input: ReviewForm<typeof approveDisclosureSchema>): Promise<CommandResult> {
  return send(caller, motionId, 'approveDisclosure', input.idempotencyKey, withoutKey(input));
}

export async function requestDisclosureCorrection(
  caller: Caller,
  motionId: string,
  input: ReviewForm<typeof requestDisclosureCorrectionSchema>,
): Promise<CommandResult> {
  return send(caller, motionId, 'requestDisclosureCorrection', input.idempotencyKey, withoutKey(input));
}

export async function resubmitDisclosure(caller: Caller, motionId: string, input: ReviewForm<typeof resubmitDisclosureSchema>): Promise<CommandResult> {
  return send(caller, motionId, 'resubmitDisclosure', input.idempotencyKey, withoutKey(input));
}

export async function publishUnreviewed(caller: Caller, motionId: string, input: ReviewForm<typeof publishUnreviewedSchema>): Promise<CommandResult> {
  return send(caller, motionId, 'publishUnreviewed', input.idempotencyKey, withoutKey(input));
}
