/** Typed queries about communities, people and their roles. Every person-facing query filters by community. */
import type { Role } from '../domain/roles';
import type { Sql } from './client.server';

export type Community = {
  id: string;
  slug: string;
  nameZh: string;
  nameEn: string;
  streetOfficeId: string;
  streetNameZh: string;
  streetNameEn: string;
};

export async function communityBySlug(sql: Sql, slug: string): Promise<Community | undefined> {
  const [row] = await sql<Community[]>`
    select c.id, c.slug, c.name_zh as "nameZh", c.name_en as "nameEn", c.street_office_id as "streetOfficeId",
           s.name_zh as "streetNameZh", s.name_en as "streetNameEn"
    from communities c join street_offices s on s.id = c.street_office_id
    where c.slug = ${slug}`;
  return row;
}

/**
 * A membership is held on day D when it started on or before D and ends (its last day) on or after
 * D — D a civil date in Asia/Shanghai (the connection's time zone), today unless `asOf` is given.
 * A representative whose term ended yesterday holds nothing today.
 */
export const activeOn = (sql: Sql, asOf?: string) =>
  asOf
    ? sql`m.starts_on <= ${asOf}::date and (m.ends_on is null or m.ends_on >= ${asOf}::date)`
    : sql`m.starts_on <= current_date and (m.ends_on is null or m.ends_on >= current_date)`;

/** The roles a person holds in one community on `asOf` (today), including street-office roles over it. */
export async function rolesInCommunity(sql: Sql, userId: string, communityId: string, asOf?: string): Promise<Role[]> {
  const rows = await sql<{ role: Role }[]>`
    select distinct m.role from memberships m
    where m.user_id = ${userId} and ${activeOn(sql, asOf)}
      and (m.community_id = ${communityId}
           or m.street_office_id = (select street_office_id from communities where id = ${communityId}))
    order by m.role`;
  return rows.map((r) => r.role);
}

export type CommunityRoles = Community & { roles: Role[] };
export type HomeScopes = {
  communities: CommunityRoles[];
  streetOffices: { id: string; slug: string; nameZh: string; nameEn: string }[];
  platformAdmin: boolean;
};

/** What the home page lists: each community the person may enter, with their roles there. */
export async function scopesOf(sql: Sql, userId: string): Promise<HomeScopes> {
  const memberships = await sql<{ role: Role; communityId: string | null; streetOfficeId: string | null }[]>`
    select m.role, m.community_id as "communityId", m.street_office_id as "streetOfficeId"
    from memberships m where m.user_id = ${userId} and ${activeOn(sql)}`;
  const streetIds = [...new Set(memberships.flatMap((m) => (m.streetOfficeId ? [m.streetOfficeId] : [])))];
  const communityIds = [...new Set(memberships.flatMap((m) => (m.communityId ? [m.communityId] : [])))];
  const communities = await sql<Community[]>`
    select c.id, c.slug, c.name_zh as "nameZh", c.name_en as "nameEn", c.street_office_id as "streetOfficeId",
           s.name_zh as "streetNameZh", s.name_en as "streetNameEn"
    from communities c join street_offices s on s.id = c.street_office_id
    where c.id = any(${communityIds}::uuid[]) or c.street_office_id = any(${streetIds}::uuid[])
    order by c.name_zh`;
  const streetOffices = await sql<{ id: string; slug: string; nameZh: string; nameEn: string }[]>`
    select id, slug, name_zh as "nameZh", name_en as "nameEn" from street_offices where id = any(${streetIds}::uuid[])`;
  return {
    communities: communities.map((c) => ({
      ...c,
      roles: [
        ...new Set(
          memberships
            .filter((m) => m.communityId === c.id || m.streetOfficeId === c.streetOfficeId)
            .map((m) => m.role),
        ),
      ].sort(),
    })),
    streetOffices,
    platformAdmin: memberships.some((m) => m.role === 'platform_admin'),
  };
}

export type OfficeHolder = { userId: string; displayName: string; role: Role; phone: string | null };

/** The people holding roles in a community (no residents: they are many and private). */
export async function officeHolders(sql: Sql, communityId: string): Promise<OfficeHolder[]> {
  return sql<OfficeHolder[]>`
    select u.id as "userId", u.display_name as "displayName", m.role, u.phone
    from memberships m join users u on u.id = m.user_id
    where m.community_id = ${communityId} and ${activeOn(sql)} and m.role <> 'resident'
    order by m.role, u.display_name`;
}

/** Every community, for the public front page (names only). */
export async function allCommunities(sql: Sql): Promise<Community[]> {
  return sql<Community[]>`
    select c.id, c.slug, c.name_zh as "nameZh", c.name_en as "nameEn", c.street_office_id as "streetOfficeId",
           s.name_zh as "streetNameZh", s.name_en as "streetNameEn"
    from communities c join street_offices s on s.id = c.street_office_id
    order by s.name_zh, c.name_zh`;
}
