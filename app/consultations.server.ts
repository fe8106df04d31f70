/**
 * The consultation feature's server door: the catalogue 协商事项目录 (drafts, import, approval,
 * publication), consultations 协商 (Temporal workflow `consultation-<id>`), opinions and answers
 * (SQL guarded by the state row), and what the motion feature needs (catalogue items for its form,
 * starting a consultation for a motion, and the consultation a motion waits for).
 *
 * Callers (routes) have already run `requireRole`; the functions here check the domain rules again
 * and return refusals as i18n keys, never throwing for a person's mistake.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowIdConflictPolicy, WorkflowUpdateFailedError } from '@temporalio/client';
import * as q from '../db/consultations.server';
import { db } from '../db/client.server';
import { readSheet, type SheetRefusal } from '../db/spreadsheet.server';
import { REAL_DAY_MS } from '../domain/calendar';
import {
  CONSULTATION_TRANSITIONS,
  catalogueItemSchema,
  checkMayOrganize,
  codeKey,
  consultationPeriodsSchema,
  currentVersion,
  diffCatalogueVersions,
  findDuplicates,
  importCatalogueRows,
  isImportAcceptable,
  mayReadAttributedOpinions,
  motionConsultationGate,
  nextActions,
  proposeTopicSchema,
  publicOpinions,
  rolesFor,
  type CatalogueItem,
  type CatalogueItemInput,
  type ConsultationPeriods,
  type ConsultationSnapshot,
  type ImportIssue,
} from '../domain/consultation';
import { allowed, refuse, type Verdict } from '../domain/errors';
import { hasAnyRole, type Role } from '../domain/roles';
import { TASK_QUEUE } from '../workflows/config';
import {
  consultationCommand as consultationCommandUpdate,
  consultationReady,
  consultationWorkflowId,
  type StartConsultation,
  type WorkflowCommand,
} from '../workflows/consultation-api';
import { refusalOf as readRefusal } from '../workflows/refusal';
import { openConsultation as openMotionConsultation } from './motions.server';
import { temporal } from './temporal.server';

export type Caller = { userId: string; roles: readonly Role[]; communityId: string };
export type Result<T = object> = ({ ok: true } & T) | { ok: false; key: string; params?: Record<string, string | number> };

/** Who edits the catalogue draft and who approves it (DOMAIN.md §5.1). */
export const CATALOGUE_EDITORS: readonly Role[] = ['committee_member'];
export const CATALOGUE_APPROVERS: readonly Role[] = ['party_secretary'];
/** Who sees internal consultation pages (everyone with a role in the community, as the guard says). */
export const ORGANIZER_ROLES: readonly Role[] = rolesFor('organizer', null);

const taskQueue = () => process.env.MINYI_TASK_QUEUE ?? TASK_QUEUE;

// ─── Settings ─────────────────────────────────────────────────────────────────────────────────

/**
 * A community's consultation settings: `settings.dayMs` (shared with the motion feature; also read
 * from `settings.motion.dayMs`) and `settings.consultation` (periods, DOMAIN.md §5.2 ranges).
 */
export function consultationSettingsFrom(settings: Record<string, unknown>): { dayMs: number; periods: ConsultationPeriods } {
  const motion = (settings.motion ?? {}) as Record<string, unknown>;
  const raw = settings.dayMs ?? motion.dayMs;
  const dayMs = typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0 ? raw : REAL_DAY_MS;
  const parsed = consultationPeriodsSchema.safeParse(settings.consultation ?? {});
  return { dayMs, periods: parsed.success ? parsed.data : consultationPeriodsSchema.parse({}) };
}

// ─── Catalogue: reading ───────────────────────────────────────────────────────────────────────

export type CatalogueItemChoice = {
  id: string;
  code: string;
  title: string;
  category: CatalogueItem['category'];
  mandatory: boolean;
  requiresFourDeliberations: boolean;
};

/** For the motion draft form's select: the items of the catalogue in force (latest year, or `year`). */
export async function catalogueItemsFor(communityId: string, year?: number): Promise<CatalogueItemChoice[]> {
  const items = await q.currentItems(db(), communityId, year);
  return items.map(({ id, code, title, category, mandatory, requiresFourDeliberations }) => ({
    id,
    code,
    title,
    category,
    mandatory,
    requiresFourDeliberations,
  }));
}

export type CatalogueItemDetail = CatalogueItemChoice & {
  communityId: string;
  year: number;
  version: number;
  /** The whole item as the version in force says it; `null` if a later version removed it. */
  item: CatalogueItem | null;
};

/** One item by its stable id (as the motion stores it), described by the version in force now. */
export async function catalogueItemById(id: string): Promise<CatalogueItemDetail | undefined> {
  if (!q.isUuid(id)) return undefined;
  const found = await q.itemById(db(), id);
  if (!found) return undefined;
  return {
    id: found.id,
    communityId: found.communityId,
    year: found.year,
    version: found.version,
    code: found.item?.code ?? found.code,
    title: found.item?.title ?? found.code,
    category: found.item?.category ?? 'other',
    mandatory: found.item?.mandatory ?? false,
    requiresFourDeliberations: found.item?.requiresFourDeliberations ?? false,
    item: found.item,
  };
}

/** Everything the catalogue pages show: versions (with diffs to the previous), the draft, the years. */
export async function cataloguePage(communityId: string, year: number, withDraft: boolean) {
  const sql = db();
  const [years, catalogue, draft] = await Promise.all([
    q.catalogueYears(sql, communityId),
    q.catalogueOf(sql, communityId, year),
    withDraft ? q.draftOf(sql, communityId, year) : Promise.resolve(undefined),
  ]);
  const versions = catalogue.versions.map((v, i) => ({
    version: v.version,
    publishedAt: v.publishedAt,
    publishedByName: v.publishedByName,
    approvedByName: v.approvedByName,
    changeNote: v.changeNote,
    items: v.items,
    diff: i > 0 ? diffCatalogueVersions(catalogue.versions[i - 1]!.items, v.items) : null,
  }));
  const current = versions[versions.length - 1];
  const draftDiff = draft && current ? diffCatalogueVersions(current.items, draft.items) : null;
  return { years: years.includes(year) ? years : [year, ...years].sort((a, b) => b - a), versions, draft, draftDiff };
}

export async function defaultCatalogueYear(communityId: string): Promise<number> {
  return (await q.latestPublishedYear(db(), communityId)) ?? new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
}

// ─── Catalogue: editing, import, approval ─────────────────────────────────────────────────────

/** The item list a draft starts from: the draft, else the version in force, else nothing. */
async function workingItems(communityId: string, year: number): Promise<{ items: CatalogueItem[]; changeNote: string }> {
  const sql = db();
  const draft = await q.draftOf(sql, communityId, year);
  if (draft) return { items: draft.items, changeNote: draft.changeNote };
  const v = currentVersion(await q.catalogueOf(sql, communityId, year));
  return { items: (v?.items ?? []).map((i) => catalogueItemSchema.parse(i)), changeNote: '' };
}

function mayEdit(caller: Caller): Verdict {
  return hasAnyRole(caller.roles, CATALOGUE_EDITORS) ? allowed : refuse('consultation.errors.publisherNotCommittee');
}

/**
 * Adds an item to the draft, or replaces the item whose code was `originalCode`. Refuses (nothing
 * written) an invalid item or one whose code or title another item of the year already has.
 */
export async function saveCatalogueItem(
  caller: Caller,
  year: number,
  input: CatalogueItemInput,
  originalCode?: string,
): Promise<Result & { field?: string }> {
  const may = mayEdit(caller);
  if (!may.ok) return may;
  const parsed = catalogueItemSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, key: issue.message, field: String(issue.path[0] ?? '') };
  }
  const { items, changeNote } = await workingItems(caller.communityId, year);
  const others = originalCode ? items.filter((i) => codeKey(i.code) !== codeKey(originalCode)) : items;
  const next = [...others, parsed.data];
  const dup = findDuplicates(next).find((d) => d.index === next.length - 1);
  if (dup) return { ok: false, key: dup.key, params: dup.params, field: dup.field };
  const ordered = originalCode ? items.map((i) => (codeKey(i.code) === codeKey(originalCode) ? parsed.data : i)) : next;
  await q.saveDraft(db(), { communityId: caller.communityId, year, items: ordered, changeNote, userId: caller.userId });
  return { ok: true };
}

export async function removeCatalogueItem(caller: Caller, year: number, code: string): Promise<Result> {
  const may = mayEdit(caller);
  if (!may.ok) return may;
  const { items, changeNote } = await workingItems(caller.communityId, year);
  const rest = items.filter((i) => codeKey(i.code) !== codeKey(code));
  if (rest.length === items.length) return { ok: false, key: 'consultation.ui.errors.itemNotFound' };
  await q.saveDraft(db(), { communityId: caller.communityId, year, items: rest, changeNote, userId: caller.userId });
  return { ok: true };
}

export async function saveChangeNote(caller: Caller, year: number, note: string): Promise<Result> {
  const may = mayEdit(caller);
  if (!may.ok) return may;
  const { items } = await workingItems(caller.communityId, year);
  await q.saveDraft(db(), { communityId: caller.communityId, year, items, changeNote: note.trim().slice(0, 2000), userId: caller.userId });
  return { ok: true };
}

export type ImportOutcome =
  | { ok: true; imported: number; warnings: ImportIssue[] }
  | { ok: false; key: string; params?: Record<string, string | number>; errors: ImportIssue[]; warnings: ImportIssue[]; rowsRead: number };

export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
/** Spreadsheet rows a catalogue file may have, header included (a community's list is a few dozen). */
export const MAX_IMPORT_ROWS = 10_000;

/**
 * Reads an XLSX or CSV file into header→cell records (first non-empty row is the header), through
 * the app's capped reader in a worker thread (db/spreadsheet.server.ts); a refusal is a `sheet.*` key.
 */
export async function readSpreadsheet(
  filename: string,
  bytes: Uint8Array,
): Promise<{ ok: true; rows: Record<string, string>[]; headerRow: number } | SheetRefusal> {
  const sheet = await readSheet(bytes, filename, { maxBytes: MAX_IMPORT_BYTES, maxRows: MAX_IMPORT_ROWS, maxColumns: 64, maxCellChars: 2000 });
  if (!sheet.ok) return sheet;
  const headers = sheet.header.map((c) => c.trim());
  const rows = sheet.rows.map((r) => {
    const rec: Record<string, string> = {};
    headers.forEach((name, i) => {
      if (name) rec[name] = (r[i] ?? '').trim();
    });
    return rec;
  });
  return { ok: true, rows, headerRow: sheet.headerRow };
}

/**
 * Imports a spreadsheet into the draft, all or nothing: with any row error nothing is written and
 * every error is returned with its row. `replace` makes the file the whole item list; `append`
 * adds its items to the draft (an item already in the year's list is a row error).
 */
export async function importCatalogue(
  caller: Caller,
  year: number,
  file: { name: string; bytes: Uint8Array },
  mode: 'replace' | 'append',
): Promise<ImportOutcome> {
  const may = mayEdit(caller);
  if (!may.ok) return { ok: false, key: may.key, errors: [], warnings: [], rowsRead: 0 };
  if (file.bytes.length === 0) return { ok: false, key: 'consultation.ui.errors.fileMissing', errors: [], warnings: [], rowsRead: 0 };
  if (file.bytes.length > MAX_IMPORT_BYTES)
    return { ok: false, key: 'consultation.ui.errors.fileTooLarge', errors: [], warnings: [], rowsRead: 0 };
  const sheet = await readSpreadsheet(file.name, file.bytes);
  if (!sheet.ok) {
    // The catalogue page has always said which types it takes; every other reason is the reader's.
    const key = sheet.key === 'sheet.unsupportedType' ? 'consultation.ui.errors.fileType' : sheet.key;
    return { ok: false, key, params: sheet.params, errors: [], warnings: [], rowsRead: 0 };
  }
  const { items: existing, changeNote } = await workingItems(caller.communityId, year);
  const result = importCatalogueRows(sheet.rows, {
    headerRow: sheet.headerRow,
    existing: mode === 'append' ? existing : [],
  });
  if (!isImportAcceptable(result))
    return {
      ok: false,
      key: 'consultation.ui.import.refused',
      errors: result.errors,
      warnings: result.warnings,
      rowsRead: result.rowsRead,
    };
  const items = mode === 'append' ? [...existing, ...result.items] : result.items;
  await q.saveDraft(db(), { communityId: caller.communityId, year, items, changeNote, userId: caller.userId });
  return { ok: true, imported: result.items.length, warnings: result.warnings };
}

export async function submitCatalogue(caller: Caller, year: number): Promise<Result> {
  const may = mayEdit(caller);
  if (!may.ok) return may;
  const sql = db();
  const draft = await q.draftOf(sql, caller.communityId, year);
  if (!draft) return { ok: false, key: 'consultation.ui.errors.noDraft' };
  if (draft.items.length === 0) return { ok: false, key: 'consultation.errors.catalogueEmpty' };
  const hasVersion = (await q.catalogueOf(sql, caller.communityId, year)).versions.length > 0;
  if (hasVersion && !draft.changeNote.trim()) return { ok: false, key: 'consultation.errors.changeNoteRequired' };
  if (!(await q.submitDraft(sql, caller.communityId, year, caller.userId)))
    return { ok: false, key: 'consultation.ui.errors.alreadySubmitted' };
  return { ok: true };
}

export async function returnCatalogue(caller: Caller, year: number, note: string): Promise<Result> {
  if (!hasAnyRole(caller.roles, CATALOGUE_APPROVERS)) return { ok: false, key: 'consultation.errors.approverNotSecretary' };
  if (!note.trim()) return { ok: false, key: 'consultation.errors.reasonRequired' };
  return (await q.returnDraft(db(), caller.communityId, year, note.trim().slice(0, 2000)))
    ? { ok: true }
    : { ok: false, key: 'consultation.ui.errors.draftNotSubmitted' };
}

/** The party secretary approves the submitted draft: it is published as the next immutable version. */
export async function approveCatalogue(caller: Caller, year: number): Promise<Result<{ version: number }>> {
  if (!hasAnyRole(caller.roles, CATALOGUE_APPROVERS)) return { ok: false, key: 'consultation.errors.approverNotSecretary' };
  const r = await q.publishDraft(db(), {
    communityId: caller.communityId,
    year,
    approver: { id: caller.userId, roles: caller.roles },
    now: new Date(),
  });
  return r.ok ? { ok: true, version: r.version! } : r;
}

export async function discardCatalogueDraft(caller: Caller, year: number): Promise<Result> {
  const may = mayEdit(caller);
  if (!may.ok) return may;
  await q.discardDraft(db(), caller.communityId, year);
  return { ok: true };
}

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

// ─── Pages ────────────────────────────────────────────────────────────────────────────────────

export async function consultationList(communityId: string) {
  const rows = await q.consultationsOf(db(), communityId);
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    state: r.state,
    itemCode: r.snapshot.item?.code ?? null,
    motionId: r.motionId,
    isPublic: r.snapshot.topicPublishedAt !== null,
    createdAt: new Date(r.createdAt).getTime(),
    outcomePublishedAt: r.outcomePublishedAt ? new Date(r.outcomePublishedAt).getTime() : null,
  }));
}

/** The internal page: the snapshot with opinions (attributed only for those who may read them) and next actions. */
export async function consultationPage(caller: Caller, consultationId: string) {
  const sql = db();
  const row = await q.consultationById(sql, caller.communityId, consultationId);
  if (!row) return undefined;
  const [opinions, events, codes] = await Promise.all([
    q.opinionsOf(sql, row.id),
    q.eventsOf(sql, row.id),
    q.accessCodeCounts(sql, row.id),
  ]);
  const snapshot: ConsultationSnapshot = { ...row.snapshot, opinions };
  const clock = { now: Date.now(), dayMs: row.dayMs, periods: row.periods };
  const attributed = mayReadAttributedOpinions([...caller.roles]);
  const mine = opinions.filter((o) => o.authorId === caller.userId);
  return {
    row: { ...row, createdAt: new Date(row.createdAt).getTime() },
    snapshot: { ...row.snapshot },
    actions: nextActions(snapshot, [...caller.roles], clock),
    opinionsOpen:
      row.state === 'collecting' &&
      row.opinionsCloseAt !== null &&
      new Date(row.opinionsCloseAt).getTime() > Date.now(),
    opinionsCloseAt: row.opinionsCloseAt ? new Date(row.opinionsCloseAt).getTime() : null,
    mayLeaveOpinion: hasAnyRole(caller.roles, rolesFor('residents', null)),
    mayAnswer: hasAnyRole(caller.roles, rolesFor('committee', row.snapshot.item)) &&
      (CONSULTATION_TRANSITIONS.answerOpinion.from as readonly string[]).includes(row.state),
    mayIssueCodes: hasAnyRole(caller.roles, rolesFor('organizer', row.snapshot.item)) && q.CODE_STATES.includes(row.state),
    opinions: attributed
      ? opinions.map((o) => ({ ...o, authorName: o.viaCode ? null : o.authorName }))
      : null,
    publicOpinions: publicOpinions(opinions, row.dayMs),
    myOpinions: mine.map((o) => ({ id: o.id, text: o.text, submittedAt: o.submittedAt, answer: o.answer?.text ?? null })),
    events: events.map((e) => ({ ...e, at: new Date(e.at).getTime() })),
    codes,
    dayMs: row.dayMs,
    periods: row.periods,
  };
}

/** The public page: topic, parties, meeting summary, anonymous opinions with answers, outcome. */
export async function publicConsultation(communityId: string, consultationId: string) {
  const sql = db();
  const row = await q.consultationById(sql, communityId, consultationId);
  // The public sees a consultation once its topic is published (§5.2 step 3).
  if (!row || row.snapshot.topicPublishedAt === null) return undefined;
  const opinions = await q.opinionsOf(sql, row.id);
  const s = row.snapshot;
  const outcome = s.outcomePublishedAt !== null ? s.outcomeDrafts[s.outcomeDrafts.length - 1] : undefined;
  return {
    id: row.id,
    number: row.number,
    title: s.title,
    description: s.description,
    origin: s.origin,
    state: s.state,
    item: s.item ? { code: s.item.code, title: s.item.title, category: s.item.category } : null,
    catalogueVersion: s.catalogueVersion,
    parties: s.parties,
    topicPublishedAt: s.topicPublishedAt,
    opinionsOpenAt: row.opinionsOpenAt ? new Date(row.opinionsOpenAt).getTime() : null,
    opinionsCloseAt: row.opinionsCloseAt ? new Date(row.opinionsCloseAt).getTime() : null,
    opinionsOpen:
      row.state === 'collecting' && row.opinionsCloseAt !== null && new Date(row.opinionsCloseAt).getTime() > Date.now(),
    meeting: s.meeting ? { at: s.meeting.at, form: s.meeting.form, place: s.meeting.place } : null,
    meetingRecord: s.meetingRecord
      ? {
          attendees: s.meetingRecord.attendees,
          positions: s.meetingRecord.positions,
          agreements: s.meetingRecord.agreements,
          disagreements: s.meetingRecord.disagreements,
          strawPoll: s.meetingRecord.strawPoll ?? null,
        }
      : null,
    outcome: outcome ? { text: outcome.text, publishedAt: s.outcomePublishedAt!, reviewed: s.outcomeReviewed === true } : null,
    feedback: s.outcomePublishedAt !== null ? s.feedback.map((f) => ({ text: f.text, final: f.final, reportedAt: f.reportedAt })) : [],
    opinions: publicOpinions(opinions, row.dayMs),
    closedAt: s.closedAt,
    cancelledAt: s.cancelledAt,
    cancelReason: s.cancelReason,
  };
}

/** Consultations the public may see (topic published), newest first. */
export async function publicConsultationList(communityId: string) {
  return (await consultationList(communityId)).filter((c) => c.isPublic);
}

export const newKey = () => randomUUID();

/**
 * The roles each page action admits at the guard (`requireRole`); the domain then decides within
 * them (e.g. the street office acts only on cross-community items). Used by the routes and proven
 * role by role in app/consultations.int.test.ts.
 */
export const GUARDS = {
  editCatalogue: ['committee_member'],
  approveCatalogue: ['party_secretary'],
  viewDraft: ['committee_member', 'party_secretary', 'party_committee_member', 'supervisor', 'street_office_admin'],
  startConsultation: ['party_secretary', 'committee_member', 'street_office_admin'],
  command: ['party_secretary', 'committee_member', 'supervisor', 'street_office_admin'],
  leaveOpinion: ['resident', 'resident_representative'],
  answerOpinion: ['committee_member', 'street_office_admin'],
  issueCodes: ['party_secretary', 'committee_member', 'street_office_admin'],
} as const satisfies Record<string, readonly Role[]>;
export type GuardedAction = keyof typeof GUARDS;

/** `requireRole`'s result as a caller of this module. */
export const callerOf = (a: { user: { id: string }; community: { id: string }; roles: readonly Role[] }): Caller => ({
  userId: a.user.id,
  communityId: a.community.id,
  roles: a.roles,
});

/** A `datetime-local` value (seconds optional), read as Asia/Shanghai wall-clock time. */
export function parseShanghaiLocal(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return Number.NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)) - 8 * 3_600_000;
}

const num = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === '' ? Number.NaN : Number(v));

/**
 * The command a consultation form posts. Only shapes the fields; the content is checked by the
 * domain (Update validator), which answers with the i18n key of the first problem.
 */
export function commandFromForm(form: FormData): WorkflowCommand | null {
  const s = (k: string) => String(form.get(k) ?? '');
  switch (s('action')) {
    case 'fixParties': {
      const parties = [...form.entries()]
        .filter(([k, v]) => k.startsWith('party.') && String(v).trim() !== '')
        .map(([k, v]) => ({ type: k.slice(6) as never, name: String(v).trim() }));
      return { action: 'fixParties', parties };
    }
    case 'publishTopic':
    case 'openCollection':
    case 'publishOutcome':
    case 'startFeedback':
    case 'close':
      return { action: s('action') as 'publishTopic' };
    case 'scheduleMeeting':
      return { action: 'scheduleMeeting', meetingAt: parseShanghaiLocal(s('meetingAt')), form: s('form') as never, place: s('place') };
    case 'recordMeeting': {
      const positions: { party: string; position: string }[] = [];
      for (let i = 0; form.has(`positions.${i}.party`); i++) {
        const position = String(form.get(`positions.${i}.position`) ?? '').trim();
        if (position) positions.push({ party: String(form.get(`positions.${i}.party`)), position });
      }
      const straw = ['yes', 'no', 'abstain'].map((k) => String(form.get(`straw.${k}`) ?? '').trim());
      return {
        action: 'recordMeeting',
        attendees: num(form.get('attendees')),
        positions,
        agreements: s('agreements'),
        disagreements: s('disagreements'),
        ...(straw.some((x) => x !== '')
          ? { strawPoll: { yes: num(straw[0]!), no: num(straw[1]!), abstain: num(straw[2]!) } }
          : {}),
      };
    }
    case 'draftOutcome':
      return { action: 'draftOutcome', text: s('text') };
    case 'reviewOutcome':
      return { action: 'reviewOutcome', verdict: s('verdict') as 'approved', note: s('note') };
    case 'reportFeedback':
      return { action: 'reportFeedback', text: s('text'), final: form.get('final') === 'on' || form.get('final') === 'true' };
    case 'cancel':
      return { action: 'cancel', reason: s('reason') };
    default:
      return null;
  }
}

/** The motion a consultation form is for (same community only). */
export async function motionSummary(communityId: string, motionId: string) {
  const m = await q.motionForConsultation(db(), motionId);
  return m && m.communityId === communityId ? m : null;
}
