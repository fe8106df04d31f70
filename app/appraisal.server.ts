/**
 * The web's door to the appraisals (DOMAIN.md §9): starting a plan (after the roster check as of
 * the plan date), commands as Temporal Updates, and the high-volume writes (ballots, household
 * ratings, codes, moderation) as SQL guarded by the plan's state row. Routes call only this.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowIdConflictPolicy, WorkflowUpdateFailedError } from '@temporalio/client';
import { db } from '../db/client.server';
import * as svc from '../db/appraisal-service.server';
import * as q from '../db/appraisal.server';
import {
  ballotSchema,
  checkPlan,
  DEFAULT_RULES,
  planSchema,
  servicePlanSchema,
  serviceRatingSchema,
  type AppraisalBallot,
  type AppraisalRules,
  type Overall,
  type PlanInput,
  type ServicePlanInput,
} from '../domain/appraisal';
import { REAL_DAY_MS } from '../domain/calendar';
import { hasAnyRole, type Role } from '../domain/roles';
import { TASK_QUEUE } from '../workflows/config';
import {
  appraisalCommand,
  appraisalReady,
  appraisalWorkflowId,
  serviceAppraisalWorkflowId,
  serviceCommand,
  serviceReady,
  type AppraisalWebCommand,
  type ServiceWebCommand,
} from '../workflows/appraisal/api';
import { refusalOf as readRefusal } from '../workflows/refusal';
import { temporal } from './temporal.server';

export type Caller = { userId: string; roles: readonly Role[]; communityId: string };
export type Result<T = object> = ({ ok: true } & T) | { ok: false; key: string; params?: Record<string, string | number> };

/** Who runs which appraisal (§9.1): the supervision committee the cadre one, the committee the service one. */
export const CADRE_RUNNERS: readonly Role[] = ['supervisor'];
export const SERVICE_RUNNERS: readonly Role[] = ['committee_member'];
/** Who sees the internal pages and results before publication. */
export const APPRAISAL_READERS: readonly Role[] = ['supervisor', 'committee_member', 'party_secretary', 'street_office_admin'];

const taskQueue = () => process.env.MINYI_TASK_QUEUE ?? TASK_QUEUE;

function refusalOf(e: unknown): { ok: false; key: string; params?: Record<string, string | number> } {
  const r = e instanceof WorkflowUpdateFailedError ? readRefusal(e) : undefined;
  if (r) return { ok: false, ...r };
  throw e;
}
const firstKey = (e: { issues: { message: string }[] }) => e.issues[0]?.message ?? 'form.invalid';

/** A community's appraisal settings: day length (shared `settings.dayMs`) and `settings.appraisal` rules. */
async function settingsOf(communityId: string): Promise<{ dayMs: number; rules: AppraisalRules }> {
  const [row] = await db()<{ settings: Record<string, unknown> }[]>`select settings from communities where id = ${communityId}`;
  const s = row?.settings ?? {};
  const motion = (s.motion ?? {}) as Record<string, unknown>;
  const raw = s.dayMs ?? motion.dayMs;
  const dayMs = typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0 ? raw : REAL_DAY_MS;
  const a = (s.appraisal ?? {}) as Partial<AppraisalRules>;
  return {
    dayMs,
    rules: {
      incompetentAt: a.incompetentAt === 'atLeastTwoThirds' ? 'atLeastTwoThirds' : DEFAULT_RULES.incompetentAt,
      twoYearsEndsOffice: a.twoYearsEndsOffice === true,
    },
  };
}

/** 制定评议方案: the supervision committee's plan; subjects and raters checked as of the plan date. */
export async function startCadreAppraisal(caller: Caller, input: unknown, o: { planId?: string; dayMs?: number } = {}): Promise<Result<{ id: string }>> {
  if (!hasAnyRole(caller.roles, CADRE_RUNNERS)) return { ok: false, key: 'appraisal.errors.notAllowed' };
  const parsed = planSchema.safeParse(input);
  if (!parsed.success) return { ok: false, key: firstKey(parsed.error) };
  const plan: PlanInput = parsed.data;
  const settings = await settingsOf(caller.communityId);
  const dayMs = o.dayMs ?? settings.dayMs;
  const inOffice = await q.committeeOn(db(), caller.communityId, plan.planDate);
  const raters = new Set((await q.ratersOn(db(), caller.communityId, plan.planDate)).map((r) => r.userId));
  const v = checkPlan(plan, inOffice, raters, { now: Date.now(), dayMs });
  if (!v.ok) return v;
  const planId = o.planId ?? randomUUID();
  const client = await temporal();
  const handle = await client.workflow.start('cadreAppraisal', {
    args: [
      {
        planId, communityId: caller.communityId, actor: { id: caller.userId, roles: [...caller.roles] }, plan,
        subjects: plan.subjectIds.map((id) => ({ userId: id, name: inOffice.get(id)!.name, inOfficeSince: inOffice.get(id)!.since })),
        rules: settings.rules,
        lastYear: (await q.lastYearGrades(db(), caller.communityId, plan.year)) as Record<string, Overall>,
        dayMs,
      },
    ],
    taskQueue: taskQueue(),
    workflowId: appraisalWorkflowId(planId),
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  try {
    await handle.executeUpdate(appraisalReady, { args: [] });
  } catch (e) {
    return refusalOf(e);
  }
  return { ok: true, id: planId };
}

/** A step of the cadre appraisal (Temporal Update; the form's key is the Update id). */
export async function sendAppraisalCommand(caller: Caller, planId: string, command: AppraisalWebCommand, idempotencyKey?: string): Promise<Result> {
  const row = await q.appraisalById(db(), caller.communityId, planId);
  if (!row || row.kind !== 'cadre') return { ok: false, key: 'appraisal.errors.notFound' };
  try {
    await (await temporal()).workflow.getHandle(appraisalWorkflowId(planId)).executeUpdate(appraisalCommand, {
      args: [{ actor: { id: caller.userId, roles: [...caller.roles] }, command }],
      ...(idempotencyKey ? { updateId: idempotencyKey } : {}),
    });
    return { ok: true };
  } catch (e) {
    return refusalOf(e);
  }
}

/** A rater's online form (SQL, in one transaction under the plan row; see db/appraisal.server.ts). */
export async function castRating(caller: Caller, planId: string, ballot: unknown): Promise<Result> {
  const row = await q.appraisalById(db(), caller.communityId, planId);
  if (!row || row.kind !== 'cadre') return { ok: false, key: 'appraisal.errors.notFound' };
  const parsed = ballotSchema.safeParse(ballot);
  if (!parsed.success) return { ok: false, key: firstKey(parsed.error) };
  return q.castAppraisalBallot(db(), { planId, raterId: caller.userId, ballot: parsed.data as AppraisalBallot });
}

/** 服务单位测评: the committee opens a survey of its service units. */
export async function startServiceAppraisal(caller: Caller, input: unknown, o: { planId?: string; dayMs?: number } = {}): Promise<Result<{ id: string }>> {
  if (!hasAnyRole(caller.roles, SERVICE_RUNNERS)) return { ok: false, key: 'appraisal.errors.notAllowedCommittee' };
  const parsed = servicePlanSchema.safeParse(input);
  if (!parsed.success) return { ok: false, key: firstKey(parsed.error) };
  const p: ServicePlanInput = parsed.data;
  const planId = o.planId ?? randomUUID();
  const dayMs = o.dayMs ?? (await settingsOf(caller.communityId)).dayMs;
  const handle = await (await temporal()).workflow.start('serviceAppraisal', {
    args: [{
      planId, communityId: caller.communityId, actor: { id: caller.userId, roles: [...caller.roles] }, year: p.year, title: p.title,
      surveyDays: p.surveyDays, subjects: p.subjects.map((x) => ({ id: randomUUID(), name: x.name, kind: x.kind })), dayMs,
    }],
    taskQueue: taskQueue(),
    workflowId: serviceAppraisalWorkflowId(planId),
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  try {
    await handle.executeUpdate(serviceReady, { args: [] });
  } catch (e) {
    return refusalOf(e);
  }
  return { ok: true, id: planId };
}

export async function sendServiceCommand(caller: Caller, planId: string, command: ServiceWebCommand, idempotencyKey?: string): Promise<Result> {
  const row = await q.appraisalById(db(), caller.communityId, planId);
  if (!row || row.kind !== 'service') return { ok: false, key: 'appraisal.errors.notFound' };
  try {
    await (await temporal()).workflow.getHandle(serviceAppraisalWorkflowId(planId)).executeUpdate(serviceCommand, {
      args: [{ actor: { id: caller.userId, roles: [...caller.roles] }, command }],
      ...(idempotencyKey ? { updateId: idempotencyKey } : {}),
    });
    return { ok: true };
  } catch (e) {
    return refusalOf(e);
  }
}

const ratingsSchema = serviceRatingSchema.array().min(1, { error: 'appraisal.errors.ballotEmpty' }).max(30, { error: 'form.tooMany' });

/** A resident's household ratings (account). */
export async function rateServices(caller: Caller, planId: string, ratings: unknown): Promise<Result> {
  if (!hasAnyRole(caller.roles, ['resident', 'resident_representative'])) return { ok: false, key: 'appraisal.errors.householdUnknown' };
  const parsed = ratingsSchema.safeParse(ratings);
  if (!parsed.success) return { ok: false, key: firstKey(parsed.error) };
  return svc.rateServices(db(), { communityId: caller.communityId, planId, userId: caller.userId, ratings: parsed.data });
}

/** A household's ratings with a one-time code (no account). */
export async function rateServicesWithCode(communityId: string, planId: string, code: string, ratings: unknown, client?: string): Promise<Result> {
  const parsed = ratingsSchema.safeParse(ratings);
  if (!parsed.success) return { ok: false, key: firstKey(parsed.error) };
  if (code.length > 20) return { ok: false, key: 'appraisal.errors.codeInvalid' };
  return svc.rateServicesWithCode(db(), { communityId, planId, code, ratings: parsed.data, ...(client ? { client } : {}) });
}

export async function issueServiceCodes(caller: Caller, planId: string, count: number): Promise<Result<{ codes: string[] }>> {
  if (!hasAnyRole(caller.roles, SERVICE_RUNNERS)) return { ok: false, key: 'appraisal.errors.notAllowedCommittee' };
  const row = await q.appraisalById(db(), caller.communityId, planId);
  if (!row || row.kind !== 'service') return { ok: false, key: 'appraisal.errors.notFound' };
  if (row.stage !== 'surveying') return { ok: false, key: 'appraisal.errors.surveyClosed' };
  if (!Number.isInteger(count) || count < 1 || count > 500) return { ok: false, key: 'form.outOfRange' };
  return { ok: true, codes: await svc.issueServiceCodes(db(), { planId, count, userId: caller.userId }) };
}

export async function moderateComment(caller: Caller, planId: string, commentId: string, approve: boolean): Promise<Result> {
  if (!hasAnyRole(caller.roles, SERVICE_RUNNERS)) return { ok: false, key: 'appraisal.errors.notAllowedCommittee' };
  return svc.moderateComment(db(), { communityId: caller.communityId, planId, commentId, approve, userId: caller.userId });
}
