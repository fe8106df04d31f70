/**
 * Resident identity card number 公民身份号码 (GB 11643-1999) and masking (DOMAIN.md §7).
 * 18 characters: 6-digit address code, 8-digit birth date, 3-digit sequence (odd = male),
 * check character from ISO 7064 MOD 11-2 ('X' stands for 10).
 */
import { maskPhone, normalizePhone } from '../privacy';
import { isCivilDate, isLeapYear, type CivilDate } from './dates';

// Phone masking is shared with every page that shows a phone (domain/privacy.ts).
export { maskPhone, normalizePhone };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const SHAPE = /^[1-9]\d{16}[\dX]$/;

export type Gender = 'male' | 'female';

export type ResidentId = {
  /** Normalized: trimmed, lower-case x upper-cased. */
  id: string;
  birthDate: CivilDate;
  gender: Gender;
};

export type ResidentIdResult = { ok: true; value: ResidentId } | { ok: false; key: string };

/** Trim and upper-case the check character; everything else must already be digits. */
export function normalizeIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

/** The check character GB 11643 assigns to the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export function parseResidentId(raw: string): ResidentIdResult {
  const id = normalizeIdNumber(raw);
  if (!SHAPE.test(id)) return { ok: false, key: 'election.errors.idFormat' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isCivilDate(birthDate)) return { ok: false, key: 'election.errors.idBirthDate' };
  if (idCheckCharacter(id.slice(0, 17)) !== id[17]) return { ok: false, key: 'election.errors.idChecksum' };
  return { ok: true, value: { id, birthDate, gender: Number(id[16]) % 2 === 1 ? 'male' : 'female' } };
}

export const isValidResidentId = (raw: string): boolean => parseResidentId(raw).ok;

/**
 * Completed years of age on `onDate`. A person born on 29 February has their birthday on
 * 28 February in common years (Civil Code Art. 202: no corresponding day → last day of the month).
 */
export function ageOn(birthDate: CivilDate, onDate: CivilDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  const birthdayDay = bm === 2 && bd === 29 && !isLeapYear(y) ? 28 : bd;
  const hadBirthday = m > bm || (m === bm && d >= birthdayDay);
  return y - by - (hadBirthday ? 0 : 1);
}

export const VOTING_AGE = 18;

/** Eligible by age: 18 on election day, the birthday itself included (Art. 8). */
export const isOfVotingAge = (birthDate: CivilDate, electionDay: CivilDate): boolean =>
  ageOn(birthDate, electionDay) >= VOTING_AGE;

/** `110***********1234`: first 3 and last 4 shown (§7.3). */
export function maskIdNumber(raw: string): string {
  const id = normalizeIdNumber(raw);
  if (id.length <= 7) return '*'.repeat(id.length);
  return id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4);
}

/** Mainland mobile number (11 digits, 1[3-9]…) or landline with area code (0xx[x]-xxxxxxx[x]). */
export function isValidPhone(raw: string): boolean {
  const p = normalizePhone(raw);
  return /^1[3-9]\d{9}$/.test(p) || /^0\d{2,3}\d{7,8}$/.test(p);
}

/** `138****1234`: first 3 and last 4 shown, the rest starred; very short numbers fully starred. */
