/** Who calls the consultation feature (a caller, the roles each action admits), what it answers (a result or a refusal key), and a community's consultation settings. */
import { randomUUID } from 'node:crypto';
import { REAL_DAY_MS } from '../domain/calendar';
import { consultationPeriodsSchema, rolesFor, type ConsultationPeriods } from '../domain/consultation';
import type { Role } from '../domain/roles';
import { TASK_QUEUE } from '../workflows/config';

export type Caller = { userId: string; roles: readonly Role[]; communityId: string };
export type Result<T = object> = ({ ok: true } & T) | { ok: false; key: string; params?: Record<string, string | number> };

/** Who edits the catalogue draft and who approves it (DOMAIN.md §5.1). */
export const CATALOGUE_EDITORS: readonly Role[] = ['committee_member'];
export const CATALOGUE_APPROVERS: readonly Role[] = ['party_secretary'];
/** Who sees internal consultation pages (everyone with a role in the community, as the guard says). */
export const ORGANIZER_ROLES: readonly Role[] = rolesFor('organizer', null);

export const taskQueue = () => process.env.MINYI_TASK_QUEUE ?? TASK_QUEUE;

// ─── Settings ─────────────────────────────────────────────────────────────────────────────────

/**
 * A community's consultation settings: `settings.dayMs` (shared with the motion feature; also read
 * from `settings.motion.dayMs`) and `settings.consultation` (periods, DOMAIN.md §5.2 ranges).
 */
export function consultationSettingsFrom(settings: Record<string, unknown>): { dayMs: number; periods: ConsultationPeriods } {
  const motion = (settings.motion ?? {}) as Record<string, unknown>;
  const raw = settings.dayMs ?? motion.dayMs;
  const dayMs = typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0 ? raw : REAL_DAY_MS;
  const parsed = consultationPeriodsSchema.safeParse(settings.consultation ?? {});
  return { dayMs, periods: parsed.success ? parsed.data : consultationPeriodsSchema.parse({}) };
}


export const newKey = () => randomUUID();

/**
 * The roles each page action admits at the guard (`requireRole`); the domain then decides within
 * them (e.g. the street office acts only on cross-community items). Used by the routes and proven
 * role by role in app/consultations.int.test.ts.
 */
export const GUARDS = {
  editCatalogue: ['committee_member'],
  approveCatalogue: ['party_secretary'],
  viewDraft: ['committee_member', 'party_secretary', 'party_committee_member', 'supervisor', 'street_office_admin'],
  startConsultation: ['party_secretary', 'committee_member', 'street_office_admin'],
  command: ['party_secretary', 'committee_member', 'supervisor', 'street_office_admin'],
  leaveOpinion: ['resident', 'resident_representative'],
  answerOpinion: ['committee_member', 'street_office_admin'],
  issueCodes: ['party_secretary', 'committee_member', 'street_office_admin'],
} as const satisfies Record<string, readonly Role[]>;
export type GuardedAction = keyof typeof GUARDS;

/** `requireRole`'s result as a caller of this module. */
export const callerOf = (a: { user: { id: string }; community: { id: string }; roles: readonly Role[] }): Caller => ({
  userId: a.user.id,
  communityId: a.community.id,
  roles: a.roles,
});
