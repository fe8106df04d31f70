/**
 * Community configuration for the 四议两公开 process (DOMAIN.md §3.3, §3.4, §2). Every value has the
 * default and the range DOMAIN.md allows; "fixed" values are constants, not settings.
 */
import { z } from 'zod';
import { REAL_DAY_MS } from '../calendar';
import { DEFAULT_BODY_RULES, bodyRuleSchema, checkBodyRule, type BodyRule, type MeetingBody } from './meetings';
import { DomainError } from '../errors';

/** At most two returns per motion; the third failure at a joint or party meeting rejects it (PLATFORM, fixed). */
export const MAX_RETURNS = 2;
/** An overdue stage is escalated to the street office this many days after its due date (PLATFORM, fixed). */
export const ESCALATION_AFTER_DAYS = 7;
/** Fixed minimum of a resolution or result disclosure (PRACTICE [S14]). */
export const MIN_DISCLOSURE_DAYS = 7;
/** Committee reply to a resident objection (PRACTICE [S14]) and to a supervision inquiry ([S15]). */
export const OBJECTION_REPLY_DAYS = { resident: 3, supervisor: 10 } as const;
/** Inquorate meetings at the same stage after which supervisors and the street office are told (§3.4). */
export const INQUORATE_NOTIFY_AFTER = 2;

const int = (min: number, max: number, dflt: number) =>
  z
    .number({ error: 'form.notANumber' })
    .int({ error: 'form.notAWholeNumber' })
    .min(min, { error: 'form.outOfRange' })
    .max(max, { error: 'form.outOfRange' })
    .default(dflt);

export const motionSettingsSchema = z.object({
  /** Length of one day in ms: 86 400 000 in production, shorter in tests. */
  dayMs: z.number().int().positive().default(REAL_DAY_MS),
  /** `proposed`…`resolving` lapse this many days after first `proposed` without a resolution vote. */
  lapseDays: int(90, 365, 180),
  /** Stage due dates (§3.4): joint meeting after `proposed`, party review, resolution. */
  dueDays: z
    .object({ jointMeeting: int(7, 60, 15), partyReview: int(7, 60, 30), resolution: int(7, 60, 30) })
    .prefault({}),
  /** Notice periods before each kind of meeting (§3.4). The party committee has none. */
  noticeDays: z
    .object({
      joint_meeting: int(1, 7, 2),
      party_members_meeting: int(3, 10, 3),
      representatives_meeting: int(3, 10, 3),
      residents_meeting: int(3, 10, 7),
    })
    .prefault({}),
  /** Online voting window (§3.4). */
  votingWindowDays: int(1, 7, 3),
  /** Resolution and result disclosure windows; 7 is the fixed minimum. */
  disclosureDays: int(MIN_DISCLOSURE_DAYS, 30, MIN_DISCLOSURE_DAYS),
  /** Spending per item or purpose per year above which it is a major matter (§2 item 3), in CNY. */
  spendingThresholdYuan: int(5_000, 200_000, 20_000),
  /** Budget overrun beyond which implementation pauses for an amendment motion (§3.5, edge #14). */
  budgetOverrunPercent: int(0, 20, 10),
  /** Stricter rules per body; each is checked to be no laxer than the law/practice default. */
  bodyRules: z
    .partialRecord(
      z.enum([
        'party_committee',
        'joint_meeting',
        'party_members_meeting',
        'residents_meeting',
        'representatives_meeting',
      ]),
      bodyRuleSchema,
    )
    .default({}),
});

export type MotionSettingsInput = z.input<typeof motionSettingsSchema>;
export type MotionSettings = z.output<typeof motionSettingsSchema>;

/** Community settings with defaults filled in; throws `DomainError` if a value is out of range or laxer than law. */
export function resolveMotionSettings(input: MotionSettingsInput = {}): MotionSettings {
  const parsed = motionSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DomainError('motion.errors.settingOutOfRange', { setting: issue ? issue.path.join('.') : '' });
  }
  for (const [body, rule] of Object.entries(parsed.data.bodyRules) as [MeetingBody, BodyRule][]) {
    const verdict = checkBodyRule(body, rule);
    if (!verdict.ok) throw new DomainError(verdict.key, verdict.params);
  }
  return parsed.data;
}

export const DEFAULT_MOTION_SETTINGS: MotionSettings = resolveMotionSettings();

/** The rule a body decides by in this community. */
export function bodyRuleFor(body: MeetingBody, settings: MotionSettings): BodyRule {
  return settings.bodyRules[body] ?? DEFAULT_BODY_RULES[body];
}

/** Notice days before a meeting of this body; 0 for the party committee (no period set in DOMAIN.md). */
export function noticeDaysFor(body: MeetingBody, settings: MotionSettings): number {
  return body === 'party_committee' ? 0 : settings.noticeDays[body];
}
