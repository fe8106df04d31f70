/**
 * Import of a catalogue from a committee's spreadsheet. Reading XLSX/CSV happens elsewhere; this
 * receives the data rows as header→cell records and returns the items plus every problem, row by
 * row, so the committee can fix the file in one go. The import is all-or-nothing
 * (`isImportAcceptable`).
 */
import { MIN_COMMENT_DAYS, catalogueItemSchema, type CatalogueItem } from './schemas';
import { codeKey, titleKey } from './catalogue';
import {
  categoryFrom,
  formFrom,
  isExpertWord,
  normalizeLabel,
  partyTypeFrom,
  scopeFrom,
  type Form,
  type PartyType,
} from './vocabulary';

export const IMPORT_FIELDS = [
  'code',
  'title',
  'category',
  'scope',
  'parties',
  'forms',
  'mandatory',
  'requiresFourDeliberations',
  'minCommentDays',
  'sourceRef',
  'budgetAtLeastCny',
  'householdsAffectedOver',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Columns that must be present in the header row. */
export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = [
  'code',
  'title',
  'category',
  'parties',
  'forms',
];

/** Accepted headers per field (Chinese first, then English); compared after `normalizeLabel`. */
export const IMPORT_HEADERS: Record<ImportField, readonly string[]> = {
  code: ['编号', '事项编号', '代码', 'code'],
  title: ['事项名称', '名称', '协商事项', 'title', 'name'],
  category: ['类别', '分类', '事项类别', 'category'],
  scope: ['范围', '协商范围', 'scope'],
  parties: ['协商主体', '主体', 'parties', 'party'],
  forms: ['协商形式', '形式', 'forms', 'form'],
  mandatory: ['是否必须协商', '必须协商', 'mandatory'],
  requiresFourDeliberations: [
    '是否需四议两公开',
    '是否需要四议两公开',
    '需四议两公开',
    '四议两公开',
    'requires_four_deliberations',
    'requiresfourdeliberations',
    'fourdeliberations',
  ],
  minCommentDays: ['最少征求意见天数', '征求意见天数', 'min_comment_days', 'mincommentdays', 'commentdays'],
  sourceRef: ['来源', '依据', '来源依据', 'source', 'source_ref', 'sourceref'],
  budgetAtLeastCny: [
    '预算触发金额',
    '预算门槛',
    '预算门槛(元)',
    '预算触发金额(元)',
    'budget_threshold',
    'budgetthreshold',
  ],
  householdsAffectedOver: ['影响户数超过', '涉及户数超过', 'households_affected', 'householdsaffected'],
};

export interface ImportIssue {
  /** Row number as the spreadsheet shows it, header row included (first data row = 2). */
  row: number;
  /** `null` for a problem with the file as a whole. */
  field: ImportField | null;
  key: string;
  params?: Record<string, string | number>;
}

export interface ImportResult {
  /** Items of the rows without errors (the caller imports them only if the result is acceptable). */
  items: CatalogueItem[];
  /** Spreadsheet row of each item, same order as `items`. */
  itemRows: number[];
  errors: ImportIssue[];
  /** Not errors: headers that were ignored. */
  warnings: ImportIssue[];
  /** Data rows read, blank rows excluded. */
  rowsRead: number;
}

export interface ImportOptions {
  /** Items already in the catalogue of the same community and year. */
  existing?: readonly Pick<CatalogueItem, 'code' | 'title'>[];
  /** Row number of the header row (default 1); data rows follow it directly. */
  headerRow?: number;
}

/** Maps each header of the file to a field; unknown headers are reported, not fatal. */
export function mapHeaders(headers: readonly string[]): {
  fields: Map<string, ImportField>;
  unknown: string[];
  duplicated: ImportField[];
} {
  const fields = new Map<string, ImportField>();
  const unknown: string[] = [];
  const duplicated: ImportField[] = [];
  const seen = new Set<ImportField>();
  for (const h of headers) {
    const n = normalizeLabel(h).replace(/[:：*]+$/, '');
    if (n === '') continue;
    const field = IMPORT_FIELDS.find((f) => IMPORT_HEADERS[f].some((a) => normalizeLabel(a) === n));
    if (!field) unknown.push(h);
    else if (seen.has(field)) duplicated.push(field);
    else {
      seen.add(field);
      fields.set(h, field);
    }
  }
  return { fields, unknown, duplicated };
}

/** Splits a multi-valued cell on 、 , ， ; ； or line breaks. */
export function splitCell(cell: string): string[] {
  return cell
    .split(/[、,，;；\n\r]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const TRUE_WORDS = ['是', 'true', 'yes', 'y', '√'];
const FALSE_WORDS = ['否', 'false', 'no', 'n', '×'];

/** 是/否/true/false (and yes/no); empty → `undefined`; anything else → `null`. */
export function parseBoolean(cell: string): boolean | undefined | null {
  const v = normalizeLabel(cell);
  if (v === '') return undefined;
  if (TRUE_WORDS.includes(v)) return true;
  if (FALSE_WORDS.includes(v)) return false;
  return null;
}

/** A whole number, allowing a trailing 天/元/户 and thousands separators; empty → undefined. */
export function parseWholeNumber(cell: string): number | undefined | null {
  const v = normalizeLabel(cell).replace(/[天元户,]/g, '');
  if (v === '') return undefined;
  return /^\d+$/.test(v) ? Number(v) : null;
}

function isBlankRow(row: Record<string, string | undefined>): boolean {
  return Object.values(row).every((v) => (v ?? '').trim() === '');
}

type Fail = (field: ImportField, key: string, params?: Record<string, string | number>) => void;

/** One row's cells read as the catalogue item's fields, each word looked up; what is not understood is a `fail`. */
function candidateOf(cell: (f: ImportField) => string, fail: Fail): Record<string, unknown> {
  const candidate: Record<string, unknown> = {
    code: cell('code'),
    title: cell('title'),
    sourceRef: cell('sourceRef') || undefined,
  };

  const categoryCell = cell('category');
  const category = categoryFrom(categoryCell);
  if (!category) fail('category', 'consultation.errors.unknownCategory', { value: categoryCell });
  candidate.category = category;

  const scopeCell = cell('scope');
  if (scopeCell) {
    const scope = scopeFrom(scopeCell);
    if (!scope) fail('scope', 'consultation.errors.unknownScope', { value: scopeCell });
    candidate.scope = scope;
  }

  const parties: PartyType[] = [];
  const partyCells = splitCell(cell('parties'));
  if (partyCells.length === 0) fail('parties', 'consultation.errors.partiesRequired');
  for (const p of partyCells) {
    const t = partyTypeFrom(p);
    if (t) parties.push(t);
    else if (isExpertWord(p)) fail('parties', 'consultation.errors.expertsAdviseOnly', { value: p });
    else fail('parties', 'consultation.errors.unknownParty', { value: p });
  }
  candidate.parties = parties;

  const forms: Form[] = [];
  const formCells = splitCell(cell('forms'));
  if (formCells.length === 0) fail('forms', 'consultation.errors.formsRequired');
  for (const f of formCells) {
    const form = formFrom(f);
    if (form) forms.push(form);
    else fail('forms', 'consultation.errors.unknownForm', { value: f });
  }
  candidate.forms = forms;

  for (const f of ['mandatory', 'requiresFourDeliberations'] as const) {
    const b = parseBoolean(cell(f));
    if (b === null) fail(f, 'consultation.errors.badBoolean', { value: cell(f) });
    else if (b !== undefined) candidate[f] = b;
  }

  const days = parseWholeNumber(cell('minCommentDays'));
  if (days === null)
    fail('minCommentDays', 'consultation.errors.minCommentDaysInvalid', { value: cell('minCommentDays') });
  else if (days !== undefined) candidate.minCommentDays = days;

  const triggers: Record<string, number> = {};
  for (const f of ['budgetAtLeastCny', 'householdsAffectedOver'] as const) {
    const n = parseWholeNumber(cell(f));
    if (n === null) fail(f, 'consultation.errors.notANumber', { value: cell(f) });
    else if (n !== undefined) triggers[f] = n;
  }
  candidate.triggers = triggers;
  return candidate;
}

/**
 * Reads the rows of a catalogue spreadsheet. Every problem is reported with its spreadsheet row,
 * field and i18n key; rows with problems yield no item.
 */
export function importCatalogueRows(
  rows: readonly Record<string, string | undefined>[],
  options: ImportOptions = {},
): ImportResult {
  const headerRow = options.headerRow ?? 1;
  const result: ImportResult = { items: [], itemRows: [], errors: [], warnings: [], rowsRead: 0 };
  // Every lookup below is a Set or Map: the import stays linear in the number of rows.
  const headerSet = new Set<string>();
  for (const r of rows) for (const h in r) headerSet.add(h);
  const headers = [...headerSet];
  const { fields, unknown, duplicated } = mapHeaders(headers);
  for (const h of unknown)
    result.warnings.push({
      row: headerRow,
      field: null,
      key: 'consultation.import.unknownColumn',
      params: { column: h },
    });
  for (const f of duplicated)
    result.errors.push({
      row: headerRow,
      field: f,
      key: 'consultation.import.duplicateColumn',
      params: { field: f },
    });
  const present = new Set(fields.values());
  const headerOf = new Map<ImportField, string>([...fields].map(([h, f]) => [f, h]));
  for (const f of REQUIRED_IMPORT_FIELDS)
    if (!present.has(f))
      result.errors.push({
        row: headerRow,
        field: f,
        key: 'consultation.import.missingColumn',
        params: { field: f },
      });
  if (rows.every(isBlankRow))
    result.errors.push({ row: headerRow, field: null, key: 'consultation.import.empty' });
  if (result.errors.length) return result;

  const existingCodes = new Set((options.existing ?? []).map((i) => codeKey(i.code)));
  const existingTitles = new Set((options.existing ?? []).map((i) => titleKey(i.title)));
  const fileCodes = new Map<string, number>();
  const fileTitles = new Map<string, number>();

  rows.forEach((raw, index) => {
    const row = headerRow + 1 + index;
    if (isBlankRow(raw)) return;
    result.rowsRead++;
    const cell = (f: ImportField): string => {
      const h = headerOf.get(f);
      return h === undefined ? '' : (raw[h] ?? '').trim();
    };
    const errors: ImportIssue[] = [];
    const fail: Fail = (field, key, params) => errors.push({ row, field, key, ...(params ? { params } : {}) });

    const candidate = candidateOf(cell, fail);

    // The schema has the last word (code pattern, title length, day bounds …); a field that
    // already has an error is not reported twice.
    const parsed = catalogueItemSchema.safeParse(candidate);
    if (!parsed.success) {
      const failed = new Set(errors.map((e) => e.field));
      for (const issue of parsed.error.issues) {
        const top = String(issue.path[0] ?? '');
        const field = (top === 'triggers' ? String(issue.path[1] ?? '') : top) as ImportField;
        if (failed.has(field)) continue;
        failed.add(field);
        const params: Record<string, string | number> =
          field === 'minCommentDays'
            ? { value: cell('minCommentDays'), min: MIN_COMMENT_DAYS }
            : { value: cell(field) };
        fail(field, issue.message, params);
      }
    }

    // Duplicates: within the file (the later row is refused) and with the year's catalogue.
    const code = codeKey(cell('code'));
    const title = titleKey(cell('title'));
    if (code) {
      const first = fileCodes.get(code);
      if (existingCodes.has(code)) fail('code', 'consultation.import.codeExists', { value: cell('code') });
      else if (first !== undefined)
        fail('code', 'consultation.import.duplicateCodeInFile', { value: cell('code'), firstRow: first });
      else fileCodes.set(code, row);
    }
    if (title) {
      const first = fileTitles.get(title);
      if (existingTitles.has(title))
        fail('title', 'consultation.import.titleExists', { value: cell('title') });
      else if (first !== undefined)
        fail('title', 'consultation.import.duplicateTitleInFile', { value: cell('title'), firstRow: first });
      else fileTitles.set(title, row);
    }

    if (errors.length || !parsed.success) result.errors.push(...errors);
    else {
      result.items.push(parsed.data);
      result.itemRows.push(row);
    }
  });
  return result;
}

/** All-or-nothing: import only if no row has an error and at least one item was read. */
export function isImportAcceptable(result: ImportResult): boolean {
  return result.errors.length === 0 && result.items.length > 0;
}
