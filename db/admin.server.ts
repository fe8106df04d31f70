/**
 * Tenancy administration (DOMAIN.md §1.1): the platform operator creates street offices and their
 * staff; a street office creates its communities. Every write is audited in the same transaction.
 * Password hashes are computed by the caller (app/ or scripts/), never here.
 */
import { randomUUID } from 'node:crypto';
import { refuse, type Refusal } from '../domain/errors';
import type { Queryable, Sql } from './client.server';

export type AuditEntry = {
  communityId: string | null;
  actor: string | null;
  action: string;
  subjectType?: string;
  subjectId?: string;
  /** `{ old, new }` for changes; never a full phone or ID number. */
  details?: Record<string, unknown>;
};

export async function writeAudit(q: Queryable, e: AuditEntry): Promise<void> {
  await q`insert into audit_log (community_id, actor_user_id, action, subject_type, subject_id, details)
          values (${e.communityId}, ${e.actor}, ${e.action}, ${e.subjectType ?? null}, ${e.subjectId ?? null},
                  ${q.json((e.details ?? {}) as never)})`;
}

const uniqueViolation = (e: unknown, constraint?: string) =>
  (e as { code?: string }).code === '23505' && (!constraint || (e as { constraint_name?: string }).constraint_name === constraint);

export type NewAccount = { username: string; displayName: string; passwordHash: string; phone?: string | null };

/** Inserts a sign-in account; refuses a taken username. */
export async function insertAccount(q: Queryable, a: NewAccount): Promise<{ ok: true; userId: string } | Refusal> {
  const [taken] = await q`select 1 from users where username = ${a.username} or (${a.phone ?? null}::text is not null and phone = ${a.phone ?? null})`;
  if (taken) return refuse('admin.errors.usernameTaken', { username: a.username });
  const id = randomUUID();
  await q`insert into users (id, username, display_name, password_hash, phone)
          values (${id}, ${a.username}, ${a.displayName}, ${a.passwordHash}, ${a.phone ?? null})`;
  return { ok: true, userId: id };
}

/** `npm run admin -- create-platform-admin`: the first operator (and any later one). */
export async function createPlatformAdmin(sql: Sql, a: NewAccount & { actor?: string | null }): Promise<{ ok: true; userId: string } | Refusal> {
  return sql.begin(async (tx) => {
    const account = await insertAccount(tx, a);
    if (!account.ok) return account;
    await tx`insert into memberships (user_id, role, granted_by, grant_reason, source)
             values (${account.userId}, 'platform_admin', ${a.actor ?? null}, 'create-platform-admin', 'admin')`;
    await writeAudit(tx, { communityId: null, actor: a.actor ?? account.userId, action: 'admin.platformAdminCreated', subjectType: 'user', subjectId: account.userId, details: { new: { username: a.username } } });
    return account;
  });
}

export type StreetOfficeRow = { id: string; slug: string; nameZh: string; nameEn: string; communities: number };

export async function listStreetOffices(q: Queryable): Promise<StreetOfficeRow[]> {
  return q<StreetOfficeRow[]>`
    select s.id, s.slug, s.name_zh as "nameZh", s.name_en as "nameEn",
           (select count(*)::int from communities c where c.street_office_id = s.id) as communities
    from street_offices s order by s.name_zh`;
}

export async function streetOfficeBySlug(q: Queryable, slug: string): Promise<Omit<StreetOfficeRow, 'communities'> | undefined> {
  const [row] = await q<Omit<StreetOfficeRow, 'communities'>[]>`
    select id, slug, name_zh as "nameZh", name_en as "nameEn" from street_offices where slug = ${slug}`;
  return row;
}

export async function createStreetOffice(
  sql: Sql,
  a: { slug: string; nameZh: string; nameEn: string; actor: string | null },
): Promise<{ ok: true; id: string } | Refusal> {
  try {
    return await sql.begin(async (tx) => {
      const [row] = await tx<{ id: string }[]>`
        insert into street_offices (slug, name_zh, name_en) values (${a.slug}, ${a.nameZh}, ${a.nameEn}) returning id`;
      await writeAudit(tx, { communityId: null, actor: a.actor, action: 'admin.streetOfficeCreated', subjectType: 'street_office', subjectId: row!.id, details: { new: { slug: a.slug, nameZh: a.nameZh, nameEn: a.nameEn } } });
      return { ok: true as const, id: row!.id };
    });
  } catch (e) {
    if (uniqueViolation(e)) return refuse('admin.errors.slugTaken', { slug: a.slug });
    throw e;
  }
}

/** A street-office staff account (街道工作人员), granted `street_office_admin` for the street from today. */
export async function createStreetOfficeAdmin(
  sql: Sql,
  a: NewAccount & { streetOfficeId: string; actor: string | null; startsOn?: string },
): Promise<{ ok: true; userId: string } | Refusal> {
  return sql.begin(async (tx) => {
    const account = await insertAccount(tx, a);
    if (!account.ok) return account;
    await tx`insert into memberships (user_id, role, street_office_id, starts_on, granted_by, grant_reason, source)
             values (${account.userId}, 'street_office_admin', ${a.streetOfficeId}, coalesce(${a.startsOn ?? null}::date, current_date),
                     ${a.actor}, 'street office staff', 'admin')`;
    await writeAudit(tx, { communityId: null, actor: a.actor, action: 'admin.streetOfficeAdminCreated', subjectType: 'street_office', subjectId: a.streetOfficeId, details: { new: { username: a.username, displayName: a.displayName } } });
    return account;
  });
}

export type CommunityRow = { id: string; slug: string; nameZh: string; nameEn: string; households: number | null; isDrill: boolean; people: number };

export async function communitiesOfStreet(q: Queryable, streetOfficeId: string): Promise<CommunityRow[]> {
  return q<CommunityRow[]>`
    select c.id, c.slug, c.name_zh as "nameZh", c.name_en as "nameEn", c.households, c.is_drill as "isDrill",
           (select count(*)::int from people p where p.community_id = c.id and p.status = 'active') as people
    from communities c where c.street_office_id = ${streetOfficeId} order by c.name_zh`;
}

/** A community of the street, with settings version 1 (what it starts with). */
export async function createCommunity(
  sql: Sql,
  a: { streetOfficeId: string; slug: string; nameZh: string; nameEn: string; households: number | null; isDrill: boolean; settings: Record<string, unknown>; actor: string | null },
): Promise<{ ok: true; id: string } | Refusal> {
  try {
    return await sql.begin(async (tx) => {
      const [row] = await tx<{ id: string }[]>`
        insert into communities (street_office_id, slug, name_zh, name_en, households, is_drill, settings, settings_version)
        values (${a.streetOfficeId}, ${a.slug}, ${a.nameZh}, ${a.nameEn}, ${a.households}, ${a.isDrill}, ${tx.json(a.settings as never)}, 1)
        returning id`;
      await tx`insert into community_settings_versions (community_id, version, settings, reason, changed_by)
               values (${row!.id}, 1, ${tx.json(a.settings as never)}, 'community created', ${a.actor})`;
      await writeAudit(tx, { communityId: row!.id, actor: a.actor, action: 'admin.communityCreated', subjectType: 'community', subjectId: row!.id, details: { new: { slug: a.slug, nameZh: a.nameZh, nameEn: a.nameEn, households: a.households, isDrill: a.isDrill } } });
      return { ok: true as const, id: row!.id };
    });
  } catch (e) {
    if (uniqueViolation(e)) return refuse('admin.errors.slugTaken', { slug: a.slug });
    throw e;
  }
}

/** Is `userId` street-office staff of this street today? */
export async function isStreetOfficeAdmin(q: Queryable, userId: string, streetOfficeId: string): Promise<boolean> {
  const [row] = await q`select 1 from memberships where user_id = ${userId} and role = 'street_office_admin'
                        and street_office_id = ${streetOfficeId} and starts_on <= current_date and (ends_on is null or ends_on >= current_date)`;
  return Boolean(row);
}

export async function isPlatformAdmin(q: Queryable, userId: string): Promise<boolean> {
  const [row] = await q`select 1 from memberships where user_id = ${userId} and role = 'platform_admin'
                        and starts_on <= current_date and (ends_on is null or ends_on >= current_date)`;
  return Boolean(row);
}

// ─── audit log view ─────────────────────────────────────────────────────────────────────────────

export type AuditFilter = { action?: string; actor?: string; from?: string; to?: string; limit?: number };
export type AuditRow = {
  id: string;
  at: Date;
  actor: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  details: Record<string, unknown>;
};

/** The community's audit log, newest first, filtered by action prefix, actor name and date range (Asia/Shanghai days). */
export async function auditEntries(q: Queryable, communityId: string, f: AuditFilter): Promise<AuditRow[]> {
  const action = f.action ? `${f.action}%` : null;
  const actor = f.actor ? `%${f.actor}%` : null;
  return q<AuditRow[]>`
    select a.id::text, a.at, u.display_name as actor, a.action, a.subject_type as "subjectType", a.subject_id as "subjectId", a.details
    from audit_log a left join users u on u.id = a.actor_user_id
    where a.community_id = ${communityId}
      and (${action}::text is null or a.action like ${action})
      and (${actor}::text is null or u.display_name like ${actor} or u.username like ${actor})
      and (${f.from ?? null}::date is null or a.at >= ${f.from ?? null}::date)
      and (${f.to ?? null}::date is null or a.at < ${f.to ?? null}::date + 1)
    order by a.at desc, a.id desc
    limit ${f.limit ?? 200}`;
}
