/**
 * 居民信息: the people register of a community (DOMAIN.md §1, §7.1 minimum data). One zod schema
 * serves the add/edit form and every import row; errors are i18n keys.
 */
import { z } from 'zod';
import '../zodErrors';
import { isValidPhone } from '../election/idcard';
import { personEmailSchema } from '../notify/contacts';
import { normalizePhone } from '../privacy';
import { passwordSchema, usernameSchema } from './tenancy';

export const GENDERS = ['male', 'female'] as const;
export const END_REASONS = ['moved_away', 'deceased'] as const;
export type EndReason = (typeof END_REASONS)[number];

const text = (max: number) =>
  z
    .string({ error: 'form.required' })
    .trim()
    .max(max, { error: 'form.tooLong' });
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: 'form.tooLong' })
    .optional()
    .transform((v) => (v ? v : null));

/** 男/女 as people write them in spreadsheets, or the form's value. */
export function normalizeGender(raw: string): 'male' | 'female' | null | 'invalid' {
  const v = raw.trim().toLowerCase();
  if (v === '') return null;
  if (['male', 'm', '男'].includes(v)) return 'male';
  if (['female', 'f', '女'].includes(v)) return 'female';
  return 'invalid';
}

const thisYear = () => new Date().getUTCFullYear();

export const personSchema = z.object({
  name: text(50).min(1, { error: 'form.required' }),
  gender: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const g = normalizeGender(v ?? '');
      if (g === 'invalid') {
        ctx.addIssue({ code: 'custom', message: 'admin.errors.genderInvalid' });
        return z.NEVER;
      }
      return g;
    }),
  birthYear: z
    .union([z.number(), z.string()])
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return null;
      const n = typeof v === 'number' ? v : Number(String(v).trim());
      if (!Number.isInteger(n) || n < 1900 || n > thisYear()) {
        ctx.addIssue({ code: 'custom', message: 'admin.errors.birthYearInvalid' });
        return z.NEVER;
      }
      return n;
    }),
  groupName: optionalText(50),
  building: optionalText(50),
  unit: optionalText(50),
  phone: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const raw = (v ?? '').trim();
      if (raw === '') return null;
      const p = normalizePhone(raw);
      if (!isValidPhone(p)) {
        ctx.addIssue({ code: 'custom', message: 'admin.errors.phoneInvalid' });
        return z.NEVER;
      }
      return p;
    }),
  /** Email for notices (issue 13): checked and capped; a malformed one is refused with its row. */
  email: personEmailSchema.shape.email,
});
/** A person as entered; `email` is stored when a person is added (the import or the one-person form), not by an edit. */
export type PersonInput = Omit<z.output<typeof personSchema>, 'email'> & { email?: string | null };

/**
 * The register's one-person form: the person, and optionally a sign-in (a username and a password
 * of at least 10 characters, both or neither).
 */
/** The one-person form's fields as the browser sees them (conform's `getZodConstraint` reads no transform). */
export const addPersonFormFields = personSchema.extend({
  username: z.string().trim().max(64, { error: 'form.tooLong' }).optional(),
  password: z.string().max(200, { error: 'form.tooLong' }).optional(),
});

export const addPersonFormSchema = addPersonFormFields
  .superRefine((v, ctx) => {
    if (!v.username) return;
    const u = usernameSchema.safeParse(v.username);
    if (!u.success) ctx.addIssue({ code: 'custom', path: ['username'], message: u.error.issues[0]!.message });
    const p = passwordSchema.safeParse(v.password ?? '');
    if (!p.success) ctx.addIssue({ code: 'custom', path: ['password'], message: p.error.issues[0]!.message });
  })
  .transform(({ username, password, ...person }) => ({
    person,
    signIn: username ? { username: usernameSchema.parse(username), password: password ?? '' } : null,
  }));

export const endPersonSchema = z.object({
  reason: z.enum(END_REASONS, { error: 'form.invalidChoice' }),
  endedOn: z.iso.date({ error: 'form.invalidDate' }),
  note: optionalText(500),
});

// ─── Import: header mapping and rows ─────────────────────────────────────────────────────────────

export const IMPORT_FIELDS = ['name', 'gender', 'birthYear', 'groupName', 'building', 'unit', 'phone', 'email'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const IMPORT_MAX_ROWS = 20_000;
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

/** The import form's own header mapping (field → the header in the file); each at most 100 characters. */
export const importFormSchema = z.object({
  map: z
    .object(Object.fromEntries(IMPORT_FIELDS.map((f) => [f, z.string().trim().max(100, { error: 'form.tooLong' }).optional()])) as Record<ImportField, z.ZodOptional<z.ZodString>>)
    .default({}),
});

/** Headers the import recognizes without a mapping (Chinese and English). */
const HEADER_ALIASES: Record<ImportField, string[]> = {
  name: ['姓名', 'name'],
  gender: ['性别', 'gender', 'sex'],
  birthYear: ['出生年份', '出生年', 'birth year', 'birthyear', 'birth_year'],
  groupName: ['居民小组', '小组', 'group', 'residents group'],
  building: ['楼栋', '楼号', 'building'],
  unit: ['单元', 'unit'],
  phone: ['手机号', '电话', '手机', '联系电话', 'phone', 'mobile'],
  email: ['电子邮箱', '邮箱', '电子邮件', 'email', 'e-mail'],
};

export type HeaderMapping = Partial<Record<ImportField, number>>;

/**
 * Which column holds each field: an explicit mapping (field → header text) wins, else the known
 * aliases. `name` is required.
 */
export function mapHeaders(
  headers: readonly string[],
  explicit: Partial<Record<ImportField, string>> = {},
): { ok: true; mapping: HeaderMapping } | { ok: false; key: string; params: Record<string, string> } {
  const norm = (h: string) => h.trim().toLowerCase().replace(/\s+/g, ' ');
  const index = new Map(headers.map((h, i) => [norm(h), i] as const));
  const mapping: HeaderMapping = {};
  for (const field of IMPORT_FIELDS) {
    const chosen = explicit[field]?.trim();
    if (chosen) {
      const i = index.get(norm(chosen));
      if (i === undefined) return { ok: false, key: 'admin.errors.importHeaderMissing', params: { header: chosen } };
      mapping[field] = i;
      continue;
    }
    for (const alias of HEADER_ALIASES[field]) {
      const i = index.get(norm(alias));
      if (i !== undefined) {
        mapping[field] = i;
        break;
      }
    }
  }
  if (mapping.name === undefined) return { ok: false, key: 'admin.errors.importNameColumnMissing', params: { header: '姓名' } };
  return { ok: true, mapping };
}

export type ImportRowError = { row: number; field: ImportField | ''; key: string; params?: Record<string, string | number> };

/**
 * Validates every data row (spreadsheet row numbers: the header is row 1). Returns the people or all
 * row errors; the caller stores the people only when there is no error (all or nothing). Duplicate
 * phone numbers inside the file are refused by row.
 */
export function validateImportRows(
  rows: readonly string[][],
  mapping: HeaderMapping,
): { people: (PersonInput & { row: number })[]; errors: ImportRowError[] } {
  const people: (PersonInput & { row: number })[] = [];
  const errors: ImportRowError[] = [];
  const phones = new Map<string, number>();
  rows.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => c.trim() === '')) return;
    const raw: Record<string, string> = {};
    for (const f of IMPORT_FIELDS) {
      const col = mapping[f];
      if (col !== undefined) raw[f] = cells[col] ?? '';
    }
    const parsed = personSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push({ row, field: (issue.path[0] as ImportField | undefined) ?? '', key: issue.message });
      }
      return;
    }
    if (parsed.data.phone) {
      const first = phones.get(parsed.data.phone);
      if (first !== undefined) {
        errors.push({ row, field: 'phone', key: 'admin.errors.phoneDuplicateInFile', params: { first } });
        return;
      }
      phones.set(parsed.data.phone, row);
    }
    people.push({ ...parsed.data, row });
  });
  return { people, errors };
}
