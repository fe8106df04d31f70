/**
 * Community administration for the web: guards for the platform and street-office pages, and the
 * door from routes to db/admin*.server.ts and db/roster.server.ts (routes import nothing from db/
 * directly). Who may do what is decided by domain/admin/*; each function re-checks it.
 */
import { randomBytes } from 'node:crypto';
import { hashPassword, requireUser } from './auth.server';
import { db } from '../db/client.server';
import { isPlatformAdmin, isStreetOfficeAdmin, streetOfficeBySlug } from '../db/admin.server';
import { grantRole, endRole, type GrantRole } from '../db/roster.server';
import { attrsOf, rolesThatMayGrant, type GrantInput } from '../domain/admin/roles';
import { RECALL_RECORDERS, type RecallInput } from '../domain/admin/recall';
import { recordRecall } from '../db/admin-recall.server';
import { remindByElection } from './notify.server';
import { refuse, type Refusal } from '../domain/errors';
import { hasAnyRole, type CommunityRole, type Role } from '../domain/roles';

export * from '../db/admin.server';
export * from '../db/admin-people.server';
export * from '../db/admin-settings.server';
export * from '../db/roster.server';

let locked: Promise<string> | undefined;
/** The password hash of an account without sign-in: a random secret, never stored or shown. */
export const lockedPasswordHash = () => (locked ??= hashPassword(randomBytes(32).toString('base64')));

const forbidden = () => new Response('Forbidden', { status: 403 });

export async function requirePlatformAdmin(request: Request) {
  const user = await requireUser(request);
  if (!(await isPlatformAdmin(db(), user.id))) throw forbidden();
  return user;
}

/** Street-office staff of this street (by slug) today; unknown street → 404. */
export async function requireStreetOfficeAdmin(request: Request, streetSlug: string | undefined) {
  const user = await requireUser(request);
  const street = streetSlug ? await streetOfficeBySlug(db(), streetSlug) : undefined;
  if (!street) throw new Response('Not Found', { status: 404 });
  if (!(await isStreetOfficeAdmin(db(), user.id, street.id))) throw forbidden();
  return { user, street };
}

/** Today in Asia/Shanghai as `YYYY-MM-DD`. */
export function todayInShanghai(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Grants a role if the caller's roles may grant it (domain/admin/roles.ts). */
export async function grantRoleAs(
  caller: { userId: string; roles: readonly Role[]; communityId: string },
  g: GrantInput,
  source?: string,
): Promise<{ ok: true; membershipId: string } | Refusal> {
  if (!hasAnyRole(caller.roles, rolesThatMayGrant(g.role))) return refuse('admin.errors.mayNotGrant', { role: g.role });
  const grant: GrantRole = { personId: g.personId, role: g.role, attrs: attrsOf(g), startsOn: g.startsOn, endsOn: g.endsOn, reason: g.reason, ...(source ? { source } : {}) };
  return grantRole(db(), caller.communityId, grant, caller.userId);
}

export async function endRoleAs(
  caller: { userId: string; roles: readonly Role[]; communityId: string },
  e: { membershipId: string; endsOn: string; reason: string },
): Promise<{ ok: true } | Refusal> {
  const [m] = await db()<{ role: CommunityRole }[]>`select role from memberships where id = ${e.membershipId} and community_id = ${caller.communityId}`;
  if (!m) return refuse('admin.errors.membershipNotFound');
  if (!hasAnyRole(caller.roles, rolesThatMayGrant(m.role))) return refuse('admin.errors.mayNotGrant', { role: m.role });
  const r = await endRole(db(), caller.communityId, e, caller.userId);
  if (r.ok && m.role === 'committee_member') await remindByElection(caller.communityId);
  return r;
}
/** 罢免: only the roles that record it (domain/admin/recall.ts), as one transaction with its audit entry. */
export async function recordRecallAs(caller: { userId: string; roles: readonly Role[]; communityId: string }, r: RecallInput): Promise<{ ok: true; passed: boolean } | Refusal> {
  if (!hasAnyRole(caller.roles, RECALL_RECORDERS)) return refuse('admin.errors.mayNotRecordRecall');
  const done = await recordRecall(db(), caller.communityId, r, caller.userId);
  if (done.ok && done.passed) await remindByElection(caller.communityId);
  return done;
}
export { certifiableResult, certificationOf, certifyElection } from '../db/admin-certify.server';
