/**
 * Sign-in as an attacker meets it (issue 9, items 5 and 6): the login action's redirect, racing
 * guesses, one bucket per account whatever name is typed, backoff rather than a lock, a bucket per
 * client address, and phone numbers shared by two accounts.
 */
import { randomUUID } from 'node:crypto';
import { createUser, TEST_PASSWORD } from '../scripts/test-setup/fixtures';
import { testSql } from '../scripts/test-setup/services';
import { hashPassword, signIn } from './auth.server';
import * as login from './routes/login';
import { sleep } from '../scripts/test-setup/wait';

const sql = testSql();
afterAll(() => sql.end());

const randomPhone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

async function postLogin(fields: Record<string, string>, clientAddress = '203.0.113.7'): Promise<Response> {
  const request = new Request('http://minyi.test/login', { method: 'POST', body: new URLSearchParams(fields) });
  try {
    const r = await login.action({ request, params: {}, context: { clientAddress } });
    if (r instanceof Response) return r;
    // Remix's `data(value, init)`: the page's answer with its status and headers.
    const d = r as unknown as { data: unknown; init: ResponseInit | null };
    return new Response(JSON.stringify(d.data), d.init ?? undefined);
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

describe('after signing in, only a page of this site', () => {
  it.each(['/\\evil.example', '/.//evil.example', '//evil.example', 'https://evil.example/'])('%s goes home', async (to) => {
    const u = await createUser(sql, []);
    const r = await postLogin({ username: u.username, password: TEST_PASSWORD, redirectTo: to }, `198.51.100.${Math.floor(Math.random() * 250)}`);
    expect(r.status).toBe(302);
    expect(r.headers.get('Location')).toBe('/');
  });

  it('a path of this site is kept', async () => {
    const u = await createUser(sql, []);
    const r = await postLogin({ username: u.username, password: TEST_PASSWORD, redirectTo: '/tasks?x=1' });
    expect(r.headers.get('Location')).toBe('/tasks?x=1');
  });
});

describe('sign-in throttling', () => {
  it('lets exactly five of twelve racing wrong guesses be checked', async () => {
    const u = await createUser(sql, []);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn(u.username, `wrong-${i}`)));
    expect(results.filter((r) => !r.ok && r.reason === 'badCredentials')).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(7);
  });

  it('counts guesses by user name and by phone number in one bucket', async () => {
    const u = await createUser(sql, []);
    const phone = randomPhone();
    await sql`update users set phone = ${phone} where id = ${u.id}`;
    for (let i = 0; i < 5; i++) expect(await signIn(u.username, `wrong-${i}`)).toMatchObject({ reason: 'badCredentials' });
    expect(await signIn(phone, TEST_PASSWORD)).toMatchObject({ ok: false, reason: 'throttled' });
  });

  it('backs off instead of locking: once the short wait is over, the right password signs in', async () => {
    const u = await createUser(sql, []);
    for (let i = 0; i < 5; i++) await signIn(u.username, `wrong-${i}`);
    const refused = await signIn(u.username, TEST_PASSWORD);
    expect(refused).toMatchObject({ ok: false, reason: 'throttled', retryAfterSeconds: 2 });
    await sleep(2_100);
    expect((await signIn(u.username, TEST_PASSWORD)).ok).toBe(true);
    // The success resets the account: five fresh tries again.
    for (let i = 0; i < 5; i++) expect(await signIn(u.username, `again-${i}`)).toMatchObject({ reason: 'badCredentials' });
  });

  it('slows down one client address that guesses many names, not the others', async () => {
    const attacker = `192.0.2.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 20; i++) {
      expect(await signIn(`nobody-${randomUUID()}`, 'guess', attacker)).toMatchObject({ reason: 'badCredentials' });
    }
    const u = await createUser(sql, []);
    expect(await signIn(u.username, TEST_PASSWORD, attacker)).toMatchObject({ ok: false, reason: 'throttled' });
    expect((await signIn(u.username, TEST_PASSWORD, '2001:db8:1:2::9')).ok).toBe(true);
  });

  it('answers 429 with Retry-After and a localized message from the login page', async () => {
    const u = await createUser(sql, []);
    for (let i = 0; i < 5; i++) await postLogin({ username: u.username, password: `wrong-${i}` });
    const r = await postLogin({ username: u.username, password: TEST_PASSWORD });
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(JSON.stringify(await r.json())).toContain('登录失败次数过多');
  });
});

describe('a phone number shared by two accounts', () => {
  it('signs in the account whose password fits, never an arbitrary one', async () => {
    const phone = randomPhone();
    const a = await createUser(sql, []);
    const b = await createUser(sql, []);
    await sql`update users set phone = ${phone} where id in ${sql([a.id, b.id])}`;
    await sql`update users set password_hash = ${await hashPassword('password of b')} where id = ${b.id}`;
    expect(await signIn(phone, TEST_PASSWORD)).toMatchObject({ ok: true, userId: a.id });
    expect(await signIn(phone, 'password of b')).toMatchObject({ ok: true, userId: b.id });
  });

  it('refuses, asking for the user name, when the password fits both', async () => {
    const phone = randomPhone();
    const a = await createUser(sql, []);
    const b = await createUser(sql, []);
    await sql`update users set phone = ${phone} where id in ${sql([a.id, b.id])}`;
    expect(await signIn(phone, TEST_PASSWORD)).toEqual({ ok: false, reason: 'phoneShared' });
    const r = await postLogin({ username: phone, password: TEST_PASSWORD });
    expect(r.status).toBe(401);
    expect(JSON.stringify(await r.json())).toContain('请用您的用户名登录');
    expect((await signIn(a.username, TEST_PASSWORD)).ok).toBe(true);
  });
});
