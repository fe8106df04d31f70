/**
 * Voter register 选民名单 (DOMAIN.md §4.3, §7). Validates a parsed spreadsheet import row by row;
 * the caller stores it all or nothing (`isImportAcceptable`). ID numbers are compared through a
 * keyed hash computed elsewhere (`hashOf`), so this module never sees the key.
 */
import { allowed, refuse, type Verdict } from '../errors';
import type { CivilDate } from './dates';
import { isOfVotingAge, isValidPhone, maskIdNumber, normalizePhone, parseResidentId, type Gender } from './idcard';

/** 登记依据: local household registration; residence ≥ N months without it; community worker there ≥ 6 months. */
export const REGISTRATION_BASES = ['local_hukou', 'long_term_resident', 'community_worker'] as const;
export type RegistrationBasis = (typeof REGISTRATION_BASES)[number];

/** One row as parsed from the file: every cell still text. */
export type RegisterImportRow = {
  name: string;
  idNumber: string;
  gender: string;
  group: string;
  householdId: string;
  phone?: string | null;
  basis: string;
};

export type RegisterField = keyof RegisterImportRow;

export type VoterEntry = {
  row: number;
  name: string;
  /** Normalized ID number: the caller encrypts it and must not log it. */
  idNumber: string;
  idHash: string;
  maskedId: string;
  birthDate: CivilDate;
  gender: Gender;
  group: string;
  householdId: string;
  phone: string | null;
  basis: RegistrationBasis;
};

export type RowError = { row: number; field: RegisterField; key: string; params?: Record<string, string | number> };

export type RegisterImportResult = { entries: VoterEntry[]; errors: RowError[] };

export type RegisterCheckOptions = {
  electionDay: CivilDate;
  /** Keyed hash of a normalized ID number (HMAC elsewhere). */
  hashOf: (idNumber: string) => string;
  /** Hashes already on this community's register. */
  registeredHashes: ReadonlySet<string>;
  /** Hashes of active registrations in other communities (§8 #16). */
  registeredElsewhereHashes?: ReadonlySet<string>;
  /** Number shown for the first data row; default 1. */
  firstRowNumber?: number;
};

const NAME_MAX = 50;
const GENDERS: Record<string, Gender> = { male: 'male', female: 'female', 男: 'male', 女: 'female' };

const isBasis = (v: string): v is RegistrationBasis => (REGISTRATION_BASES as readonly string[]).includes(v);

/** Words a committee writes in a spreadsheet for each basis, besides the codes themselves. */
const BASIS_WORDS: Record<string, RegistrationBasis> = {
  户籍: 'local_hukou',
  本社区户籍: 'local_hukou',
  本地户籍: 'local_hukou',
  居住: 'long_term_resident',
  常住: 'long_term_resident',
  在本社区居住满规定时间: 'long_term_resident',
  工作: 'community_worker',
  在本社区工作: 'community_worker',
};

/** A basis code from a cell: the code itself or one of the usual Chinese words. */
export function normalizeBasis(raw: string): string {
  const v = raw.trim();
  return BASIS_WORDS[v] ?? v.toLowerCase();
}

/** A voter already registered in another community is refused until that registration is withdrawn (§8 #16). */
export function checkNotRegisteredElsewhere(idHash: string, registeredElsewhereHashes: ReadonlySet<string>): Verdict {
  return registeredElsewhereHashes.has(idHash) ? refuse('election.errors.registeredElsewhere') : allowed;
}

export function checkNotAlreadyRegistered(idHash: string, registeredHashes: ReadonlySet<string>): Verdict {
  return registeredHashes.has(idHash) ? refuse('election.errors.alreadyRegistered') : allowed;
}

/** Eligible by age on day E; a person turning 18 on or before E is eligible (§8 #17). */
export function checkVotingAge(birthDate: CivilDate, electionDay: CivilDate): Verdict {
  return isOfVotingAge(birthDate, electionDay) ? allowed : refuse('election.errors.underAge', { electionDay });
}

/**
 * Validate one row on its own (no duplicate-in-file check). Used for imports and for a single
 * voter added through an objection.
 */
export function validateRegisterRow(
  input: RegisterImportRow,
  row: number,
  opts: RegisterCheckOptions,
): { entry: VoterEntry | null; errors: RowError[] } {
  const errors: RowError[] = [];
  const err = (field: RegisterField, key: string, params?: Record<string, string | number>) =>
    errors.push({ row, field, key, ...(params ? { params } : {}) });

  const name = (input.name ?? '').trim();
  if (name === '') err('name', 'election.errors.nameRequired');
  else if (name.length > NAME_MAX) err('name', 'election.errors.nameTooLong', { max: NAME_MAX });

  const gender = GENDERS[(input.gender ?? '').trim().toLowerCase()];
  if (!gender) err('gender', 'election.errors.genderInvalid');

  const group = (input.group ?? '').trim();
  if (group === '') err('group', 'election.errors.groupRequired');

  const householdId = (input.householdId ?? '').trim();
  if (householdId === '') err('householdId', 'election.errors.householdRequired');

  const rawPhone = (input.phone ?? '').trim();
  const phone = rawPhone === '' ? null : normalizePhone(rawPhone);
  if (phone !== null && !isValidPhone(phone)) err('phone', 'election.errors.phoneFormat');

  const basis = normalizeBasis(input.basis ?? '');
  if (!isBasis(basis)) err('basis', 'election.errors.basisInvalid');

  const parsed = parseResidentId(input.idNumber ?? '');
  let idHash = '';
  if (!parsed.ok) err('idNumber', parsed.key);
  else {
    const id = parsed.value;
    if (gender && gender !== id.gender) err('gender', 'election.errors.genderMismatch');
    const age = checkVotingAge(id.birthDate, opts.electionDay);
    if (!age.ok) err('idNumber', age.key, age.params);
    idHash = opts.hashOf(id.id);
    const here = checkNotAlreadyRegistered(idHash, opts.registeredHashes);
    if (!here.ok) err('idNumber', here.key);
    const elsewhere = checkNotRegisteredElsewhere(idHash, opts.registeredElsewhereHashes ?? new Set());
    if (!elsewhere.ok) err('idNumber', elsewhere.key);
  }

  if (errors.length > 0 || !parsed.ok || !gender || !isBasis(basis)) return { entry: null, errors };
  return {
    entry: {
      row,
      name,
      idNumber: parsed.value.id,
      idHash,
      maskedId: maskIdNumber(parsed.value.id),
      birthDate: parsed.value.birthDate,
      gender,
      group,
      householdId,
      phone,
      basis,
    },
    errors,
  };
}

/**
 * Validates an import chunk by chunk (for progress), remembering every ID number seen so far so a
 * duplicate is caught whichever chunk it is in. Rows are numbered from `firstRowNumber` (default 1).
 */
export function createRegisterValidator(opts: RegisterCheckOptions) {
  let next = opts.firstRowNumber ?? 1;
  const entries: VoterEntry[] = [];
  const errors: RowError[] = [];
  const firstSeen = new Map<string, number>(); // normalized ID → row number of its first occurrence
  return {
    add(rows: readonly RegisterImportRow[]): void {
      for (const input of rows) {
        const row = next++;
        const result = validateRegisterRow(input, row, opts);
        const parsed = parseResidentId(input.idNumber ?? '');
        if (parsed.ok) {
          const earlier = firstSeen.get(parsed.value.id);
          if (earlier !== undefined) {
            result.errors.push({ row, field: 'idNumber', key: 'election.errors.duplicateInFile', params: { firstRow: earlier } });
            result.entry = null;
          } else firstSeen.set(parsed.value.id, row);
        }
        errors.push(...result.errors);
        if (result.entry) entries.push(result.entry);
      }
    },
    result(): RegisterImportResult {
      return { entries, errors };
    },
  };
}

/** Validate a whole parsed import. Rows are numbered from `firstRowNumber` (default 1). */
export function validateRegisterImport(rows: readonly RegisterImportRow[], opts: RegisterCheckOptions): RegisterImportResult {
  const v = createRegisterValidator(opts);
  v.add(rows);
  return v.result();
}

/** An import is stored only if it has rows and not a single error (all or nothing). */
export function isImportAcceptable(result: RegisterImportResult): boolean {
  return result.errors.length === 0 && result.entries.length > 0;
}
