import { appraisalValid, returnsNeeded, tallySubject, underSixMonths } from './rules';
import { MIN_SERVICE_RATINGS, serviceResult } from './service';

describe('validity: forms returned ≥ two thirds of the raters (§9.2 step 4)', () => {
  it('exactly two thirds returned is valid; one fewer is not', () => {
    expect(appraisalValid(12, 18)).toBe(true);
    expect(appraisalValid(11, 18)).toBe(false);
    expect(returnsNeeded(18)).toBe(12);
  });
  it('16 representatives: 11 returned is valid (3·11 ≥ 32), 10 is not', () => {
    expect(returnsNeeded(16)).toBe(11);
    expect(appraisalValid(11, 16)).toBe(true);
    expect(appraisalValid(10, 16)).toBe(false);
  });
  it('a plan without raters is never valid', () => expect(appraisalValid(0, 0)).toBe(false));
});

describe('a subject’s grade and flags (§9.2 steps 5–6)', () => {
  it('exactly half 不满意 is not 不称职 (a tie never passes) but is flagged for a talk', () => {
    const t = tallySubject({ good: 4, fair: 0, poor: 4 });
    expect(t.overall).toBe('basicallyCompetent');
    expect(t.flags).toEqual(['talk']);
  });
  it('more than half 不满意 is 不称职', () => {
    const t = tallySubject({ good: 3, fair: 1, poor: 5 });
    expect(t.overall).toBe('incompetent');
    expect(t.flags).toEqual(['talk', 'incompetent']);
  });
  it('exactly one third 不满意 is flagged for a talk; just under one third is not', () => {
    expect(tallySubject({ good: 8, fair: 2, poor: 5 }).flags).toEqual(['talk']);
    expect(tallySubject({ good: 9, fair: 2, poor: 5 }).flags).toEqual([]);
  });
  it('满意 from more than half is 称职; exactly half is 基本称职', () => {
    expect(tallySubject({ good: 9, fair: 7, poor: 0 }).overall).toBe('competent');
    expect(tallySubject({ good: 8, fair: 8, poor: 0 }).overall).toBe('basicallyCompetent');
  });
  it('satisfaction = (满意 + 基本满意) / valid forms, in whole per mille rounded down', () => {
    expect(tallySubject({ good: 1, fair: 1, poor: 1 }).satisfactionPermille).toBe(666);
    expect(tallySubject({ good: 0, fair: 0, poor: 0 }).satisfactionPermille).toBeNull();
  });
  it('不称职 two years in a row is flagged; 不称职 after a good year is not', () => {
    expect(tallySubject({ good: 1, fair: 1, poor: 9 }, { lastYear: 'incompetent' }).flags).toContain('incompetentTwoYears');
    expect(tallySubject({ good: 1, fair: 1, poor: 9 }, { lastYear: 'competent' }).flags).not.toContain('incompetentTwoYears');
    expect(tallySubject({ good: 9, fair: 1, poor: 1 }, { lastYear: 'incompetent' }).flags).toEqual([]);
  });
  it('a stricter setting (two thirds) keeps more than half 不满意 short of 不称职', () => {
    const t = tallySubject({ good: 2, fair: 2, poor: 5 }, { rules: { incompetentAt: 'atLeastTwoThirds', twoYearsEndsOffice: false } });
    expect(t.overall).toBe('basicallyCompetent');
  });
  it('in office under six months is rated and marked (§9.4)', () => {
    expect(underSixMonths('2026-06-02', '2026-12-01')).toBe(true);
    expect(underSixMonths('2026-06-01', '2026-12-01')).toBe(false);
    expect(tallySubject({ good: 3, fair: 0, poor: 0 }, { underSixMonths: true }).flags).toEqual(['underSixMonths']);
  });
});

describe('service appraisal results (§9.3, §9.4)', () => {
  it('fewer than 10 ratings shows too few and no rate', () => {
    expect(serviceResult({ good: 9, fair: 0, poor: 0 })).toEqual({ kind: 'tooFew', n: 9 });
    expect(serviceResult({ good: MIN_SERVICE_RATINGS, fair: 0, poor: 0 }).kind).toBe('rated');
  });
  it('exactly 60 % is not below the threshold; just under asks for a reply', () => {
    expect(serviceResult({ good: 3, fair: 3, poor: 4 })).toEqual({ kind: 'rated', n: 10, satisfactionPermille: 600, replyRequested: false });
    expect(serviceResult({ good: 5, fair: 6, poor: 8 })).toMatchObject({ replyRequested: true, satisfactionPermille: 578 });
  });
});
