/**
 * Quorum and threshold arithmetic, DOMAIN.md §0 (fixed, integers only). Pure; used by the
 * workflow, Update validators and the UI alike.
 *
 * A tie never passes: with x = n/2, `2x > n` is false.
 */

/** 过半数 — "more than half of n": 2x > n. */
export const moreThanHalf = (x: number, n: number): boolean => 2 * x > n;

/** 三分之二以上 — "at least two thirds of n": 3x ≥ 2n. */
export const atLeastTwoThirds = (x: number, n: number): boolean => 3 * x >= 2 * n;

/** 不少于三分之一 — "not less than one third of n": 3x ≥ n. */
export const atLeastOneThird = (x: number, n: number): boolean => 3 * x >= n;

/** A named threshold, as community settings and body rules store it. */
export const FRACTIONS = ['atLeastOneThird', 'moreThanHalf', 'atLeastTwoThirds'] as const;
export type Fraction = (typeof FRACTIONS)[number];

const TEST: Record<Fraction, (x: number, n: number) => boolean> = {
  atLeastOneThird,
  moreThanHalf,
  atLeastTwoThirds,
};

/** Whether x of n meets the fraction. */
export function meets(fraction: Fraction, x: number, n: number): boolean {
  return TEST[fraction](x, n);
}

/**
 * The smallest whole count x (0 ≤ x ≤ n + 1) that meets the fraction of n — the number the UI shows
 * as "需要 N 人". Derived from the predicate itself so it can never disagree with `meets`.
 */
export function needed(fraction: Fraction, n: number): number {
  assertCount(n);
  // Closed forms: ⌊n/2⌋+1, ⌈2n/3⌉, ⌈n/3⌉ — each checked against the predicate below.
  const guess =
    fraction === 'moreThanHalf'
      ? Math.floor(n / 2) + 1
      : fraction === 'atLeastTwoThirds'
      ? Math.ceil((2 * n) / 3)
      : Math.ceil(n / 3);
  if (!meets(fraction, guess, n) || (guess > 0 && meets(fraction, guess - 1, n))) {
    throw new Error(`needed(${fraction}, ${n}) inconsistent`); // unreachable; guards the closed form
  }
  return guess;
}

/** How strict a fraction is, for "only made stricter" configuration checks. */
export function strictness(fraction: Fraction): number {
  return FRACTIONS.indexOf(fraction);
}

export function isWholeCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function assertCount(n: number): void {
  if (!isWholeCount(n)) throw new RangeError(`count must be a whole number ≥ 0, got ${n}`);
}
