/** Consultations 协商 through Temporal (workflow `consultation-<id>`): starting one (also for a motion), sending a command, the motion gate; and opinions, answers and one-time codes (SQL guarded by the state row). */
import { WorkflowIdConflictPolicy, WorkflowUpdateFailedError } from '@temporalio/client';
import * as q from '../db/consultations.server';
import { db } from '../db/client.server';
import { CONSULTATION_TRANSITIONS, checkMayOrganize, motionConsultationGate, proposeTopicSchema, rolesFor, type CatalogueItem, type ConsultationSnapshot } from '../domain/consultation';
import { hasAnyRole } from '../domain/roles';
import { consultationCommand as consultationCommandUpdate, consultationReady, consultationWorkflowId, type StartConsultation, type WorkflowCommand } from '../workflows/consultation-api';
import { refusalOf as readRefusal } from '../workflows/refusal';
import { openConsultation as openMotionConsultation } from './motions.server';
import { temporal } from './temporal.server';
import { type Caller, type Result, consultationSettingsFrom, taskQueue } from './consultation-access.server';

// ─── Consultations: commands through Temporal ─────────────────────────────────────────────────

function refusalOf(e: unknown): { ok: false; key: string; params?: Record<string, string | number> } {
  const r = e instanceof WorkflowUpdateFailedError ? readRefusal(e) : undefined;
  if (r) return { ok: false, ...r };
  throw e;
}

export type StartInput = {
  /** The form's idempotency key; it becomes the consultation's id. */
  consultationId: string;
  title: string;
  description: string;
  origin?: 'party_organization' | 'committee' | 'petition';
  catalogueItemId?: string | null;
  /** Tests and the demo seed: a day length other than the community's (e.g. 200 ms). */
  dayMs?: number;
};

async function buildStart(caller: Caller, input: StartInput, motionId: string | null): Promise<Result<{ start: StartConsultation }>> {
  if (!q.isUuid(input.consultationId)) return { ok: false, key: 'consultation.ui.errors.badForm' };
  const topic = proposeTopicSchema.safeParse({ title: input.title, description: input.description, origin: input.origin });
  if (!topic.success) return { ok: false, key: topic.error.issues[0]!.message };
  let item: CatalogueItem | null = null;
  let year: number | null = null;
  let version: number | null = null;
  if (input.catalogueItemId) {
    const found = await q.itemById(db(), input.catalogueItemId);
    if (!found || found.communityId !== caller.communityId || !found.item)
      return { ok: false, key: 'consultation.ui.errors.itemNotFound' };
    item = found.item;
    year = found.year;
    version = found.version;
  }
  const may = checkMayOrganize(item, caller.roles);
  if (!may.ok) return may;
  const settings = consultationSettingsFrom(await q.communitySettings(db(), caller.communityId));
  return {
    ok: true,
    start: {
      consultationId: input.consultationId,
      communityId: caller.communityId,
      proposer: { id: caller.userId, roles: [...caller.roles] },
      title: topic.data.title,
      description: topic.data.description,
      origin: topic.data.origin,
      item,
      catalogueItemId: input.catalogueItemId ?? null,
      catalogueYear: year,
      catalogueVersion: version,
      motionId,
      dayMs: input.dayMs ?? settings.dayMs,
      periods: settings.periods,
    },
  };
}

async function startWorkflow(start: StartConsultation): Promise<Result<{ id: string }>> {
  const client = await temporal();
  const handle = await client.workflow.start('consultation', {
    args: [start],
    taskQueue: taskQueue(),
    workflowId: consultationWorkflowId(start.consultationId),
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  try {
    // Returns once the start is in the read model, so the next page finds it.
    await handle.executeUpdate(consultationReady, { args: [] });
  } catch (e) {
    return refusalOf(e);
  }
  return { ok: true, id: start.consultationId };
}

/** 提出议题: opens a consultation (organizer roles; the street office for a cross-community item). */
export async function startConsultation(caller: Caller, input: StartInput): Promise<Result<{ id: string }>> {
  const built = await buildStart(caller, input, null);
  if (!built.ok) return built;
  return startWorkflow(built.start);
}

/**
 * Opens the consultation a motion in `consulting` waits for (the party secretary, DOMAIN.md §3.1):
 * records it in the motion workflow (Update `openConsultation`, which refuses a second one), then
 * starts `consultation-<id>` with the motion's id, on the motion's catalogue item. Both steps are
 * idempotent by the form's key, so a resent form finishes what a failed one began.
 */
export async function startConsultationForMotion(
  caller: Caller,
  motionId: string,
  input: Omit<StartInput, 'catalogueItemId'>,
): Promise<Result<{ id: string }>> {
  const motion = await q.motionForConsultation(db(), motionId);
  if (!motion || motion.communityId !== caller.communityId) return { ok: false, key: 'consultation.ui.errors.motionNotFound' };
  if (!hasAnyRole(caller.roles, ['party_secretary'])) return { ok: false, key: 'consultation.ui.errors.onlySecretaryForMotion' };
  const existing = await q.consultationOfMotion(db(), motionId);
  if (existing && existing.state !== 'cancelled' && existing.id !== input.consultationId)
    return { ok: false, key: 'consultation.ui.errors.motionHasConsultation' };
  const built = await buildStart(caller, { ...input, catalogueItemId: motion.catalogueItemId }, motionId);
  if (!built.ok) return built;
  if (motion.state !== 'consulting' && existing?.id !== input.consultationId)
    return { ok: false, key: 'consultation.ui.errors.motionNotConsulting' };
  // The motion feature's command (its own idempotency and retries across continueAsNew).
  const linked = await openMotionConsultation(
    { userId: caller.userId, displayName: '', roles: [...caller.roles], communityId: caller.communityId },
    motionId,
    { idempotencyKey: `open-consultation-${input.consultationId}`, consultationId: input.consultationId },
  );
  if (!linked.ok) return linked;
  return startWorkflow(built.start);
}

export type MotionConsultation = {
  id: string;
  number: number;
  title: string;
  state: ConsultationSnapshot['state'];
  outcomePublishedAt: number | null;
  /** Internal page of the consultation. */
  url: string;
  /** Public page. */
  publicUrl: string;
};

/** The consultation a motion waits for (or waited for), for the motion page; `null` if none yet. */
export async function consultationForMotion(motionId: string): Promise<MotionConsultation | null> {
  const row = await q.consultationOfMotion(db(), motionId);
  if (!row) return null;
  const [c] = await db()<{ slug: string }[]>`select slug from communities where id = ${row.communityId}`;
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    state: row.state,
    outcomePublishedAt: row.outcomePublishedAt ? new Date(row.outcomePublishedAt).getTime() : null,
    url: `/c/${c!.slug}/consultations/${row.id}`,
    publicUrl: `/p/${c!.slug}/consultations/${row.id}`,
  };
}

/** Why a motion may or may not leave 商议/协商, from domain/consultation/motionGate (for the motion page). */
export async function motionGateFor(motionId: string, optedIn: boolean) {
  const motion = await q.motionForConsultation(db(), motionId);
  const item = motion?.catalogueItemId ? (await q.itemById(db(), motion.catalogueItemId))?.item : null;
  const c = await q.consultationOfMotion(db(), motionId);
  return motionConsultationGate({ catalogueItem: item ?? null, consultationState: c?.state ?? null, optedIn });
}

/** A committee, supervisor or secretary command, sent as a Temporal Update (key = form's idempotency key). */
export async function sendConsultationCommand(
  caller: Caller,
  consultationId: string,
  command: WorkflowCommand,
  idempotencyKey: string,
): Promise<Result> {
  const row = await q.consultationById(db(), caller.communityId, consultationId);
  if (!row) return { ok: false, key: 'consultation.ui.errors.notFound' };
  const client = await temporal();
  try {
    await client.workflow.getHandle(consultationWorkflowId(consultationId)).executeUpdate(consultationCommandUpdate, {
      args: [{ actor: { id: caller.userId, roles: [...caller.roles] }, command }],
      updateId: idempotencyKey,
    });
    return { ok: true };
  } catch (e) {
    return refusalOf(e);
  }
}

// ─── Opinions, answers, codes (SQL guarded by the state row) ──────────────────────────────────

export async function leaveOpinion(caller: Caller, consultationId: string, opinionId: string, text: string): Promise<Result> {
  if (!hasAnyRole(caller.roles, rolesFor('residents', null))) return { ok: false, key: 'consultation.ui.errors.onlyResidents' };
  if (!q.isUuid(opinionId)) return { ok: false, key: 'consultation.ui.errors.badForm' };
  return q.leaveOpinion(db(), {
    communityId: caller.communityId,
    consultationId,
    opinionId,
    userId: caller.userId,
    role: caller.roles.includes('resident_representative') ? 'resident_representative' : 'resident',
    text,
  });
}

/** No account: a one-time code issued by the committee. */
export async function leaveOpinionWithCode(
  communityId: string,
  consultationId: string,
  opinionId: string,
  code: string,
  text: string,
  client?: string,
): Promise<Result> {
  if (!q.isUuid(opinionId)) return { ok: false, key: 'consultation.ui.errors.badForm' };
  if (q.normalizeCode(code).length !== 8) return { ok: false, key: 'consultation.ui.errors.codeInvalid' };
  return q.leaveOpinionWithCode(db(), { communityId, consultationId, opinionId, code, text, client });
}

export async function answerOpinion(caller: Caller, consultationId: string, opinionId: string, text: string): Promise<Result> {
  const row = await q.consultationById(db(), caller.communityId, consultationId);
  if (!row) return { ok: false, key: 'consultation.ui.errors.notFound' };
  if (!hasAnyRole(caller.roles, rolesFor(CONSULTATION_TRANSITIONS.answerOpinion.actors, row.snapshot.item)))
    return { ok: false, key: 'consultation.errors.roleNotAllowed', params: { action: 'answerOpinion' } };
  return q.answerOpinion(db(), { communityId: caller.communityId, consultationId, opinionId, text, userId: caller.userId });
}

export const MAX_CODES_PER_BATCH = 200;

export async function issueCodes(caller: Caller, consultationId: string, count: number): Promise<Result<{ codes: string[]; batch: number }>> {
  const row = await q.consultationById(db(), caller.communityId, consultationId);
  if (!row) return { ok: false, key: 'consultation.ui.errors.notFound' };
  if (!hasAnyRole(caller.roles, rolesFor('organizer', row.snapshot.item)))
    return { ok: false, key: 'consultation.ui.errors.onlyOrganizers' };
  if (!Number.isInteger(count) || count < 1 || count > MAX_CODES_PER_BATCH)
    return { ok: false, key: 'consultation.ui.errors.codeCount', params: { max: MAX_CODES_PER_BATCH } };
  const r = await q.issueAccessCodes(db(), { communityId: caller.communityId, consultationId, count, userId: caller.userId });
  return r.ok ? { ok: true, codes: r.codes!, batch: r.batch! } : r;
}


/** The motion a consultation form is for (same community only). */
export async function motionSummary(communityId: string, motionId: string) {
  const m = await q.motionForConsultation(db(), motionId);
  return m && m.communityId === communityId ? m : null;
}
