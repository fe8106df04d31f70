/**
 * Integer threshold arithmetic for elections (DOMAIN.md §0, fixed). Kept inside domain/election
 * so this module depends on nothing but itself; a tie never passes.
 */

/** 过半数: more than half of n. */
export const moreThanHalf = (x: number, n: number): boolean => 2 * x > n;

/** 不少于三分之一: not less than one third of n. */
export const atLeastOneThird = (x: number, n: number): boolean => 3 * x >= n;

export const isNonNegativeInteger = (x: unknown): x is number =>
  typeof x === 'number' && Number.isInteger(x) && x >= 0;
