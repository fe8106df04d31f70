import { atLeastOneThird, atLeastTwoThirds, meets, moreThanHalf, needed, FRACTIONS } from './quorum';

describe('moreThanHalf (过半数)', () => {
  it('never passes a tie', () => {
    expect(moreThanHalf(5, 10)).toBe(false);
    expect(moreThanHalf(1, 2)).toBe(false);
    expect(moreThanHalf(0, 0)).toBe(false);
  });

  it('passes one vote over half, for even and odd totals', () => {
    expect(moreThanHalf(6, 10)).toBe(true);
    expect(moreThanHalf(3, 5)).toBe(true);
    expect(moreThanHalf(2, 5)).toBe(false);
    expect(moreThanHalf(51, 101)).toBe(true);
    expect(moreThanHalf(50, 101)).toBe(false);
  });
});

describe('atLeastTwoThirds (三分之二以上)', () => {
  it('counts exactly two thirds as reached', () => {
    expect(atLeastTwoThirds(2, 3)).toBe(true);
    expect(atLeastTwoThirds(10, 15)).toBe(true);
    expect(atLeastTwoThirds(14, 21)).toBe(true);
  });

  it('refuses one short of two thirds', () => {
    expect(atLeastTwoThirds(1, 3)).toBe(false);
    expect(atLeastTwoThirds(9, 15)).toBe(false);
    expect(atLeastTwoThirds(13, 21)).toBe(false);
  });

  it('rounds up when two thirds is not whole (7 of 10, not 6)', () => {
    expect(atLeastTwoThirds(6, 10)).toBe(false);
    expect(atLeastTwoThirds(7, 10)).toBe(true);
  });

  it('uses integers, so 2/3 of large rosters has no floating-point drift', () => {
    // 0.6666… × 3_000_000 in floating point would be fragile; 3x ≥ 2n is exact.
    expect(atLeastTwoThirds(2_000_000, 3_000_000)).toBe(true);
    expect(atLeastTwoThirds(1_999_999, 3_000_000)).toBe(false);
  });
});

describe('atLeastOneThird (不少于三分之一)', () => {
  it('counts exactly one third as reached', () => {
    expect(atLeastOneThird(1, 3)).toBe(true);
    expect(atLeastOneThird(5, 15)).toBe(true);
    expect(atLeastOneThird(4, 15)).toBe(false);
    expect(atLeastOneThird(3, 10)).toBe(false);
    expect(atLeastOneThird(4, 10)).toBe(true);
  });
});

describe('needed', () => {
  it('is the smallest count that meets the fraction, for every roster up to 200', () => {
    for (const f of FRACTIONS) {
      for (let n = 0; n <= 200; n++) {
        const k = needed(f, n);
        expect(meets(f, k, n)).toBe(true);
        if (k > 0) expect(meets(f, k - 1, n)).toBe(false);
      }
    }
  });

  it('gives the numbers the UI shows', () => {
    expect(needed('moreThanHalf', 10)).toBe(6);
    expect(needed('moreThanHalf', 7)).toBe(4);
    expect(needed('atLeastTwoThirds', 15)).toBe(10);
    expect(needed('atLeastTwoThirds', 3)).toBe(2);
    expect(needed('atLeastOneThird', 10)).toBe(4);
  });

  it('refuses counts that are not whole numbers', () => {
    expect(() => needed('moreThanHalf', -1)).toThrow(RangeError);
    expect(() => needed('moreThanHalf', 2.5)).toThrow(RangeError);
  });
});
