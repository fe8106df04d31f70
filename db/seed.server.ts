/**
 * Demo data for `npm start` (unless MINYI_DEMO=off): a street office with two communities and one
 * account per role. Built through the same administration modules the pages and `npm run admin`
 * use (db/admin*.server.ts, db/roster.server.ts) — there is no second way in.
 * Runs on first start only (it does nothing when the demo street office exists).
 */
import type { Role } from '../domain/roles';
import { createCommunity, createPlatformAdmin, createStreetOffice, createStreetOfficeAdmin, streetOfficeBySlug } from './admin.server';
import { insertPeople } from './admin-people.server';
import { communitySettings, saveSettings } from './admin-settings.server';
import { applySettings } from '../domain/admin/settings';
import type { Sql } from './client.server';
import { grantRoleIn } from './roster.server';

export const DEMO_PASSWORD = 'minyi-demo';

type DemoAccount = {
  username: string;
  displayName: string;
  phone: string;
  role: Role;
  gender?: 'male' | 'female';
  community?: 'chunhui' | 'liuyin';
  attrs?: Record<string, unknown>;
};

/** One demo login per role (DOMAIN.md §1.2), printed by `npm start` and listed in the README. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'secretary', displayName: '王建国', phone: '13800000001', role: 'party_secretary', gender: 'male', community: 'chunhui' },
  { username: 'party-committee', displayName: '李秀英', phone: '13800000002', role: 'party_committee_member', gender: 'female', community: 'chunhui' },
  { username: 'director', displayName: '张伟', phone: '13800000003', role: 'committee_member', gender: 'male', community: 'chunhui', attrs: { office: 'director' } },
  { username: 'party-member', displayName: '赵志强', phone: '13800000004', role: 'party_member', gender: 'male', community: 'chunhui', attrs: { full_member: true } },
  { username: 'representative', displayName: '陈桂兰', phone: '13800000005', role: 'resident_representative', gender: 'female', community: 'chunhui', attrs: { constituency: '第一居民小组' } },
  { username: 'group-leader', displayName: '刘德明', phone: '13800000006', role: 'group_leader', gender: 'male', community: 'chunhui', attrs: { group: '第一居民小组' } },
  { username: 'resident', displayName: '周玉珍', phone: '13800000007', role: 'resident', gender: 'female', community: 'chunhui' },
  { username: 'supervisor', displayName: '吴国华', phone: '13800000008', role: 'supervisor', gender: 'male', community: 'chunhui', attrs: { is_chair: true } },
  { username: 'election-committee', displayName: '郑丽', phone: '13800000009', role: 'election_committee', gender: 'female', community: 'chunhui' },
  { username: 'street-office', displayName: '孙明', phone: '13800000010', role: 'street_office_admin' },
  { username: 'admin', displayName: '平台管理员', phone: '13800000011', role: 'platform_admin' },
  { username: 'liuyin-secretary', displayName: '黄海燕', phone: '13800000012', role: 'party_secretary', gender: 'female', community: 'liuyin' },
];

/** `MINYI_DEMO=off` (or 0/false/no) starts empty: no demo street office, communities or accounts. */
export function demoEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return !['off', '0', 'false', 'no'].includes((env.MINYI_DEMO ?? '').trim().toLowerCase());
}

function must<T extends { ok: boolean }>(r: T, what: string): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`demo seed: ${what}: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}

export async function seedDemo(sql: Sql, hashPassword: (p: string) => Promise<string>): Promise<boolean> {
  if (await streetOfficeBySlug(sql, 'heping')) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const street = must(await createStreetOffice(sql, { slug: 'heping', nameZh: '和平街道办事处', nameEn: 'Heping Street Office', actor: null }), 'street office');
  const communityIds = {
    chunhui: must(await createCommunity(sql, { streetOfficeId: street.id, slug: 'chunhui', nameZh: '春晖社区', nameEn: 'Chunhui Community', households: 1200, isDrill: false, settings: {}, actor: null }), 'chunhui').id,
    liuyin: must(await createCommunity(sql, { streetOfficeId: street.id, slug: 'liuyin', nameZh: '柳荫社区', nameEn: 'Liuyin Community', households: 800, isDrill: false, settings: {}, actor: null }), 'liuyin').id,
  };
  for (const a of DEMO_ACCOUNTS) {
    const account = { username: a.username, displayName: a.displayName, passwordHash, phone: a.phone };
    if (a.role === 'platform_admin') must(await createPlatformAdmin(sql, { ...account, actor: null }), a.username);
    else if (a.role === 'street_office_admin') {
      const staff = must(await createStreetOfficeAdmin(sql, { ...account, streetOfficeId: street.id, actor: null }), a.username);
      // The street office approves 春晖's online-voting pilot (§4.6): the demo elections vote online.
      await allowOnlineVoting(sql, communityIds.chunhui, staff.userId);
    }
    else {
      const communityId = communityIds[a.community!];
      await sql.begin(async (tx) => {
        const person = must(
          await insertPeople(
            tx,
            communityId,
            [{ name: a.displayName, gender: a.gender ?? null, birthYear: null, groupName: '第一居民小组', building: null, unit: null, phone: a.phone, signIn: { username: a.username, passwordHash } }],
            { actor: null, lockedHash: passwordHash, residentRole: false },
          ),
          a.username,
        );
        must(
          await grantRoleIn(tx, communityId, { personId: person.ids[0]!, role: a.role, attrs: a.attrs ?? {}, startsOn: todayIn(), endsOn: null, reason: 'demo', source: 'seed' }, null),
          `${a.username} ${a.role}`,
        );
      });
    }
  }
  return true;
}

async function allowOnlineVoting(sql: Sql, communityId: string, actor: string): Promise<void> {
  const current = await communitySettings(sql, communityId);
  const approvalRef = '和平街道批复〔2026〕3号';
  const next = applySettings(current.settings, { onlineVotingAllowed: 'on' }, { isDrill: current.isDrill, roles: ['street_office_admin'], approvalRef });
  if (!next.ok) throw new Error(`demo seed: online voting: ${JSON.stringify(next.refusals)}`);
  must(await saveSettings(sql, communityId, { baseVersion: current.version, settings: next.settings, changed: next.changed, reason: '网上投票试点', approvalRef, actor }), 'online voting');
}

/** Today in Asia/Shanghai (`YYYY-MM-DD`). */
const todayIn = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
