/**
 * The ballot as a sequence of screens without JavaScript: one office per screen, then a
 * confirmation in words, then the submission. Every screen is a plain form that carries all marks
 * made so far as fields; the server decides the next screen. Pure, used by both sides.
 */
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

/** Marks from a submitted screen (only candidates of this round; anything else is ignored). */
export function marksFrom(form: FormData, screen: BallotScreen): Marks {
  const marks: Marks = {};
  for (const s of screen.sections)
    for (const c of s.candidates) {
      const v = form.get(markField(s.office, c.id));
      marks[c.id] = v === 'yes' || v === 'no' ? v : 'abstain';
    }
  return marks;
}

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
