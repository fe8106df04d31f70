import { randomUUID } from 'node:crypto';
import { ROLES } from '../domain/roles';
import { createCommunity, createStreet, createUser, onePersonPerRole, TEST_PASSWORD } from '../scripts/test-setup/fixtures';
import { testSql } from '../scripts/test-setup/services';
import { ACCOUNT_RULE, requireRole, signIn, signOut, getUser } from './auth.server';
import { statusOf } from '../scripts/test-setup/route-fixture';

const sql = testSql();
afterAll(() => sql.end());

const cookieOf = (setCookie: string) => setCookie.split(';')[0]!;
const requestWith = (cookie: string, path = '/') => new Request(`http://minyi.test${path}`, { headers: { Cookie: cookie } });

describe('sign-in', () => {
  it('signs a person in with the right password and out again', async () => {
    const street = await createStreet(sql);
    const c = await createCommunity(sql, street.id);
    const u = await createUser(sql, [{ role: 'resident', communityId: c.id }]);
    const r = await signIn(u.username.toUpperCase(), TEST_PASSWORD);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const cookie = cookieOf(r.cookie);
    expect((await getUser(requestWith(cookie)))?.user.id).toBe(u.id);
    await signOut(requestWith(cookie));
    expect(await getUser(requestWith(cookie))).toBeNull();
  });

  it('answers a wrong password and an unknown name the same way', async () => {
    const u = await createUser(sql, []);
    expect(await signIn(u.username, 'wrong')).toEqual({ ok: false, reason: 'badCredentials' });
    expect(await signIn(`nobody-${randomUUID()}`, TEST_PASSWORD)).toEqual({ ok: false, reason: 'badCredentials' });
  });

  it('throttles the sixth failure within a minute, even with the right password', async () => {
    const u = await createUser(sql, []);
    for (let i = 0; i < ACCOUNT_RULE.free; i++) expect(await signIn(u.username, `wrong-${i}`)).toMatchObject({ reason: 'badCredentials' });
    const sixth = await signIn(u.username, TEST_PASSWORD);
    expect(sixth).toMatchObject({ ok: false, reason: 'throttled' });
    if (!sixth.ok && sixth.reason === 'throttled') {
      expect(sixth.retryAfterSeconds).toBeGreaterThan(0);
      expect(sixth.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
    // Another account is not affected.
    const other = await createUser(sql, []);
    expect((await signIn(other.username, TEST_PASSWORD)).ok).toBe(true);
  });
});

describe('requireRole: the one guard', () => {
  it('lets each role into its own community and refuses every role in another street’s community', async () => {
    const streetA = await createStreet(sql);
    const streetB = await createStreet(sql);
    const home = await createCommunity(sql, streetA.id);
    const sibling = await createCommunity(sql, streetA.id);
    const elsewhere = await createCommunity(sql, streetB.id);
    const people = await onePersonPerRole(sql, home);
    for (const role of ROLES) {
      const r = await signIn(people[role].username, TEST_PASSWORD);
      if (!r.ok) throw new Error(`sign-in failed for ${role}`);
      const req = requestWith(cookieOf(r.cookie), `/c/${elsewhere.slug}`);
      expect({ role, status: await statusOf(requireRole(req, elsewhere.slug)) }).toEqual({ role, status: 403 });
      // The platform operator configures; it does not read community business.
      const expectedHome = role === 'platform_admin' ? 403 : 200;
      expect({ role, status: await statusOf(requireRole(req, home.slug)) }).toEqual({ role, status: expectedHome });
      // Street-office staff read every community of their street; others only their own.
      const expectedSibling = role === 'street_office_admin' ? 200 : 403;
      expect({ role, status: await statusOf(requireRole(req, sibling.slug)) }).toEqual({ role, status: expectedSibling });
    }
  });

  it('refuses a role the action does not allow, sends strangers to sign in, and 404s unknown communities', async () => {
    const street = await createStreet(sql);
    const c = await createCommunity(sql, street.id);
    const u = await createUser(sql, [{ role: 'resident', communityId: c.id }]);
    const r = await signIn(u.username, TEST_PASSWORD);
    if (!r.ok) throw new Error('sign-in failed');
    const req = requestWith(cookieOf(r.cookie));
    expect(await statusOf(requireRole(req, c.slug, ['party_secretary']))).toBe(403);
    expect(await statusOf(requireRole(req, c.slug, ['resident']))).toBe(200);
    expect(await statusOf(requireRole(req, 'no-such-community'))).toBe(404);
    const anon = await statusOf(requireRole(new Request(`http://minyi.test/c/${c.slug}`), c.slug));
    expect(anon).toBe(302);
  });

  it('ignores memberships that have ended', async () => {
    const street = await createStreet(sql);
    const c = await createCommunity(sql, street.id);
    const u = await createUser(sql, []);
    await sql`insert into memberships (user_id, role, community_id, starts_on, ends_on)
              values (${u.id}, 'resident_representative', ${c.id}, current_date - 400, current_date - 1)`;
    const r = await signIn(u.username, TEST_PASSWORD);
    if (!r.ok) throw new Error('sign-in failed');
    expect(await statusOf(requireRole(requestWith(cookieOf(r.cookie)), c.slug))).toBe(403);
  });
});
