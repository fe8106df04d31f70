/**
 * `npm run admin`: the empty start. Against the real PostgreSQL of `npm test`: the first platform
 * operator, a street office with its staff and a community, refusals that write nothing, and the
 * command itself run as a process the way README shows.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { signIn } from '../app/auth.server';
import { isPlatformAdmin, isStreetOfficeAdmin, streetOfficeBySlug } from '../db/admin.server';
import { demoEnabled } from '../db/seed.server';
import { testSql } from './test-setup/services';
import { runAdmin } from './admin';

const sql = testSql();
afterAll(() => sql.end());
const tag = () => randomUUID().slice(0, 8);

describe('npm run admin', () => {
  it('creates the first platform admin, who can sign in', async () => {
    const username = `op-${tag()}`;
    const out: string[] = [];
    await runAdmin(['create-platform-admin', '--username', username, '--name', '运维', '--password', 'long enough pw'], sql, (l) => out.push(l));
    expect(out).toEqual([`✓ platform_admin ${username}`]);
    const r = await signIn(username, 'long enough pw');
    expect(r.ok).toBe(true);
    expect(await isPlatformAdmin(sql, r.ok ? r.userId : '')).toBe(true);
    const [audit] = await sql`select action from audit_log where details->'new'->>'username' = ${username}`;
    expect(audit).toEqual({ action: 'admin.platformAdminCreated' });
  });

  it('refuses a short password and a taken user name, in both languages, and writes nothing', async () => {
    const username = `op-${tag()}`;
    await expect(runAdmin(['create-platform-admin', '--username', username, '--name', 'x', '--password', 'short'], sql)).rejects.toThrow(
      '--password: 密码至少 10 位 / The password needs at least 10 characters',
    );
    expect(await sql`select 1 from users where username = ${username}`).toHaveLength(0);
    await runAdmin(['create-platform-admin', '--username', username, '--name', 'x', '--password', 'long enough pw'], sql, () => {});
    await expect(runAdmin(['create-platform-admin', '--username', username, '--name', 'y', '--password', 'long enough pw'], sql)).rejects.toThrow(/已被使用.*already in use/);
    expect(await sql`select 1 from users where username = ${username}`).toHaveLength(1);
  });

  it('creates a street office, its staff and a community; refuses a bad slug', async () => {
    const street = `st-${tag()}`;
    const staff = `so-${tag()}`;
    const community = `c-${tag()}`;
    await runAdmin(['create-street-office', '--slug', street, '--name-zh', '测试街道', '--name-en', 'Test Street'], sql, () => {});
    await runAdmin(['create-street-admin', '--street', street, '--username', staff, '--name', '街道员', '--password', 'long enough pw'], sql, () => {});
    await runAdmin(['create-community', '--street', street, '--slug', community, '--name-zh', '新社区', '--name-en', 'New', '--households', '450', '--drill'], sql, () => {});
    const s = await streetOfficeBySlug(sql, street);
    const [u] = await sql<{ id: string }[]>`select id from users where username = ${staff}`;
    expect(await isStreetOfficeAdmin(sql, u!.id, s!.id)).toBe(true);
    const [c] = await sql`select households, is_drill, settings_version from communities where slug = ${community}`;
    expect(c).toEqual({ households: 450, is_drill: true, settings_version: 1 });
    expect(await sql`select version, reason from community_settings_versions v join communities c on c.id = v.community_id where c.slug = ${community}`).toEqual([
      { version: 1, reason: 'community created' },
    ]);
    await expect(runAdmin(['create-community', '--street', street, '--slug', 'Bad Slug!', '--name-zh', 'x', '--name-en', 'x'], sql)).rejects.toThrow(/--slug: 网址名/);
    await expect(runAdmin(['create-community', '--street', 'nope-nope', '--slug', `c-${tag()}`, '--name-zh', 'x', '--name-en', 'x'], sql)).rejects.toThrow(/--street/);
  });

  it('runs as `npm run admin` against DATABASE_URL', async () => {
    const street = `st-${tag()}`;
    await runAdmin(['create-street-office', '--slug', street, '--name-zh', '命令街道', '--name-en', 'CLI Street'], sql, () => {});
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'admin', '--', 'list'], { env: process.env, timeout: 60_000 });
    expect(stdout).toContain(`${street}  命令街道 / CLI Street`);
    const bad = await promisify(execFile)('npm', ['run', '--silent', 'admin', '--', 'frobnicate'], { env: process.env }).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stderr: string }).stderr).toContain('usage: npm run admin');
  });

  it('reads MINYI_DEMO=off as no demo data (demo stays the default)', () => {
    expect(demoEnabled({})).toBe(true);
    expect(demoEnabled({ MINYI_DEMO: 'off' })).toBe(false);
    expect(demoEnabled({ MINYI_DEMO: 'on' })).toBe(true);
  });
});
