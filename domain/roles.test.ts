import { COMMUNITY_ROLES, ROLES, hasAnyRole, isRole, mayEnterCommunity } from './roles';

describe('roles', () => {
  it('names every role of DOMAIN.md §1.2 except the account-less public', () => {
    expect(ROLES).toHaveLength(11);
    expect(isRole('public')).toBe(false);
    expect(isRole('party_secretary')).toBe(true);
  });

  it('grants street-office and platform roles outside a single community', () => {
    expect(COMMUNITY_ROLES).not.toContain('street_office_admin');
    expect(COMMUNITY_ROLES).not.toContain('platform_admin');
  });

  it('lets a platform operator configure but not read a community', () => {
    expect(mayEnterCommunity(['platform_admin'])).toBe(false);
    expect(mayEnterCommunity(['street_office_admin'])).toBe(true);
    expect(hasAnyRole(['resident', 'supervisor'], ['supervisor'])).toBe(true);
    expect(hasAnyRole(['resident'], ['party_secretary'])).toBe(false);
  });
});
