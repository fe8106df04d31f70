/**
 * The web's door to elections 换届选举. Routes call `authorizeElection` (the one guard `requireRole`
 * with the roles of domain/election/permissions.ts, then the committee seat for committee actions);
 * committee commands go to the election workflow as one Temporal Update (its validator refuses with
 * an i18n key and nothing changes); ballots, register edits, objections, proxies and codes go to
 * PostgreSQL (db/elections.server.ts) — ballots under the phase row, never through Temporal.
 * Pages read PostgreSQL only.
 */
import { randomUUID } from 'node:crypto';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { onlineVotingAllowed } from '../db/admin-settings.server';
import { vacanciesOf } from '../db/election-vacancies.server';
import { remindByElection } from './notify.server';
import type { Sql } from '../db/client.server';
import { db } from '../db/client.server';
import { disclosuresOf } from '../db/disclosures.server';
import {
  castBallot,
  committeeUserIds,
  communityPeople,
  createImport,
  electionIn,
  formatDigitCode,
  insertElection,
  newDigitCode,
  receiptHash,
  refuseImport,
  electionById,
  electionCreator,
  runningElectionOf,
  voidOrphanElection,
  checkScan,
  scanAttachmentIdFor,
  storeScan,
  voterForCode,
  voterOfUser,
  type ElectionRow,
} from '../db/elections.server';
import type { Community } from '../db/people.server';
import { REAL_DAY_MS } from '../domain/calendar';
import { refuse, type Refusal } from '../domain/errors';
import type { Ballot } from '../domain/election/ballot';
import { ACTION_ROLES, needsCommitteeSeat, type ElectionAction } from '../domain/election/permissions';
import { shanghaiDateOf } from '../domain/election/dates';
import type { ByElection } from '../domain/election/plan';
import { initialSnapshot, type Actor, type ElectionCommand, type ElectionSnapshot } from '../domain/election/process';
import { electionPlanSchema, type ElectionPlanInput } from '../domain/election/schemas';
import { checkPlanAdoption, electionSchedule, electionScheduleForDay } from '../domain/election/timeline';
import type { Role } from '../domain/roles';
import { TASK_QUEUE } from '../workflows/config';
import { electionCommand, electionWorkflowId, type CommandReceipt, type StartElection } from '../workflows/election-api';
import { refusalOf as readRefusal } from '../workflows/refusal';
import type { election as electionWorkflow } from '../workflows/election';
import { requireRole } from './auth.server';
import { temporal } from './temporal.server';

export * from '../db/elections.server';
export { db };
export { disclosuresOf };

export type Result<T = object> = ({ ok: true } & T) | Refusal;

// ─── the guard ──────────────────────────────────────────────────────────────────────────────────

export type ElectionAccess = {
  user: { id: string; displayName: string };
  community: Community;
  roles: Role[];
  actor: Actor;
  election: ElectionRow;
  /** Sits on this election's committee. */
  onCommittee: boolean;
};

/**
 * requireRole with the roles allowed for `action`, then the election (404 if it is not this
 * community's), then — for committee actions — a seat on THIS election's committee (403).
 */
export async function authorizeElection(
  request: Request,
  communitySlug: string | undefined,
  electionId: string | undefined,
  action: ElectionAction,
): Promise<ElectionAccess> {
  const { user, community, roles } = await requireRole(request, communitySlug, ACTION_ROLES[action]);
  const election = electionId ? await electionIn(db(), community.id, electionId) : undefined;
  if (!election) throw new Response('Not Found', { status: 404 });
  const committee = await committeeUserIds(db(), election.id);
  const onCommittee = committee.includes(user.id) && roles.includes('election_committee');
  if (needsCommitteeSeat(action, roles) && !onCommittee) throw new Response('Forbidden', { status: 403 });
  return { user: { id: user.id, displayName: user.displayName }, community, roles, actor: { userId: user.id, roles }, election, onCommittee };
}

/** The guard for pages without an election yet (the list, the set-up form). */
export async function authorizeCommunity(request: Request, communitySlug: string | undefined, action: 'view' | 'create') {
  return requireRole(request, communitySlug, ACTION_ROLES[action]);
}

/** What every election page needs for its navigation. */
export async function pageBase(a: ElectionAccess) {
  const s = a.election.snapshot;
  return {
    slug: a.community.slug,
    electionId: a.election.id,
    title: a.election.title,
    phase: a.election.phase,
    dayMs: a.election.dayMs,
    roles: a.roles,
    onCommittee: a.onCommittee,
    registerPublished: s.registerPublishedAt !== null,
    isVoter: (await voterOfUser(db(), a.election.id, a.user.id)) !== null,
    key: randomUUID(),
  };
}

// ─── set-up ─────────────────────────────────────────────────────────────────────────────────────

/** Day length for this community's elections: `settings.elections.dayMs` (tests, demos, training). */
export async function electionDayMs(sql: Sql, communityId: string): Promise<number> {
  const [row] = await sql<{ dayMs: string | null }[]>`
    select coalesce(settings #>> '{elections,dayMs}', settings ->> 'dayMs') as "dayMs" from communities where id = ${communityId}`;
  const n = Number(row?.dayMs);
  return Number.isSafeInteger(n) && n > 0 ? n : REAL_DAY_MS;
}

/**
 * The by-election deadline of the oldest open vacancy today (shown on the roles and by-election
 * pages); its reminders to the street office are written (once) if they were not yet.
 */
export async function byElectionWarning(communityId: string) {
  const { deadline } = await vacanciesOf(db(), communityId, shanghaiDateOf(Date.now()));
  if (deadline) await remindByElection(communityId).catch((e: Error) => console.warn(`by-election reminders: ${e.message}`));
  return deadline;
}

/** The sitting committee's vacant seats today, for a by-election's set-up page. */
export function vacanciesToday(communityId: string) {
  return vacanciesOf(db(), communityId, shanghaiDateOf(Date.now()));
}

export type SetUp = {
  electionId: string;
  title: string;
  plan: Omit<ElectionPlanInput, 'electionCommitteeSize' | 'byElection'>;
  /** 补选: elect the sitting committee's vacant seats only (domain/election/by-election.ts). */
  byElection?: boolean;
  committee: string[];
  chair: string;
};

/**
 * Creates the election and starts its workflow. With real days the statutory calendar follows the
 * plan's election day (and must start ≥ 40 days ahead); with a scaled day (`settings.elections.dayMs`)
 * election day falls 52 scaled days from now, and the plan's date is what the notices say.
 */
export async function createElection(
  a: SetUp & { actor: { userId: string }; communityId: string; now?: number; dayMs?: number; taskQueue?: string; sql?: Sql },
): Promise<Result<{ electionId: string }>> {
  const sql = a.sql ?? db();
  const now = a.now ?? Date.now();
  // The same form again (its id is the form's): the row is there, so only make sure its workflow runs.
  const resent = await electionById(sql, a.electionId);
  if (resent) {
    if (resent.communityId !== a.communityId) return refuse('election.errors.electionNotFound');
    await startElectionWorkflow(resent.snapshot, await electionCreator(sql, a.electionId), a.taskQueue);
    return { ok: true, electionId: a.electionId };
  }
  const people = await communityPeople(sql, a.communityId);
  const names = new Map(people.map((p) => [p.userId, p.name]));
  const committee = [...new Set(a.committee)];
  if (committee.some((id) => !names.has(id))) return refuse('election.errors.committeeMemberNotInCommunity');
  if (!committee.includes(a.chair)) return refuse('election.errors.committeeChairMustBeMember');
  if (a.title.trim() === '') return refuse('election.errors.titleRequired');
  // A by-election records the sitting term's end and the seats vacant now; its seats are checked against them.
  let byElection: ByElection | undefined;
  if (a.byElection) {
    const v = await vacanciesOf(sql, a.communityId, shanghaiDateOf(now));
    if (!v.possible.ok) return v.possible;
    byElection = { termEndsOn: v.term!.endsOn, vacancies: v.vacancies };
  }
  const parsed = electionPlanSchema.safeParse({ ...a.plan, electionCommitteeSize: committee.length, ...(byElection ? { byElection } : {}) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refuse(issue.message, (issue as { params?: Record<string, string | number> }).params);
  }
  const plan = parsed.data;
  // Online voting only where the community's settings allow it now, at the start (§4.6); the plan
  // copies the answer, so a later change of the setting leaves this election as it began.
  if (plan.onlineVoting.enabled && !(await onlineVotingAllowed(sql, a.communityId))) return refuse('admin.errors.onlineVotingNotAllowed');
  const dayMs = a.dayMs ?? (await electionDayMs(sql, a.communityId));
  const opts = { candidateListLeadDays: plan.candidateListLeadDays };
  let schedule;
  if (dayMs === REAL_DAY_MS) {
    schedule = electionScheduleForDay(plan.electionDay, opts);
    const timely = checkPlanAdoption(schedule, now);
    if (!timely.ok) return timely;
  } else {
    const today = Math.floor(now / dayMs) * dayMs;
    schedule = electionSchedule(today + 52 * dayMs, dayMs, opts);
  }
  const running = await runningElectionOf(sql, a.communityId);
  if (running && !(await voidIfOrphaned(sql, running, a.actor.userId))) return refuse('election.errors.anotherElectionActive');
  const snapshot = initialSnapshot({
    electionId: a.electionId,
    communityId: a.communityId,
    title: a.title.trim(),
    plan,
    dayMs,
    schedule,
    committee: committee.map((userId) => ({ userId, name: names.get(userId)!, chair: userId === a.chair, left: false })),
  });
  try {
    await insertElection(sql, { snapshot, createdBy: a.actor.userId, committee: committee.map((userId) => ({ userId, chair: userId === a.chair })) });
  } catch (e) {
    if ((e as { code?: string }).code === '23505') return refuse('election.errors.anotherElectionActive');
    throw e;
  }
  await startElectionWorkflow(snapshot, a.actor.userId, a.taskQueue);
  return { ok: true, electionId: a.electionId };
}

/** Starts an election's workflow, or finds it running; a finished election is never started again. */
async function startElectionWorkflow(snapshot: ElectionSnapshot, createdBy: string, taskQueue?: string): Promise<void> {
  const client = await temporal();
  const start: StartElection = { snapshot, createdBy };
  try {
    await client.workflow.start<typeof electionWorkflow>('election', {
      args: [start],
      taskQueue: taskQueue ?? TASK_QUEUE,
      workflowId: electionWorkflowId(snapshot.electionId),
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
}

/** An election row whose workflow never started blocks nobody for long (issue 9, item 4). */
export const ORPHAN_AFTER_SECONDS = 120;

/**
 * Voids the community's running election if it is an orphan: still at step 0 (no workflow ever
 * wrote), older than ORPHAN_AFTER_SECONDS (its creating request is over), and unknown to Temporal.
 * Returns whether it did.
 */
async function voidIfOrphaned(sql: Sql, electionId: string, actor: string): Promise<boolean> {
  const row = await electionById(sql, electionId);
  if (!row || row.step !== 0 || Date.now() - row.createdAt.getTime() < ORPHAN_AFTER_SECONDS * 1000) return false;
  try {
    await (await temporal()).workflow.getHandle(electionWorkflowId(electionId)).describe();
    return false; // it runs (or ran): not an orphan
  } catch (e) {
    if (!(e instanceof WorkflowNotFoundError)) throw e;
  }
  return voidOrphanElection(sql, { electionId, actor });
}

// ─── commands ───────────────────────────────────────────────────────────────────────────────────

function refusalOf(e: unknown): Refusal | undefined {
  const r = e instanceof WorkflowUpdateFailedError ? readRefusal(e) : undefined;
  if (r) return refuse(r.key, r.params);
  if (e instanceof WorkflowNotFoundError || (e instanceof Error && /already completed|not found/i.test(e.message)))
    return refuse('election.errors.wrongPhase', { phase: 'closed' });
  return undefined;
}

/**
 * One committee command through the workflow's Update. The form's idempotency key is the update
 * id, so a double submission is applied once. A refusal comes back as `{ ok: false, key }`.
 */
export async function sendElectionCommand(
  electionId: string,
  actor: Actor,
  command: ElectionCommand,
  idempotencyKey: string = randomUUID(),
): Promise<Result<{ receipt: CommandReceipt }>> {
  const client = await temporal();
  const handle = client.workflow.getHandle<typeof electionWorkflow>(electionWorkflowId(electionId));
  try {
    const receipt = await handle.executeUpdate(electionCommand, {
      args: [{ actor: { userId: actor.userId, roles: [...actor.roles] }, command }],
      updateId: idempotencyKey,
    });
    return { ok: true, receipt };
  } catch (e) {
    const r = refusalOf(e);
    if (r) return r;
    throw e;
  }
}

// ─── register import ────────────────────────────────────────────────────────────────────────────

/** Stores the upload and asks the workflow to import it (refused outside registration). */
export async function uploadRegister(a: {
  election: ElectionRow;
  actor: Actor;
  importId: string;
  filename: string;
  bytes: Buffer;
  sql?: Sql;
}): Promise<Result<{ importId: string }>> {
  const sql = a.sql ?? db();
  const stored = await createImport(sql, {
    importId: a.importId,
    electionId: a.election.id,
    communityId: a.election.communityId,
    filename: a.filename,
    bytes: a.bytes,
    actor: a.actor.userId,
  });
  if (!stored.ok) return stored;
  const sent = await sendElectionCommand(a.election.id, a.actor, { action: 'importRegister', importId: a.importId }, `import-${a.importId}`);
  if (!sent.ok) {
    await refuseImport(sql, a.importId, sent.key, sent.params);
    return sent;
  }
  return { ok: true, importId: a.importId };
}

// ─── voting ─────────────────────────────────────────────────────────────────────────────────────

export type BallotScreen = {
  roundNo: number;
  roundKind: string;
  sections: { office: 'director' | 'deputy' | 'member'; seats: number; candidates: { id: string; name: string }[] }[];
};

/** What the voter sees: the open round's sections with candidate names, in list order. */
export function ballotScreen(s: ElectionSnapshot): BallotScreen | null {
  if (s.phase !== 'voting' || !s.round) return null;
  const names = new Map((s.candidates ?? []).map((c) => [c.voterId, c.name]));
  return {
    roundNo: s.round.no,
    roundKind: s.round.kind,
    sections: s.round.form.sections.map((sec) => ({
      office: sec.office,
      seats: sec.seats,
      candidates: sec.candidateIds.map((id) => ({ id, name: names.get(id) ?? '—' })),
    })),
  };
}

/** Casts one online ballot and returns its receipt code (shown once, never stored in the clear). */
export async function castOnlineBallot(a: {
  electionId: string;
  voterId: string;
  roundNo: number;
  ballot: Ballot;
  sql?: Sql;
}): Promise<Result<{ receipt: string; roundNo: number }>> {
  const sql = a.sql ?? db();
  for (let attempt = 0; ; attempt++) {
    const code = newDigitCode();
    try {
      const r = await castBallot(sql, { electionId: a.electionId, voterId: a.voterId, roundNo: a.roundNo, ballot: a.ballot, receiptHash: receiptHash(a.electionId, code) });
      if (!r.ok) return r;
      return { ok: true, receipt: formatDigitCode(code), roundNo: r.roundNo };
    } catch (e) {
      // A receipt code already in use (1 in 10¹² per ballot): draw another.
      if ((e as { code?: string; constraint_name?: string }).code === '23505' && attempt < 3) continue;
      throw e;
    }
  }
}

/** Ballot by one-time code: the code names the voter; the ballot itself does not. */
export async function castBallotWithCode(a: { electionId: string; code: string; roundNo: number; ballot: Ballot; client?: string; sql?: Sql }) {
  const sql = a.sql ?? db();
  const who = await voterForCode(sql, a.electionId, a.code, a.client);
  if (!who.ok) return who;
  return castOnlineBallot({ electionId: a.electionId, voterId: who.voterId, roundNo: a.roundNo, ballot: a.ballot, sql });
}

// ─── paper totals ───────────────────────────────────────────────────────────────────────────────

export async function enterPaperTotals(a: {
  election: ElectionRow;
  actor: Actor;
  idempotencyKey: string;
  entry: Extract<ElectionCommand, { action: 'enterPaperTotals' }>['entry'];
  scan: { filename: string; contentType: string; bytes: Buffer } | null;
  sql?: Sql;
}): Promise<Result> {
  const sql = a.sql ?? db();
  if (!a.scan || a.scan.bytes.length === 0) {
    const sent = await sendElectionCommand(a.election.id, a.actor, { action: 'enterPaperTotals', entry: a.entry, scanAttachmentId: null }, a.idempotencyKey);
    return sent.ok ? { ok: true } : sent;
  }
  const checked = checkScan(a.scan);
  if (!checked.ok) return checked;
  // The scan is recorded with the command: its id follows from the command's idempotency key, it is
  // stored in a transaction that commits only if the workflow accepts the command, and the same form
  // sent again stores nothing new (decision 047).
  const scan = { id: scanAttachmentIdFor(a.election.id, a.idempotencyKey), communityId: a.election.communityId, electionId: a.election.id, actor: a.actor.userId, ...a.scan };
  try {
    return await sql.begin(async (tx) => {
      const stored = await storeScan(tx, scan);
      if (!stored.ok) throw new RefusedCommand(stored);
      const sent = await sendElectionCommand(a.election.id, a.actor, { action: 'enterPaperTotals', entry: a.entry, scanAttachmentId: stored.attachmentId }, a.idempotencyKey);
      if (!sent.ok) throw new RefusedCommand(sent);
      return { ok: true } as const;
    });
  } catch (e) {
    if (e instanceof RefusedCommand) return e.refusal;
    throw e;
  }
}

/** Rolls back the scan's transaction when the workflow refuses the command. */
class RefusedCommand extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.key);
  }
}
