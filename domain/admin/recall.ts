/**
 * 罢免 (DOMAIN.md §4.8, §3 table "Residents' demand to convene", Art. 9/10): a residents'-committee
 * member is recalled only by the residents' meeting. Minyi records the petition (≥ 1/5 of adults,
 * 1/5 of households or 1/3 of residents' groups), the member's reply, and the meeting's secret vote:
 * quorum more than half of those who sit on it (adults / households / group representatives, per
 * mode), passed with yes > half of those present. A passed recall ends the member's term on the
 * meeting's date; a failed one changes nothing but is kept.
 */
import { z } from 'zod';
import '../zodErrors';
import { allowed, refuse, type Verdict } from '../errors';
import type { Role } from '../roles';

/** Who records a recall: the street office (the committee would record a decision about itself). */
export const RECALL_RECORDERS: readonly Role[] = ['street_office_admin'];

export const PETITION_BASES = ['adults', 'households', 'groups'] as const;
export type PetitionBasis = (typeof PETITION_BASES)[number];

const count = z.coerce.number({ error: 'form.notAWholeNumber' }).int({ error: 'form.notAWholeNumber' }).min(0, { error: 'form.outOfRange' }).max(1_000_000, { error: 'form.outOfRange' });
const text = (max: number) => z.string().trim().min(1, { error: 'form.required' }).max(max, { error: 'form.tooLong' });

export const recallSchema = z.object({
  membershipId: z.uuid({ error: 'form.required' }),
  petitionBasis: z.enum(PETITION_BASES, { error: 'form.required' }),
  petitionSigners: count,
  petitionBase: count.min(1, { error: 'form.outOfRange' }),
  memberReply: text(2000),
  meetingOn: z.iso.date({ error: 'form.invalidDate' }),
  meetingMembers: count.min(1, { error: 'form.outOfRange' }),
  present: count,
  yes: count,
});
export type RecallInput = z.output<typeof recallSchema>;

/** The petition's share: 1/5 of adults or households, 1/3 of groups (Art. 10). */
export function checkPetition(r: Pick<RecallInput, 'petitionBasis' | 'petitionSigners' | 'petitionBase'>): Verdict {
  if (r.petitionSigners > r.petitionBase) return refuse('admin.errors.recallSignersAboveBase');
  const ok = r.petitionBasis === 'groups' ? r.petitionSigners * 3 >= r.petitionBase : r.petitionSigners * 5 >= r.petitionBase;
  return ok ? allowed : refuse('admin.errors.recallPetitionTooSmall', { signers: r.petitionSigners, base: r.petitionBase, share: r.petitionBasis === 'groups' ? '1/3' : '1/5' });
}

/** Quorum and counts of the residents' meeting; whether the recall passed. */
export function recallOutcome(r: Pick<RecallInput, 'meetingMembers' | 'present' | 'yes'>): { ok: true; passed: boolean } | { ok: false; key: string; params?: Record<string, string | number> } {
  if (r.present > r.meetingMembers || r.yes > r.present) return refuse('admin.errors.recallCountsInconsistent');
  if (r.present * 2 <= r.meetingMembers) return refuse('admin.errors.recallInquorate', { present: r.present, members: r.meetingMembers });
  return { ok: true, passed: r.yes * 2 > r.present };
}
