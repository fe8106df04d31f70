/**
 * App roles, exactly as DOMAIN.md §1.2 names them. A person may hold several roles in
 * several communities; `street_office_admin` is held for a street office (and so for every
 * community in it), `platform_admin` for the whole platform.
 */
export const ROLES = [
  'party_secretary', // 书记
  'party_committee_member', // 党组织委员
  'committee_member', // 居委会成员
  'party_member', // 党员
  'resident_representative', // 居民代表
  'group_leader', // 组长/楼栋长
  'resident', // 居民
  'supervisor', // 居务监督委员会成员
  'election_committee', // 选举委员会成员
  'street_office_admin', // 街道工作人员
  'platform_admin', // 平台运维
] as const;

export type Role = (typeof ROLES)[number];

/** Roles granted for one community (the rest are granted for a street office or the platform). */
export const COMMUNITY_ROLES = ROLES.filter(
  (r): r is Exclude<Role, 'street_office_admin' | 'platform_admin'> =>
    r !== 'street_office_admin' && r !== 'platform_admin',
);
export type CommunityRole = (typeof COMMUNITY_ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Roles that may read a community's internal pages (everyone who holds any role there). */
export function mayEnterCommunity(roles: readonly Role[]): boolean {
  return roles.some((r) => r !== 'platform_admin');
}

export function hasAnyRole(held: readonly Role[], wanted: readonly Role[]): boolean {
  return held.some((r) => wanted.includes(r));
}
