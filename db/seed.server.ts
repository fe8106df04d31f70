/**
 * Demo data for `npm start`: a street office with two communities and one account per role.
 * Runs on first start only (it does nothing when the demo street office exists).
 */
import type { Role } from '../domain/roles';
import type { Sql } from './client.server';

export const DEMO_PASSWORD = 'minyi-demo';

type DemoAccount = {
  username: string;
  displayName: string;
  phone: string;
  role: Role;
  community?: 'chunhui' | 'liuyin';
  attrs?: Record<string, unknown>;
};

/** One demo login per role (DOMAIN.md §1.2), printed by `npm start` and listed in the README. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'secretary', displayName: '王建国', phone: '13800000001', role: 'party_secretary', community: 'chunhui' },
  { username: 'party-committee', displayName: '李秀英', phone: '13800000002', role: 'party_committee_member', community: 'chunhui' },
  { username: 'director', displayName: '张伟', phone: '13800000003', role: 'committee_member', community: 'chunhui', attrs: { office: 'director' } },
  { username: 'party-member', displayName: '赵志强', phone: '13800000004', role: 'party_member', community: 'chunhui', attrs: { full_member: true } },
  { username: 'representative', displayName: '陈桂兰', phone: '13800000005', role: 'resident_representative', community: 'chunhui', attrs: { constituency: '第一居民小组' } },
  { username: 'group-leader', displayName: '刘德明', phone: '13800000006', role: 'group_leader', community: 'chunhui', attrs: { group: '第一居民小组' } },
  { username: 'resident', displayName: '周玉珍', phone: '13800000007', role: 'resident', community: 'chunhui' },
  { username: 'supervisor', displayName: '吴国华', phone: '13800000008', role: 'supervisor', community: 'chunhui', attrs: { is_chair: true } },
  { username: 'election-committee', displayName: '郑丽', phone: '13800000009', role: 'election_committee', community: 'chunhui' },
  { username: 'street-office', displayName: '孙明', phone: '13800000010', role: 'street_office_admin' },
  { username: 'admin', displayName: '平台管理员', phone: '13800000011', role: 'platform_admin' },
  { username: 'liuyin-secretary', displayName: '黄海燕', phone: '13800000012', role: 'party_secretary', community: 'liuyin' },
];

export async function seedDemo(sql: Sql, hashPassword: (p: string) => Promise<string>): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [exists] = await tx`select 1 from street_offices where slug = 'heping'`;
    if (exists) return false;
    const [street] = await tx<{ id: string }[]>`
      insert into street_offices (slug, name_zh, name_en) values ('heping', '和平街道办事处', 'Heping Street Office')
      returning id`;
    const communities = await tx<{ id: string; slug: string }[]>`
      insert into communities (street_office_id, slug, name_zh, name_en) values
        (${street!.id}, 'chunhui', '春晖社区', 'Chunhui Community'),
        (${street!.id}, 'liuyin', '柳荫社区', 'Liuyin Community')
      returning id, slug`;
    const communityId = (slug: string) => communities.find((c) => c.slug === slug)!.id;
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const a of DEMO_ACCOUNTS) {
      const id = crypto.randomUUID();
      await tx`insert into users (id, username, display_name, password_hash, phone)
               values (${id}, ${a.username}, ${a.displayName}, ${passwordHash}, ${a.phone})`;
      await tx`insert into memberships (user_id, role, community_id, street_office_id, attrs) values (
        ${id}, ${a.role},
        ${a.community ? communityId(a.community) : null},
        ${a.role === 'street_office_admin' ? street!.id : null},
        ${tx.json((a.attrs ?? {}) as never)})`;
    }
    return true;
  });
}
