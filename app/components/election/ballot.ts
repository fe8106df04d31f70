/**
 * The ballot as a sequence of screens without JavaScript: one office per screen, then a
 * confirmation in words, then the submission. Every screen is a plain form that carries all marks
 * made so far as fields; the server decides the next screen. Pure, used by both sides.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import { z } from 'zod';
import type { Ballot, Mark } from '../../../domain/election/ballot';
import type { Office } from '../../../domain/election/plan';

export type BallotScreen = {
  roundNo: number;
  roundKind: string;
  sections: { office: Office; seats: number; candidates: { id: string; name: string }[] }[];
};

export type Marks = Record<string, Mark>;

export type BallotState = {
  /** 0…sections.length-1: an office; sections.length: the confirmation. */
  step: number;
  marks: Marks;
  error?: { key: string; params?: Record<string, string | number> } | null;
};

export const markField = (office: Office, candidateId: string) => `mark.${office}.${candidateId}`;

/**
 * One ballot screen's form: the button pressed, the screen and round it was on, and every mark so
 * far (`mark.<office>.<candidate>`). Nothing here refuses: an unknown button stays on the screen, an
 * unknown mark is no mark, and whether the round and candidates are this election's is the page's
 * (and the workflow's) to say.
 */
export const ballotFormSchema = z.object({
  intent: z.enum(['next', 'back', 'submit', 'code']).optional().catch(undefined),
  step: z.coerce.number().int().min(0).max(100).catch(0),
  round: z.coerce.number().int().min(0).max(10_000).optional().catch(undefined),
  // Keys are not checked here: a field of another office or candidate is ignored below, not a reason to drop every mark.
  mark: z.record(z.string(), z.record(z.string(), z.enum(['yes', 'no', 'abstain']).catch('abstain')).catch({})).optional().catch(undefined),
});

export type BallotForm = { intent: z.output<typeof ballotFormSchema>['intent']; step: number; round: number | undefined; marks: Marks };

/** A submitted screen, read with its schema; marks only for candidates of this round (anything else is ignored). */
export function ballotFormOf(form: FormData, screen: BallotScreen): BallotForm {
  const submission = parseWithZod(form, { schema: ballotFormSchema });
  const v = submission.status === 'success' ? submission.value : { intent: undefined, step: 0, round: undefined, mark: undefined };
  const marks: Marks = {};
  for (const s of screen.sections)
    for (const c of s.candidates) {
      const m = v.mark?.[s.office as string]?.[c.id];
      marks[c.id] = m === 'yes' || m === 'no' ? m : 'abstain';
    }
  return { intent: v.intent, step: v.step, round: v.round, marks };
}

/** Marks from a submitted screen (only candidates of this round; anything else is ignored). */
export const marksFrom = (form: FormData, screen: BallotScreen): Marks => ballotFormOf(form, screen).marks;

export function ballotOf(marks: Marks, screen: BallotScreen): Ballot {
  const ballot: Ballot = {};
  for (const s of screen.sections) {
    const m: Record<string, Mark> = {};
    for (const c of s.candidates) if (marks[c.id] && marks[c.id] !== 'abstain') m[c.id] = marks[c.id]!;
    ballot[s.office] = { marks: m, writeIns: [] };
  }
  return ballot;
}

/** The next screen after `intent` on screen `step` (too many "yes" keeps the voter on the screen). */
export function nextScreen(screen: BallotScreen, step: number, intent: string, marks: Marks): BallotState {
  const last = screen.sections.length;
  const here = Math.min(Math.max(0, step), last);
  if (intent === 'back') return { step: Math.max(0, here - 1), marks };
  if (intent === 'next' && here < last) {
    const s = screen.sections[here]!;
    const chosen = s.candidates.filter((c) => marks[c.id] === 'yes').length;
    if (chosen > s.seats) return { step: here, marks, error: { key: 'election.errors.tooManyChoices', params: { office: s.office, seats: s.seats, chosen } } };
    return { step: here + 1, marks };
  }
  return { step: here, marks };
}
