/**
 * Community administration, role × action, against the real database, calling the route modules
 * as Remix does: every allowed role succeeds, every other role gets 403, another community's (or
 * street's) staff get 403; refusals name the field or row and write nothing.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { ROLES, type Role } from '../domain/roles';
import { createCommunity, createStreet, createUser, onePersonPerRole, TEST_PASSWORD } from '../scripts/test-setup/fixtures';
import { testSql } from '../scripts/test-setup/services';
import { addPerson } from '../db/admin-people.server';
import { peopleImports, startPeopleImport } from '../db/admin-import.server';
import { lockedPasswordHash } from './admin.server';
import { signIn } from './auth.server';
import { tFor } from './i18n/config';
import * as platformPage from './routes/admin._index';
import * as streetPage from './routes/so.$streetOfficeId._index';
import * as peoplePage from './routes/c.$communityId.people._index';
import * as personPage from './routes/c.$communityId.people.$personId';
import * as rolesPage from './routes/c.$communityId.roles';
import * as settingsPage from './routes/c.$communityId.settings';
import * as auditPage from './routes/c.$communityId.audit';
import * as certifyPage from './routes/c.$communityId.elections.$electionId.certify';

const sql = testSql();
afterAll(() => sql.end());

/** A page's reply: conform's result for one form (`error['']` its form-level errors) and the done line. */
type Reply = { intent?: string; done?: string; reply?: { error?: Record<string, string[] | null> } };
async function call(p: Promise<unknown>): Promise<{ status: number; body: Reply | undefined }> {
  try {
    const r = await p;
    if (r instanceof Response) return { status: r.status, body: undefined };
    const init = (r as { init?: { status?: number } | null; data?: unknown; type?: string }).type === 'DataWithResponseInit' ? (r as { init: { status?: number } | null; data: Reply }) : null;
    return init ? { status: init.init?.status ?? 200, body: init.data as Reply } : { status: 200, body: r as Reply };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, body: undefined };
    throw e;
  }
}

const cookies = new Map<string, string>();
async function cookieFor(username: string) {
  if (!cookies.has(username)) {
    const r = await signIn(username, TEST_PASSWORD);
    if (!r.ok) throw new Error(`sign-in failed for ${username}`);
    cookies.set(username, r.cookie.split(';')[0]!);
  }
  return cookies.get(username)!;
}
async function startPeopleImportForTest(
  q: typeof sql,
  a: { communityId: string; filename: string; bytes: Buffer; mapping: Record<string, string>; actor: string },
) {
  const { importId } = await startPeopleImport(q, { ...a, lockedHash: await lockedPasswordHash(), wait: true });
  return (await peopleImports(q, a.communityId)).find((i) => i.id === importId)!;
}
const post = (path: string, cookie: string, form: Record<string, string>) =>
  new Request(`http://minyi.test${path}`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
const get = (path: string, cookie: string) => new Request(`http://minyi.test${path}`, { headers: { Cookie: cookie } });

let street: { id: string; slug: string };
let community: { id: string; slug: string; streetId: string };
let people: Record<Role, { id: string; username: string }>;
let otherAdmin: { id: string; username: string };
let otherCommunityStaff: { id: string; username: string };
const allowedGet = (ok: readonly Role[], status: number, role: Role) => (ok.includes(role) ? status === 200 : status === 403);

beforeAll(async () => {
  street = await createStreet(sql);
  community = await createCommunity(sql, street.id, { onlineVoting: false });
  people = await onePersonPerRole(sql, community);
  const otherStreet = await createStreet(sql);
  const other = await createCommunity(sql, otherStreet.id);
  otherAdmin = await createUser(sql, [{ role: 'street_office_admin', streetOfficeId: otherStreet.id }], '别的街道');
  otherCommunityStaff = await createUser(sql, (['party_secretary', 'committee_member', 'supervisor'] as const).map((role) => ({ role, communityId: other.id })), '别的社区');
});

const everyone = () => [...ROLES.map((r) => [r, people[r].username] as const), ['other street', otherAdmin.username] as const, ['other community', otherCommunityStaff.username] as const];

describe('role × action', () => {
  it('registers a person: secretary, committee member, street office; everyone else 403', async () => {
    const allowed: readonly string[] = ['party_secretary', 'committee_member', 'street_office_admin'];
    for (const [who, username] of everyone()) {
      const before = await sql`select count(*)::int as n from people where community_id = ${community.id}`;
      const r = await call(peoplePage.action({ request: post(`/c/${community.slug}/people`, await cookieFor(username), { name: `居民${who}`, gender: 'female' }), params: { communityId: community.slug }, context: {} }));
      const after = await sql`select count(*)::int as n from people where community_id = ${community.id}`;
      expect({ who, status: r.status, added: after[0]!.n - before[0]!.n }).toEqual({ who, status: allowed.includes(who) ? 302 : 403, added: allowed.includes(who) ? 1 : 0 });
    }
  });

  it('edits a person and grants/ends a role: the same three; others 403', async () => {
    const person = await addPerson(sql, community.id, { name: '被授予者', gender: 'male', birthYear: 1970, groupName: '一组', building: '1', unit: '1', phone: null }, { actor: null, lockedHash: await lockedPasswordHash() });
    if (!person.ok) throw new Error(person.key);
    const personId = person.ids[0]!;
    const allowed: readonly string[] = ['party_secretary', 'committee_member', 'street_office_admin'];
    for (const [who, username] of everyone()) {
      const cookie = await cookieFor(username);
      const edit = await call(personPage.action({ request: post(`/c/${community.slug}/people/${personId}`, cookie, { intent: 'edit', name: `改名${who}` }), params: { communityId: community.slug, personId }, context: {} }));
      expect({ who, edit: edit.status }).toEqual({ who, edit: allowed.includes(who) ? 200 : 403 });
      const grant = await call(rolesPage.action({ request: post(`/c/${community.slug}/roles`, cookie, { intent: 'grant', personId, role: 'group_leader', constituency: '一组', startsOn: '2026-01-01', endsOn: '2026-01-01', reason: `试 ${who}` }), params: { communityId: community.slug }, context: {} }));
      if (!allowed.includes(who)) expect({ who, grant: grant.status }).toEqual({ who, grant: 403 });
    }
    // The three allowed grants of the same one-day term: the first succeeded, the others overlap.
    const grants = await sql`select grant_reason from memberships m join people p on p.user_id = m.user_id where p.id = ${personId} and m.role = 'group_leader'`;
    expect(grants).toEqual([{ grant_reason: '试 party_secretary' }]);
    const edits = await sql`select count(*)::int as n from audit_log where subject_id = ${personId} and action = 'admin.personEdited'`;
    expect(edits[0]!.n).toBe(3);
  });

  it('changes settings: secretary, committee member, street office; supervisors read; others 403', async () => {
    const allowed: readonly string[] = ['party_secretary', 'committee_member', 'street_office_admin'];
    const readers = [...allowed, 'supervisor'];
    let days = 8;
    for (const [who, username] of everyone()) {
      const cookie = await cookieFor(username);
      const page = await call(settingsPage.loader({ request: get(`/c/${community.slug}/settings`, cookie), params: { communityId: community.slug }, context: {} }));
      expect({ who, page: page.status }).toEqual({ who, page: readers.includes(who) ? 200 : 403 });
      const version = (await sql<{ version: number }[]>`select settings_version as version from communities where id = ${community.id}`)[0]!.version;
      const r = await call(settingsPage.action({ request: post(`/c/${community.slug}/settings`, cookie, { baseVersion: String(version), disclosureDays: String(days), reason: `调整 ${who}` }), params: { communityId: community.slug }, context: {} }));
      expect({ who, status: r.status }).toEqual({ who, status: allowed.includes(who) ? 200 : 403 });
      if (allowed.includes(who)) days++;
    }
    const versions = await sql<{ d: number }[]>`select (settings->'motion'->>'disclosureDays')::int as d from community_settings_versions where community_id = ${community.id} order by version`;
    expect(versions.map((v) => v.d)).toEqual([8, 9, 10]);
  });

  it('reads the audit log: supervisor and street office only; CSV cells cannot run formulas', async () => {
    for (const [who, username] of everyone()) {
      const r = await call(auditPage.loader({ request: get(`/c/${community.slug}/audit`, await cookieFor(username)), params: { communityId: community.slug }, context: {} }));
      expect({ who, ok: allowedGet(['supervisor', 'street_office_admin'], r.status, who as Role) || (who.startsWith('other') && r.status === 403) }).toEqual({ who, ok: true });
    }
    const formulaActor = await createUser(sql, [{ role: 'committee_member', communityId: community.id }], '=HYPERLINK("http://x")');
    await addPerson(sql, community.id, { name: '-2+3', gender: null, birthYear: null, groupName: null, building: null, unit: null, phone: '13912345678' }, { actor: formulaActor.id, lockedHash: await lockedPasswordHash() });
    const res = (await auditPage.loader({ request: get(`/c/${community.slug}/audit?action=admin.person&format=csv`, await cookieFor(people.supervisor.username)), params: { communityId: community.slug }, context: {} })) as Response;
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: Excel opens it as UTF-8
    const csv = bytes.subarray(3).toString('utf8');
    expect(csv.split('\r\n')[0]).toBe('at,actor,action,subject_type,subject_id,old,new,details');
    expect(csv).toContain(`,"'=HYPERLINK(""http://x"")",admin.personAdded,`);
    expect(csv).toContain('139****5678');
    expect(csv).not.toContain('13912345678');
    for (const line of csv.split('\r\n').slice(1)) for (const cell of line.split(',')) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it('certifies an election: street office only (others 403 before anything is read)', async () => {
    const electionId = randomUUID();
    for (const [who, username] of everyone()) {
      const r = await call(certifyPage.action({ request: post(`/c/${community.slug}/elections/${electionId}/certify`, await cookieFor(username), { termStartsOn: '2027-01-01' }), params: { communityId: community.slug, electionId }, context: {} }));
      expect({ who, status: r.status }).toEqual({ who, status: who === 'street_office_admin' ? 409 : 403 });
    }
  });

  it('creates communities: this street office only; street offices: the platform admin only', async () => {
    for (const [who, username] of everyone()) {
      const cookie = await cookieFor(username);
      const slug = `n-${randomUUID().slice(0, 8)}`;
      const c = await call(streetPage.action({ request: post(`/so/${street.slug}`, cookie, { slug, nameZh: '新', nameEn: 'New' }), params: { streetOfficeId: street.slug }, context: {} }));
      expect({ who, status: c.status }).toEqual({ who, status: who === 'street_office_admin' ? 200 : 403 });
      const s = await call(platformPage.action({ request: post('/admin', cookie, { intent: 'street', slug, nameZh: '新街道', nameEn: 'New street' }), params: {}, context: {} }));
      expect({ who, status: s.status }).toEqual({ who, status: who === 'platform_admin' ? 200 : 403 });
    }
  });

  it('the platform and street-office forms cap their bodies like every other form, and never hand back a password', async () => {
    // Both pages read the body with request.formData() until round 7: a 300-KB name was parsed, then refused as too long.
    const huge = 'x'.repeat(300 * 1024);
    const admin = await cookieFor(people.platform_admin.username);
    const staff = await cookieFor(people.street_office_admin.username);
    expect((await call(platformPage.action({ request: post('/admin', admin, { intent: 'street', slug: 'big', nameZh: huge, nameEn: 'x' }), params: {}, context: {} }))).status).toBe(413);
    expect((await call(streetPage.action({ request: post(`/so/${street.slug}`, staff, { slug: 'big', nameZh: huge, nameEn: 'x' }), params: { streetOfficeId: street.slug }, context: {} }))).status).toBe(413);
    const bad = await call(platformPage.action({ request: post('/admin', admin, { intent: 'staff', streetOfficeId: street.id, username: '!', displayName: '新人', password: 'long-enough-secret' }), params: {}, context: {} }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('admin.errors.usernameFormat');
    expect(JSON.stringify(bad.body)).not.toContain('long-enough-secret');
  });
});

describe('refusals name the field or row and write nothing', () => {
  const count = async (table: 'memberships' | 'people') =>
    (await sql<{ n: number }[]>`select count(*)::int as n from ${sql(table)} where community_id = ${community.id}`)[0]!.n;

  it('refuses a role for someone outside the community, overlapping terms and an end before the start', async () => {
    const cookie = await cookieFor(people.party_secretary.username);
    const outside = await createCommunity(sql, street.id);
    const stranger = await addPerson(sql, outside.id, { name: '外人', gender: 'male', birthYear: null, groupName: null, building: null, unit: null, phone: null }, { actor: null, lockedHash: await lockedPasswordHash() });
    const before = await count('memberships');
    const grant = (form: Record<string, string>, lang = '') =>
      call(rolesPage.action({ request: post(`/c/${community.slug}/roles${lang}`, cookie, { intent: 'grant', reason: '任命', startsOn: '2026-03-01', ...form }), params: { communityId: community.slug }, context: {} }));
    const r1 = await grant({ personId: stranger.ok ? stranger.ids[0]! : '', role: 'resident_representative', constituency: '一组' });
    expect(r1.status).toBe(409);
    expect(r1.body?.reply?.error?.['']).toEqual(['这个人不在本社区的居民信息里，不能授予本社区的身份']);
    const mine = await addPerson(sql, community.id, { name: '代表甲', gender: 'female', birthYear: 1966, groupName: '二组', building: null, unit: null, phone: null }, { actor: null, lockedHash: await lockedPasswordHash() });
    const personId = mine.ok ? mine.ids[0]! : '';
    const after1 = await count('memberships');
    expect(after1).toBe(before + 1); // the person's resident role, nothing from the refusal
    expect((await grant({ personId, role: 'resident_representative', constituency: '二组', endsOn: '2026-02-01' })).body?.reply?.error).toEqual({ endsOn: ['admin.errors.endBeforeStart'] });
    expect(tFor('zh-CN')('admin.errors.endBeforeStart')).toBe('结束日期不能早于开始日期'); // the page shows the key in words
    expect((await grant({ personId, role: 'resident_representative', constituency: '二组' }, '?lng=en')).status).toBe(200);
    const overlap = await grant({ personId, role: 'resident_representative', constituency: '二组', startsOn: '2027-06-01' }, '?lng=en');
    expect(overlap.body?.reply?.error?.['']?.[0]).toMatch(/terms cannot overlap/);
    expect(await count('memberships')).toBe(after1 + 1);
  });

  it('refuses a setting below the statutory floor citing its source, and keeps the version', async () => {
    const cookie = await cookieFor(people.committee_member.username);
    const version = (await sql<{ version: number }[]>`select settings_version as version from communities where id = ${community.id}`)[0]!.version;
    const r = await call(settingsPage.action({ request: post(`/c/${community.slug}/settings`, cookie, { baseVersion: String(version), noticeRepresentativesMeeting: '2', reason: '缩短' }), params: { communityId: community.slug }, context: {} }));
    expect(r.status).toBe(400);
    expect(r.body?.reply?.error?.noticeRepresentativesMeeting?.[0]).toBe('“居民代表会议提前通知（天）”不能低于 3（依据：《社区民主决策和管理制度》：居民代表会议提前 3 天通知）');
    const online = await call(settingsPage.action({ request: post(`/c/${community.slug}/settings`, cookie, { baseVersion: String(version), onlineVotingAllowed: 'on', reason: '试' }), params: { communityId: community.slug }, context: {} }));
    expect(online.body?.reply?.error?.onlineVotingAllowed?.[0]).toBe('是否允许网上投票只能由街道工作人员根据批复设置');
    const [after] = await sql`select settings_version as version from communities where id = ${community.id}`;
    expect(after!.version).toBe(version);
  });

  it('registers one person with an email: a malformed or over-long one is refused on its field and writes nothing; a good one is stored encrypted and listed masked', async () => {
    const cookie = await cookieFor(people.committee_member.username);
    const add = (form: Record<string, string>) => call(peoplePage.action({ request: post(`/c/${community.slug}/people`, cookie, form), params: { communityId: community.slug }, context: {} }));
    const before = await count('people');
    const bad = (await add({ name: '邮箱甲', email: 'not-an-address' })) as unknown as { status: number; body: { error?: Record<string, string[]>; initialValue?: Record<string, string> } };
    expect(bad.status).toBe(400);
    expect(bad.body.error?.email).toEqual(['notify.errors.emailInvalid']);
    expect(bad.body.initialValue?.name).toBe('邮箱甲'); // what was typed comes back to the form
    const long = (await add({ name: '邮箱甲', email: `${'a'.repeat(300)}@example.com` })) as unknown as { status: number; body: { error?: Record<string, string[]> } };
    expect(long.body.error?.email).toEqual(['form.tooLong']);
    const noPassword = (await add({ name: '邮箱甲', username: 'youxiang.jia' })) as unknown as { status: number; body: { error?: Record<string, string[]> } };
    expect(noPassword.body.error?.password).toEqual(['admin.errors.passwordTooShort']);
    expect(await count('people')).toBe(before);
    const good = await add({ name: '邮箱甲', email: ' Jia.Li@Example.COM ' });
    expect(good.status).toBe(302);
    const [row] = await sql`select email_masked, email_cipher like 'v1:%' as enc, email_cipher like '%example%' as plain from people where community_id = ${community.id} and name = '邮箱甲'`;
    expect(row).toEqual({ email_masked: 'J***@example.com', enc: true, plain: false });
    const list = (await peoplePage.loader({ request: get(`/c/${community.slug}/people?q=邮箱甲`, cookie), params: { communityId: community.slug }, context: {} })) as { people: { name: string; emailMasked: string | null }[] };
    expect(list.people.map((p) => [p.name, p.emailMasked])).toEqual([['邮箱甲', 'J***@example.com']]);
    expect(JSON.stringify(list)).not.toContain('Jia.Li');
  });

  it('imports all or nothing: bad phone and birth year named by row; 30 good rows in', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('居民');
    ws.addRow(['姓名', '性别', '出生年份', '楼栋', '联系电话']);
    for (let i = 0; i < 30; i++) ws.addRow([`导入${i}`, i % 2 ? '女' : '男', 1950 + i, `${(i % 5) + 1}号楼`, `1370000${String(i).padStart(4, '0')}`]);
    const good = Buffer.from(await wb.xlsx.writeBuffer());
    ws.getRow(5).getCell(5).value = '12345';
    ws.getRow(9).getCell(3).value = '18xx';
    const bad = Buffer.from(await wb.xlsx.writeBuffer());
    const before = await count('people');
    const rejected = await startPeopleImportForTest(sql, { communityId: community.id, filename: 'bad.xlsx', bytes: bad, mapping: { phone: '联系电话' }, actor: people.committee_member.id });
    expect(rejected.status).toBe('rejected');
    expect(rejected.errors).toEqual([
      { row: 5, field: 'phone', key: 'admin.errors.phoneInvalid' },
      { row: 9, field: 'birthYear', key: 'admin.errors.birthYearInvalid' },
    ]);
    expect(await count('people')).toBe(before);
    const noMapping = await startPeopleImportForTest(sql, { communityId: community.id, filename: 'x.csv', bytes: Buffer.from('名字,电话\n张三,13800000000\n'), mapping: {}, actor: people.committee_member.id });
    expect(noMapping).toMatchObject({ status: 'refused', failureKey: 'admin.errors.importNameColumnMissing' });
    const imported = await startPeopleImportForTest(sql, { communityId: community.id, filename: 'good.xlsx', bytes: good, mapping: { phone: '联系电话' }, actor: people.committee_member.id });
    expect(imported).toMatchObject({ status: 'imported', importedCount: 30, processedRows: 30, totalRows: 30 });
    expect(await count('people')).toBe(before + 30);
    const [p] = await sql`select phone_masked, phone_cipher like 'v1:%' as enc, phone_hash is not null as hashed from people where community_id = ${community.id} and name = '导入7'`;
    expect(p).toEqual({ phone_masked: '137****0007', enc: true, hashed: true });
    const again = await startPeopleImportForTest(sql, { communityId: community.id, filename: 'good.xlsx', bytes: good, mapping: { phone: '联系电话' }, actor: people.committee_member.id });
    expect(again).toMatchObject({ status: 'rejected', errors: [{ row: 2, field: 'phone', key: 'admin.errors.phoneInRegister' }] });
    expect(await count('people')).toBe(before + 30);
  });
});
