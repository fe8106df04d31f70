/**
 * Democratic appraisal 民主评议 (DOMAIN.md §9): the scale, the criteria, validity, the grade of a
 * subject and its flags. Pure, integers only (§0); used by the workflow, the web and the pages.
 */
import { atLeastOneThird, atLeastTwoThirds, meets, moreThanHalf, type Fraction } from '../quorum';

/** The three grades, from best to worst; a scale says how they read (满意… or 称职…). */
export const GRADES = ['good', 'fair', 'poor'] as const;
export type Grade = (typeof GRADES)[number];
/** 满意 / 基本满意 / 不满意, or 称职 / 基本称职 / 不称职 (§9.2 step 1). */
export const SCALES = ['satisfaction', 'competence'] as const;
export type Scale = (typeof SCALES)[number];

/** The criteria most communities use (PRACTICE, §9.2 step 1); a plan may use its own list. */
export const DEFAULT_CRITERIA = ['工作态度', '工作方法', '办事效率', '团结协作', '服务群众', '公道廉洁', '工作成绩'] as const;
export const MAX_CRITERIA = 12;
export const CRITERION_MAX_CHARS = 20;

export type GradeCounts = Record<Grade, number>;
export const noCounts = (): GradeCounts => ({ good: 0, fair: 0, poor: 0 });
export const totalOf = (c: GradeCounts) => c.good + c.fair + c.poor;
export const addCounts = (a: GradeCounts, b: GradeCounts): GradeCounts => ({
  good: a.good + b.good,
  fair: a.fair + b.fair,
  poor: a.poor + b.poor,
});

/** Validity (§9.2 step 4, PLATFORM): forms returned ≥ two thirds of the raters, else re-run. */
export function appraisalValid(returned: number, raters: number): boolean {
  return raters > 0 && atLeastTwoThirds(returned, raters);
}
/** The smallest number of returned forms that makes the appraisal valid. */
export const returnsNeeded = (raters: number) => Math.ceil((2 * raters) / 3);

/** What a subject's result says (§9.2 step 5). */
export type Overall = 'competent' | 'basicallyCompetent' | 'incompetent';
export type Flag = 'talk' | 'incompetent' | 'incompetentTwoYears' | 'underSixMonths';

export interface SubjectTally {
  counts: GradeCounts;
  /** Valid forms that rated this subject (a rater never rates themselves). */
  valid: number;
  /** (满意 + 基本满意) / valid, as a whole per mille (0–1000), or null with no valid form. */
  satisfactionPermille: number | null;
  overall: Overall | null;
  flags: Flag[];
}

/** Community settings for the consequences (§9.2 steps 5–6; configurable, PLATFORM defaults). */
export interface AppraisalRules {
  /** 不满意 from this share of valid forms makes the grade 不称职 (default: more than half). */
  incompetentAt: Fraction;
  /** Whether 不称职 two years in a row ends the office on certification (a province's rule). */
  twoYearsEndsOffice: boolean;
}
export const DEFAULT_RULES: AppraisalRules = { incompetentAt: 'moreThanHalf', twoYearsEndsOffice: false };

/** Per mille, rounded down (integers only): 2 of 3 → 666. */
export const permille = (x: number, n: number): number | null => (n > 0 ? Math.floor((1000 * x) / n) : null);

/**
 * One subject's tally. Overall grade (PLATFORM, §9.2 step 5): 不称职 when 不满意 meets
 * `incompetentAt` of valid forms (default more than half: exactly half is not), 称职 when 满意 is
 * more than half, else 基本称职. 不满意 from at least one third → a talk 诫勉谈话 (exactly one third
 * counts). 不称职 this year and last year → incompetentTwoYears. In office under six months on the
 * plan date → underSixMonths (rated, marked, §9.4).
 */
export function tallySubject(
  counts: GradeCounts,
  o: { rules?: AppraisalRules; lastYear?: Overall | null; underSixMonths?: boolean } = {},
): SubjectTally {
  const rules = o.rules ?? DEFAULT_RULES;
  const valid = totalOf(counts);
  const flags: Flag[] = [];
  let overall: Overall | null = null;
  if (valid > 0) {
    overall = meets(rules.incompetentAt, counts.poor, valid)
      ? 'incompetent'
      : moreThanHalf(counts.good, valid)
      ? 'competent'
      : 'basicallyCompetent';
    if (atLeastOneThird(counts.poor, valid)) flags.push('talk');
    if (overall === 'incompetent') flags.push('incompetent');
    if (overall === 'incompetent' && o.lastYear === 'incompetent') flags.push('incompetentTwoYears');
  }
  if (o.underSixMonths) flags.push('underSixMonths');
  return { counts, valid, satisfactionPermille: permille(counts.good + counts.fair, valid), overall, flags };
}

/** Whole months between two civil dates (YYYY-MM-DD): in office "under six months" on the plan date (§9.4). */
export function underSixMonths(inOfficeSince: string, planDate: string): boolean {
  const [y1, m1, d1] = inOfficeSince.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = planDate.split('-').map(Number) as [number, number, number];
  const months = (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
  return months < 6;
}
