/** The consultation catalogue 协商事项目录: reading it for pages and the motion form, editing the draft, importing a spreadsheet, submitting, returning and approving (publication). */
import * as q from '../db/consultations.server';
import { db } from '../db/client.server';
import { readSheet, type SheetRefusal } from '../db/spreadsheet.server';
import { catalogueItemSchema, codeKey, currentVersion, diffCatalogueVersions, findDuplicates, importCatalogueRows, isImportAcceptable, type CatalogueItem, type CatalogueItemInput, type ImportIssue } from '../domain/consultation';
import { allowed, refuse, type Verdict } from '../domain/errors';
import { hasAnyRole } from '../domain/roles';
import { CATALOGUE_APPROVERS, CATALOGUE_EDITORS, type Caller, type Result } from './consultation-access.server';

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
