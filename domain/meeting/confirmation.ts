/**
 * The second person (DOMAIN.md §3.2, edge #13): a count a person types — attendance on paper, a party
 * members' or residents' meeting's numbers, a show of hands — counts only once a *different* permitted
 * person has typed the same numbers. Until then it is "awaiting confirmation"; if the numbers differ,
 * both entries are kept and shown to both people, and nothing counts until a new entry is confirmed.
 *
 * The second person types the numbers without seeing the first entry (blind double entry); equality
 * is the confirmation. Pure: the meeting workflow keeps the state, the page shows it.
 */
import { DomainError } from '../errors';
import { checkPaperTally } from '../motion/meetings';
import { holdsAny, type Actor } from '../motion/permissions';
import type { Role } from '../roles';

/** Who may type a count: the committee, and the party secretary or party committee for party meetings. */
export const COUNT_ENTRY_ROLES: readonly Role[] = ['committee_member', 'party_secretary', 'party_committee_member'];
/** Who may confirm it (§3.2: a committee member or a supervisor). */
export const COUNT_CONFIRM_ROLES: readonly Role[] = ['committee_member', 'supervisor'];

export interface CountEntry<C> {
  counts: C;
  enteredBy: string;
  enteredAt: number;
  /** The signed sheet's scan (attachment reference), required before anything counts. */
  scanRef: string;
}

export type Confirmation<C> =
  | { status: 'empty' }
  | { status: 'awaiting'; entry: CountEntry<C> }
  /** Two different numbers: both shown, nothing counts; the next entry starts again. */
  | { status: 'mismatch'; entry: CountEntry<C>; other: CountEntry<C> }
  | { status: 'confirmed'; entry: CountEntry<C>; confirmedBy: string; confirmedAt: number };

export const EMPTY: Confirmation<never> = { status: 'empty' };

/** Canonical comparison of two entries' numbers (key order and array order of ids do not matter). */
export function sameCounts(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).sort().join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Whether this actor may type (or confirm) counts now; throws a refusal otherwise. */
export function assertMayEnter<C>(c: Confirmation<C>, actor: Actor, userId: string): void {
  if (c.status === 'confirmed') throw new DomainError('meeting.errors.alreadyConfirmed');
  const confirming = c.status === 'awaiting' && c.entry.enteredBy !== userId;
  if (!holdsAny(actor, confirming ? COUNT_CONFIRM_ROLES : COUNT_ENTRY_ROLES)) {
    // A supervisor may confirm but never enter first.
    throw new DomainError(c.status === 'awaiting' ? 'meeting.errors.mayNotConfirm' : 'motion.errors.notPermitted');
  }
}

/**
 * One person types the numbers. Empty or after a mismatch: this is the first entry. Awaiting and the
 * same person: their entry is replaced (a typing fix; still awaiting). Awaiting and another person:
 * the same numbers confirm it, different numbers are a mismatch.
 */
export function submitCount<C>(c: Confirmation<C>, entry: CountEntry<C>): Confirmation<C> {
  if (c.status === 'confirmed') throw new DomainError('meeting.errors.alreadyConfirmed');
  if (c.status !== 'awaiting' || c.entry.enteredBy === entry.enteredBy) return { status: 'awaiting', entry };
  if (!sameCounts(c.entry.counts, entry.counts)) return { status: 'mismatch', entry: c.entry, other: entry };
  const first = c.entry;
  // The rule of §3.2 as domain/ states it once: scan present, confirmed, by someone else.
  const verdict = checkPaperTally({ enteredBy: first.enteredBy, confirmedBy: entry.enteredBy, scanRef: first.scanRef });
  if (!verdict.ok) throw new DomainError(verdict.key, verdict.params);
  return { status: 'confirmed', entry: first, confirmedBy: entry.enteredBy, confirmedAt: entry.enteredAt };
}

/** The numbers that count: only confirmed ones. */
export function confirmedCounts<C>(c: Confirmation<C>): C | undefined {
  return c.status === 'confirmed' ? c.entry.counts : undefined;
}

/** What a person sees of an entry: the numbers only once they no longer decide a confirmation. */
export function visibleTo<C>(c: Confirmation<C>, userId: string): Confirmation<C> | { status: 'awaiting'; enteredBy: string; enteredAt: number } {
  if (c.status === 'awaiting' && c.entry.enteredBy !== userId) {
    return { status: 'awaiting', enteredBy: c.entry.enteredBy, enteredAt: c.entry.enteredAt };
  }
  return c;
}
