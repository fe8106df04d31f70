/**
 * zod schemas of the appraisal's inputs (plan, ballot, paper totals, the workflow's commands), with
 * size limits; every message is an i18n key (`appraisal.errors.*` or the `form.*` fallbacks).
 */
import { z } from 'zod';
import '../zodErrors';
import { CRITERION_MAX_CHARS, GRADES, MAX_CRITERIA, SCALES } from './rules';
import { SERVICE_KINDS, SURVEY_MAX_DAYS, SURVEY_MIN_DAYS } from './service';

export const MAX_RATERS = 500;
export const MAX_SUBJECTS = 15;
export const MAX_SERVICE_SUBJECTS = 30;
export const REPORT_MAX_CHARS = 5000;
export const QA_MAX_CHARS = 1000;
export const COMMENT_MAX_CHARS = 300;
export const REPLY_MAX_CHARS = 3000;
/** The longest rating window, in hours (14 days, as the longest survey window). */
export const MAX_WINDOW_HOURS = 14 * 24;

const id = z.string().trim().min(1, { error: 'form.required' }).max(64, { error: 'form.tooLong' });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'appraisal.errors.dateInvalid' });
const text = (max: number, required = 'form.required') =>
  z.string().trim().min(1, { error: required }).max(max, { error: 'form.tooLong' });
const unique = <T>(xs: T[]) => new Set(xs).size === xs.length;

export const gradeSchema = z.enum(GRADES, { error: 'appraisal.errors.gradeRequired' });

export const criteriaSchema = z
  .array(text(CRITERION_MAX_CHARS), { error: 'appraisal.errors.criteriaEmpty' })
  .min(1, { error: 'appraisal.errors.criteriaEmpty' })
  .max(MAX_CRITERIA, { error: 'appraisal.errors.criteriaTooMany' })
  .refine(unique, { error: 'appraisal.errors.criteriaRepeated' });

/** The plan the supervision committee makes (§9.2 step 1). */
export const planSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  title: text(80),
  /** The as-of date of the roster (subjects in office on that day). */
  planDate: isoDate,
  /** The meeting, epoch ms (≥ 5 days after the plan is announced). */
  meetingAt: z.number().int().positive(),
  /**
   * How long the rating window stays open after the meeting opens it, in hours: at most 14 days, the
   * longest survey window (PLATFORM, decision 064); the supervision committee may close it earlier.
   */
  windowHours: z
    .number({ error: 'appraisal.errors.windowHours' })
    .int({ error: 'appraisal.errors.windowHours' })
    .min(1, { error: 'appraisal.errors.windowHours' })
    .max(MAX_WINDOW_HOURS, { error: 'appraisal.errors.windowHours' }),
  scale: z.enum(SCALES, { error: 'form.invalidChoice' }),
  criteria: criteriaSchema,
  subjectIds: z
    .array(id, { error: 'appraisal.errors.subjectsEmpty' })
    .min(1, { error: 'appraisal.errors.subjectsEmpty' })
    .max(MAX_SUBJECTS, { error: 'form.tooMany' })
    .refine(unique, { error: 'appraisal.errors.subjectRepeated' }),
  raterIds: z
    .array(id, { error: 'appraisal.errors.ratersEmpty' })
    .min(1, { error: 'appraisal.errors.ratersEmpty' })
    .max(MAX_RATERS, { error: 'form.tooMany' })
    .refine(unique, { error: 'appraisal.errors.raterRepeated' }),
});
export type PlanInput = z.infer<typeof planSchema>;

/** One rater's form: per subject, a grade per criterion and an overall grade (§9.2 step 3). */
export const ballotSchema = z.object({
  subjects: z
    .array(
      z.object({
        subjectId: id,
        overall: gradeSchema,
        criteria: z.array(gradeSchema).max(MAX_CRITERIA, { error: 'form.tooMany' }),
      }),
    )
    .min(1, { error: 'appraisal.errors.ballotEmpty' })
    .max(MAX_SUBJECTS, { error: 'form.tooMany' }),
});
export type AppraisalBallot = z.infer<typeof ballotSchema>;

const count = z.number({ error: 'form.notANumber' }).int({ error: 'form.notAWholeNumber' }).min(0, { error: 'form.outOfRange' }).max(100000);
export const gradeCountsSchema = z.object({ good: count, fair: count, poor: count });

/** Paper totals as counted at the meeting: forms returned and void, and per subject the overall counts. */
export const paperTotalsSchema = z.object({
  returned: count,
  void: count,
  subjects: z
    .array(z.object({ subjectId: id, overall: gradeCountsSchema, criteria: z.array(gradeCountsSchema).max(MAX_CRITERIA) }))
    .min(1, { error: 'appraisal.errors.ballotEmpty' })
    .max(MAX_SUBJECTS, { error: 'form.tooMany' }),
});
export type PaperTotals = z.infer<typeof paperTotalsSchema>;

/** A service appraisal's set-up (§9.3). */
export const servicePlanSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  title: text(80),
  surveyDays: z
    .number()
    .int()
    .min(SURVEY_MIN_DAYS, { error: 'appraisal.errors.surveyDays' })
    .max(SURVEY_MAX_DAYS, { error: 'appraisal.errors.surveyDays' }),
  subjects: z
    .array(z.object({ name: text(60), kind: z.enum(SERVICE_KINDS, { error: 'form.invalidChoice' }) }))
    .min(1, { error: 'appraisal.errors.subjectsEmpty' })
    .max(MAX_SERVICE_SUBJECTS, { error: 'form.tooMany' })
    .refine((s) => unique(s.map((x) => x.name)), { error: 'appraisal.errors.subjectRepeated' }),
});
export type ServicePlanInput = z.infer<typeof servicePlanSchema>;

export const serviceRatingSchema = z.object({
  subjectId: id,
  grade: gradeSchema,
  comment: z.string().trim().max(COMMENT_MAX_CHARS, { error: 'form.tooLong' }).optional(),
});

export const reportSchema = z.object({ subjectId: id, text: text(REPORT_MAX_CHARS) });
export const questionSchema = z.object({ subjectId: id, question: text(QA_MAX_CHARS), answer: text(QA_MAX_CHARS) });
export const replySchema = z.object({ subjectId: id, text: text(REPLY_MAX_CHARS) });
