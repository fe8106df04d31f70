/**
 * Form-level schemas of the motion pages: what a page posts (array fields, one text area of account
 * lines), turned by the schema itself into the command the workflow's schema checks. No route
 * rewrites FormData; conform reads `roster[i].choice` as an array of objects.
 */
import { z } from 'zod';
import '../zodErrors';
import { LIMITS, finalReportSchema } from './schemas';

/** One person's row at a meeting voted by name: absent, a vote, present without a vote, or recused. */
export const ROSTER_CHOICES = ['absent', 'agree', 'disagree', 'abstain', 'present', 'recused'] as const;
export type RosterChoice = (typeof ROSTER_CHOICES)[number];

const rosterRows = z
  .array(
    z.object({
      personId: z.string({ error: 'form.invalid' }).max(LIMITS.id, { error: 'form.invalid' }),
      choice: z.enum(ROSTER_CHOICES, { error: 'form.invalidChoice' }).default('absent'),
    }),
    { error: 'form.invalid' },
  )
  .max(LIMITS.listItems, { error: 'form.tooMany' })
  .default([]);

/** The roster rows as the minutes' attendance, named votes and recusals. */
export function rosterToMinutes(rows: readonly { personId: string; choice: RosterChoice }[]) {
  const attendeeIds: string[] = [];
  const votes: { personId: string; choice: 'agree' | 'disagree' | 'abstain' }[] = [];
  const recusedIds: string[] = [];
  for (const { personId, choice } of rows) {
    if (choice === 'absent') continue;
    if (choice === 'recused') {
      recusedIds.push(personId);
      continue;
    }
    attendeeIds.push(personId);
    if (choice !== 'present') votes.push({ personId, choice });
  }
  return { attendeeIds, votes, recusedIds };
}

/** A meeting voted by name, as its page posts it (`roster[i].personId`, `roster[i].choice`). */
export function withRoster<S extends z.ZodType>(schema: S) {
  return z
    .looseObject({ roster: rosterRows })
    .transform(({ roster, ...rest }): unknown => ({ ...rest, ...rosterToMinutes(roster) }))
    .pipe(schema);
}

/** "项目 金额" per line of the final accounts: the item, then the amount (元 optional). */
export function accountLines(text: string) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const m = /^(.*?)[\s:：,，]+(-?[\d.,]+)\s*元?$/.exec(l);
      return { item: m ? m[1]! : l, amountYuan: m ? m[2]!.replace(/,/g, '') : '' };
    });
}

/** The completion report as its page posts it: the accounts in one text area (`linesText`). */
export const finalReportFormSchema = z
  .looseObject({ linesText: z.string().max(LIMITS.longText, { error: 'form.tooLong' }).default('') })
  .transform(({ linesText, ...rest }): unknown => ({ ...rest, lines: accountLines(linesText) }))
  .pipe(finalReportSchema);

/**
 * Who stands aside from an item's online vote for a conflict of interest (§8 #12), ticked by the
 * director or a committee member. At least one; a recusal once recorded stays (the server adds).
 */
export const recusalFormSchema = z.object(
  {
    personIds: z
      .array(z.string({ error: 'form.invalid' }).max(LIMITS.id, { error: 'form.invalid' }), { error: 'motion.errors.noneTicked' })
      .min(1, { error: 'motion.errors.noneTicked' })
      .max(LIMITS.listItems, { error: 'form.tooMany' }),
  },
  { error: 'form.invalid' },
);
