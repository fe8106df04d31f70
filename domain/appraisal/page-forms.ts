/**
 * The appraisal list page's two plan forms (DOMAIN.md §9.2 step 1, §9.3), one schema each, read by
 * conform in the browser and by the page's action alike. Each gives the plan the workflow's own
 * schema checks again (planSchema, servicePlanSchema): the fields as people fill them in — a year
 * typed, the meeting's Shanghai time, one criterion or unit per line, ticked names.
 */
import { z } from 'zod';
import '../zodErrors';
import { parseShanghaiDateTime } from '../calendar';
import { CRITERION_MAX_CHARS, MAX_CRITERIA, SCALES } from './rules';
import { MAX_RATERS, MAX_SERVICE_SUBJECTS, MAX_SUBJECTS, MAX_WINDOW_HOURS, criteriaSchema } from './schemas';
import { SERVICE_KINDS, SURVEY_MAX_DAYS, SURVEY_MIN_DAYS } from './service';

const form = <T extends z.ZodRawShape>(shape: T) => z.object(shape, { error: 'form.invalid' });
const title = z.string({ error: 'form.required' }).trim().min(1, { error: 'form.required' }).max(80, { error: 'form.tooLong' });
const year = z.coerce.number({ error: 'form.notANumber' }).int({ error: 'form.notAWholeNumber' }).min(2000, { error: 'form.outOfRange' }).max(2100, { error: 'form.outOfRange' });
const wholeNumber = (min: number, max: number, error: string) => z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
/** A text area, one entry per line; blank lines dropped. */
const lines = (maxChars: number) => (v: unknown) =>
  typeof v === 'string' ? v.slice(0, maxChars).split(/\r?\n/).map((l) => l.trim()).filter(Boolean) : v;
/** Ticked names: a browser posts nothing when no box is ticked, which is an empty list. */
const ticked = (max: number, empty: string) =>
  z
    .array(z.string().trim().min(1).max(64, { error: 'form.tooLong' }), { error: 'form.invalid' })
    .default([])
    .refine((xs) => xs.length > 0, { error: empty })
    .refine((xs) => xs.length <= max, { error: 'form.tooMany' });

export const cadrePlanFormSchema = form({
  intent: z.literal('cadre'),
  title,
  year,
  planDate: z.string({ error: 'form.required' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'appraisal.errors.dateInvalid' }),
  /** The browser's `datetime-local`, read as Shanghai time. */
  meetingAt: z.preprocess(
    (v) => (typeof v === 'string' ? (parseShanghaiDateTime(v) ?? Number.NaN) : v),
    z.number({ error: 'form.invalidDate' }),
  ),
  windowHours: wholeNumber(1, MAX_WINDOW_HOURS, 'appraisal.errors.windowHours'),
  scale: z.enum(SCALES, { error: 'form.invalidChoice' }),
  criteria: z.preprocess(lines((CRITERION_MAX_CHARS + 2) * (MAX_CRITERIA + 8)), criteriaSchema),
  subjectIds: ticked(MAX_SUBJECTS, 'appraisal.errors.subjectsEmpty'),
  raterIds: ticked(MAX_RATERS, 'appraisal.errors.ratersEmpty'),
});

export const servicePlanFormSchema = form({
  intent: z.literal('service'),
  title,
  year,
  surveyDays: wholeNumber(SURVEY_MIN_DAYS, SURVEY_MAX_DAYS, 'appraisal.errors.surveyDays'),
  units: z.preprocess(
    lines(2000),
    z
      .array(z.string().max(60, { error: 'form.tooLong' }), { error: 'appraisal.errors.subjectsEmpty' })
      .min(1, { error: 'appraisal.errors.subjectsEmpty' })
      .max(MAX_SERVICE_SUBJECTS, { error: 'form.tooMany' }),
  ),
  unitKind: z.enum(SERVICE_KINDS, { error: 'form.invalidChoice' }),
});

export const appraisalPlanFormSchema = z.discriminatedUnion('intent', [cadrePlanFormSchema, servicePlanFormSchema], { error: 'form.invalid' });
