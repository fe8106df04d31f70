/**
 * Granting and ending roles with dates (DOMAIN.md §1.2, §1.1): who may grant which role, and the
 * refusals — end before start, overlapping terms of the same office, a single-holder office taken,
 * a supervisor who sits on either committee. Dates are civil dates `YYYY-MM-DD` (Asia/Shanghai);
 * `endsOn` is the last day in office (inclusive), `null` = open-ended.
 */
import { z } from 'zod';
import '../zodErrors';
import { allowed, refuse, type Verdict } from '../errors';
import { COMMUNITY_ROLES, type CommunityRole, type Role } from '../roles';

export const COMMITTEE_OFFICES = ['director', 'deputy_director', 'member'] as const;
export type CommitteeOfficeId = (typeof COMMITTEE_OFFICES)[number];

const PARTY_ROLES: readonly CommunityRole[] = ['party_secretary', 'party_committee_member', 'party_member'];

/** Who may grant or end each community role (street-office staff for a community's first set-up). */
export function rolesThatMayGrant(role: CommunityRole): readonly Role[] {
  if (PARTY_ROLES.includes(role)) return ['party_secretary', 'street_office_admin'];
  return ['party_secretary', 'committee_member', 'street_office_admin'];
}

/** Roles that may open the roles pages at all. */
export const ROLE_ADMINS: readonly Role[] = ['party_secretary', 'committee_member', 'street_office_admin'];
/** Roles that keep the people register 居民信息 (street-office staff for the first import). */
export const PEOPLE_ADMINS: readonly Role[] = ['party_secretary', 'committee_member', 'street_office_admin'];
/** Roles that read the audit log (DOMAIN.md §7.4: supervisors; the street office supervises). */
export const AUDIT_READERS: readonly Role[] = ['supervisor', 'street_office_admin'];

export type Term = { startsOn: string; endsOn: string | null };
export type HeldRole = Term & { id: string; userId: string; role: Role; attrs: Record<string, unknown> };

const isoDate = z.iso.date({ error: 'form.invalidDate' });
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: 'form.tooLong' })
    .optional()
    .transform((v) => (v ? v : null));

export const grantSchema = z
  .object({
    personId: z.uuid({ error: 'admin.errors.personRequired' }),
    role: z.enum(COMMUNITY_ROLES, { error: 'form.invalidChoice' }),
    office: z.enum(COMMITTEE_OFFICES, { error: 'form.invalidChoice' }).optional(),
    constituency: optionalText(50),
    fullMember: z
      .string()
      .optional()
      .transform((v) => v === 'on' || v === 'true'),
    isChair: z
      .string()
      .optional()
      .transform((v) => v === 'on' || v === 'true'),
    startsOn: isoDate,
    // Empty = open-ended (conform sends an empty field as absent).
    endsOn: isoDate.optional().transform((v) => v ?? null),
    reason: z.string({ error: 'admin.errors.reasonRequired' }).trim().min(1, { error: 'admin.errors.reasonRequired' }).max(500, { error: 'form.tooLong' }),
  })
  .superRefine((v, ctx) => {
    if (v.endsOn !== null && v.endsOn < v.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'admin.errors.endBeforeStart' });
    if (v.role === 'resident_representative' && !v.constituency)
      ctx.addIssue({ code: 'custom', path: ['constituency'], message: 'admin.errors.constituencyRequired' });
    if (v.role === 'committee_member' && !v.office) ctx.addIssue({ code: 'custom', path: ['office'], message: 'admin.errors.officeRequired' });
  });
export type GrantInput = z.output<typeof grantSchema>;

export const endRoleSchema = z.object({
  membershipId: z.uuid({ error: 'form.invalid' }),
  endsOn: isoDate,
  reason: z.string({ error: 'admin.errors.reasonRequired' }).trim().min(1, { error: 'admin.errors.reasonRequired' }).max(500, { error: 'form.tooLong' }),
});

/** The attrs a membership row stores for this grant (DOMAIN.md §1.2 attributes). */
export function attrsOf(g: Pick<GrantInput, 'role' | 'office' | 'constituency' | 'fullMember' | 'isChair'>): Record<string, unknown> {
  switch (g.role) {
    case 'committee_member':
      return { office: g.office ?? 'member' };
    case 'resident_representative':
      return { constituency: g.constituency };
    case 'group_leader':
      return g.constituency ? { group: g.constituency } : {};
    case 'party_member':
      return { full_member: g.fullMember };
    case 'supervisor':
      return { is_chair: g.isChair };
    default:
      return {};
  }
}

export const overlaps = (a: Term, b: Term) =>
  (a.endsOn === null || b.startsOn <= a.endsOn) && (b.endsOn === null || a.startsOn <= b.endsOn);

const SINGLE_HOLDER = (role: Role, attrs: Record<string, unknown>) =>
  role === 'party_secretary' ? 'party_secretary' : role === 'committee_member' && attrs.office === 'director' ? 'director' : null;

const TWO_COMMITTEE_ROLES: readonly Role[] = ['party_secretary', 'party_committee_member', 'committee_member'];

/**
 * May `grant` be added to the community's role history `held` (every membership of the community,
 * ended ones included)? Pure: the caller runs it inside the transaction that inserts.
 */
export function checkGrant(
  held: readonly HeldRole[],
  grant: { userId: string; role: Role; attrs: Record<string, unknown> } & Term,
): Verdict {
  if (grant.endsOn !== null && grant.endsOn < grant.startsOn) return refuse('admin.errors.endBeforeStart');
  const mine = held.filter((h) => h.userId === grant.userId && overlaps(h, grant));
  if (mine.some((h) => h.role === grant.role)) return refuse('admin.errors.termOverlap', { role: grant.role });
  const single = SINGLE_HOLDER(grant.role, grant.attrs);
  if (single && held.some((h) => h.userId !== grant.userId && SINGLE_HOLDER(h.role, h.attrs) === single && overlaps(h, grant)))
    return refuse('admin.errors.officeTaken', { office: single });
  // §1.1: no two-committee members on the supervision committee.
  if (grant.role === 'supervisor' && mine.some((h) => TWO_COMMITTEE_ROLES.includes(h.role)))
    return refuse('admin.errors.supervisorOnCommittee');
  if (TWO_COMMITTEE_ROLES.includes(grant.role) && mine.some((h) => h.role === 'supervisor'))
    return refuse('admin.errors.supervisorOnCommittee');
  return allowed;
}

/** May a membership that started on `startsOn` end on `endsOn` (the last day in office)? */
export function checkEnd(m: Term & { endedAt?: unknown }, endsOn: string): Verdict {
  if (m.endedAt) return refuse('admin.errors.alreadyEnded');
  if (endsOn < m.startsOn) return refuse('admin.errors.endBeforeStart');
  return allowed;
}

/** The day before a civil date (a previous term ends the day before the new one starts). */
export function dayBefore(isoDay: string): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** Term of office: 5 years (Art. 8 [S1]); the last day is the day before the fifth anniversary. */
export function termEndOf(startsOn: string, years = 5): string {
  const d = new Date(`${startsOn}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return dayBefore(d.toISOString().slice(0, 10));
}
