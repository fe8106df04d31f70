/**
 * Roles with dates (DOMAIN.md §1.2): grant from a date, end on a date, with who and why, kept in
 * history (a membership row is never edited except its end, once — see migration 00007). The
 * representatives' roster with its composition warnings and attendance this year (§3.3).
 */
import { compositionWarnings, type Warning } from '../domain/admin/composition';
import { checkEnd, checkGrant, type HeldRole } from '../domain/admin/roles';
import { refuse, type Refusal } from '../domain/errors';
import type { Role } from '../domain/roles';
import { writeAudit } from './admin.server';
import type { Queryable, Sql } from './client.server';
import { carryDepartures } from './motion-rosters.server';

export type MembershipRow = {
  id: string;
  userId: string;
  personId: string | null;
  name: string;
  role: Role;
  attrs: Record<string, unknown>;
  startsOn: string;
  endsOn: string | null;
  grantedBy: string | null;
  grantReason: string | null;
  endedBy: string | null;
  endReason: string | null;
  endedAt: Date | null;
  source: string | null;
  current: boolean;
};

/** Every membership of the community, ended ones included, current first. */
export async function roleHistory(q: Queryable, communityId: string, asOf?: string): Promise<MembershipRow[]> {
  return q<MembershipRow[]>`
    select m.id, m.user_id as "userId", p.id as "personId", u.display_name as name, m.role, m.attrs,
           to_char(m.starts_on, 'YYYY-MM-DD') as "startsOn", to_char(m.ends_on, 'YYYY-MM-DD') as "endsOn",
           g.display_name as "grantedBy", m.grant_reason as "grantReason", e.display_name as "endedBy", m.end_reason as "endReason",
           m.ended_at as "endedAt", m.source,
           (m.starts_on <= coalesce(${asOf ?? null}::date, current_date) and (m.ends_on is null or m.ends_on >= coalesce(${asOf ?? null}::date, current_date))) as current
    from memberships m join users u on u.id = m.user_id
    left join people p on p.user_id = m.user_id and p.community_id = m.community_id
    left join users g on g.id = m.granted_by left join users e on e.id = m.ended_by
    where m.community_id = ${communityId} and m.role <> 'resident'
    order by current desc, m.role, u.display_name, m.starts_on desc`;
}

async function heldRoles(tx: Queryable, communityId: string): Promise<HeldRole[]> {
  return tx<HeldRole[]>`
    select id, user_id as "userId", role, attrs, to_char(starts_on, 'YYYY-MM-DD') as "startsOn", to_char(ends_on, 'YYYY-MM-DD') as "endsOn"
    from memberships where community_id = ${communityId}`;
}

export type GrantRole = {
  personId: string;
  role: Role;
  attrs: Record<string, unknown>;
  startsOn: string;
  endsOn: string | null;
  reason: string;
  source?: string;
};

/**
 * Grants a role to a person of this community's register, in a transaction serialized per
 * community (row lock), refusing what checkGrant refuses. Nothing is written on a refusal.
 */
export async function grantRoleIn(tx: Queryable, communityId: string, g: GrantRole, actor: string | null): Promise<{ ok: true; membershipId: string } | Refusal> {
  await tx`select id from communities where id = ${communityId} for update`;
  const [person] = await tx<{ userId: string; status: string; name: string }[]>`
    select user_id as "userId", status, name from people where id = ${g.personId} and community_id = ${communityId}`;
  if (!person) return refuse('admin.errors.personNotInCommunity');
  if (person.status !== 'active') return refuse('admin.errors.personEnded');
  const verdict = checkGrant(await heldRoles(tx, communityId), { userId: person.userId, role: g.role, attrs: g.attrs, startsOn: g.startsOn, endsOn: g.endsOn });
  if (!verdict.ok) return verdict;
  const [row] = await tx<{ id: string }[]>`
    insert into memberships (user_id, role, community_id, attrs, starts_on, ends_on, granted_by, grant_reason, source)
    values (${person.userId}, ${g.role}, ${communityId}, ${tx.json(g.attrs as never)}, ${g.startsOn}, ${g.endsOn}, ${actor}, ${g.reason}, ${g.source ?? 'admin'})
    returning id`;
  await writeAudit(tx, { communityId, actor, action: 'admin.roleGranted', subjectType: 'membership', subjectId: row!.id, details: { new: { person: person.name, role: g.role, attrs: g.attrs, startsOn: g.startsOn, endsOn: g.endsOn, reason: g.reason } } });
  return { ok: true, membershipId: row!.id };
}

export async function grantRole(sql: Sql, communityId: string, g: GrantRole, actor: string | null) {
  return sql.begin((tx) => grantRoleIn(tx, communityId, g, actor));
}

/** Ends a membership on `endsOn` (its last day), once, with who and why. */
export async function endRoleIn(tx: Queryable, communityId: string, e: { membershipId: string; endsOn: string; reason: string }, actor: string | null): Promise<{ ok: true } | Refusal> {
  const [m] = await tx<{ userId: string; startsOn: string; endsOn: string | null; endedAt: Date | null; role: Role; name: string }[]>`
    select m.user_id as "userId", to_char(m.starts_on, 'YYYY-MM-DD') as "startsOn", to_char(m.ends_on, 'YYYY-MM-DD') as "endsOn", m.ended_at as "endedAt", m.role, u.display_name as name
    from memberships m join users u on u.id = m.user_id
    where m.id = ${e.membershipId} and m.community_id = ${communityId} for update of m`;
  if (!m) return refuse('admin.errors.membershipNotFound');
  const verdict = checkEnd(m, e.endsOn);
  if (!verdict.ok) return verdict;
  await tx`update memberships set ends_on = ${e.endsOn}, ended_at = now(), ended_by = ${actor}, end_reason = ${e.reason} where id = ${e.membershipId}`;
  await carryDepartures(tx, communityId, m.userId);
  await writeAudit(tx, { communityId, actor, action: 'admin.roleEnded', subjectType: 'membership', subjectId: e.membershipId, details: { old: { person: m.name, role: m.role, endsOn: m.endsOn }, new: { endsOn: e.endsOn, reason: e.reason } } });
  return { ok: true };
}

export async function endRole(sql: Sql, communityId: string, e: { membershipId: string; endsOn: string; reason: string }, actor: string | null) {
  return sql.begin((tx) => endRoleIn(tx, communityId, e, actor));
}

export type RepresentativeRow = {
  userId: string;
  name: string;
  gender: 'male' | 'female' | null;
  constituency: string | null;
  startsOn: string;
  endsOn: string | null;
  meetings: number;
  attended: number;
};

/**
 * The representatives' meeting roster as of `asOf` (today): each representative with their
 * constituency, term and attendance at representatives' meetings held this year that listed them;
 * plus the composition warnings of DOMAIN.md §3.3 over committee members + representatives.
 */
export async function representativesRoster(q: Queryable, communityId: string, asOf?: string): Promise<{ representatives: RepresentativeRow[]; warnings: Warning[] }> {
  const day = asOf ?? null;
  const representatives = await q<RepresentativeRow[]>`
    select u.id as "userId", u.display_name as name, p.gender, m.attrs->>'constituency' as constituency,
           to_char(m.starts_on, 'YYYY-MM-DD') as "startsOn", to_char(m.ends_on, 'YYYY-MM-DD') as "endsOn",
           (select count(*)::int from motion_meetings mm join motions mo on mo.id = mm.motion_id
             where mo.community_id = ${communityId} and mm.body = 'representatives_meeting' and mm.held_on is not null
               and extract(year from mm.held_on) = extract(year from coalesce(${day}::date, current_date))
               and mm.roster @> jsonb_build_array(jsonb_build_object('personId', u.id))) as meetings,
           (select count(*)::int from motion_meetings mm join motions mo on mo.id = mm.motion_id
             where mo.community_id = ${communityId} and mm.body = 'representatives_meeting' and mm.held_on is not null
               and extract(year from mm.held_on) = extract(year from coalesce(${day}::date, current_date))
               and jsonb_typeof(mm.attendance) = 'array'
               and mm.attendance @> jsonb_build_array(jsonb_build_object('personId', u.id))) as attended
    from memberships m join users u on u.id = m.user_id
    left join people p on p.user_id = u.id and p.community_id = m.community_id
    where m.community_id = ${communityId} and m.role = 'resident_representative'
      and m.starts_on <= coalesce(${day}::date, current_date) and (m.ends_on is null or m.ends_on >= coalesce(${day}::date, current_date))
    order by constituency nulls last, u.display_name`;
  const committee = await q<{ userId: string; gender: 'male' | 'female' | null }[]>`
    select distinct u.id as "userId", p.gender
    from memberships m join users u on u.id = m.user_id
    left join people p on p.user_id = u.id and p.community_id = m.community_id
    where m.community_id = ${communityId} and m.role = 'committee_member'
      and m.starts_on <= coalesce(${day}::date, current_date) and (m.ends_on is null or m.ends_on >= coalesce(${day}::date, current_date))`;
  return { representatives, warnings: compositionWarnings(committee, representatives) };
}
