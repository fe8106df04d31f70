/**
 * A community for the browser journeys only (never in `npm start`'s demo data): the same street
 * office, but periods of seconds (`dayMs`), so a motion can run from proposal to closed results in a
 * few minutes of real time.
 */
import type { Role } from '../domain/roles';
import type { Sql } from './client.server';

export const E2E_COMMUNITY = 'kuaice';
export const E2E_DAY_MS = 3000;

type Person = { username: string; name: string; roles: { role: Role; attrs?: Record<string, unknown> }[] };

export const E2E_PEOPLE: Person[] = [
  { username: 'e2e-secretary', name: '测试书记', roles: [{ role: 'party_secretary' }, { role: 'party_member', attrs: { full_member: true } }] },
  { username: 'e2e-party1', name: '党委一', roles: [{ role: 'party_committee_member' }, { role: 'party_member', attrs: { full_member: true } }] },
  { username: 'e2e-director', name: '测试主任', roles: [{ role: 'committee_member', attrs: { office: 'director' } }] },
  { username: 'e2e-member1', name: '委员一', roles: [{ role: 'committee_member', attrs: { office: 'member' } }] },
  { username: 'e2e-rep1', name: '代表一', roles: [{ role: 'resident_representative' }] },
  { username: 'e2e-rep2', name: '代表二', roles: [{ role: 'resident_representative' }] },
  { username: 'e2e-rep3', name: '代表三', roles: [{ role: 'resident_representative' }] },
  { username: 'e2e-supervisor', name: '测试监督', roles: [{ role: 'supervisor', attrs: { is_chair: true } }] },
  { username: 'e2e-resident', name: '测试居民', roles: [{ role: 'resident' }] },
];

/**
 * The appraisal journey's community 评议社区 (`pingyi`, one day = 4 s): five committee members, 16
 * representatives, two supervisors (paper totals need a second person) and two residents, so the
 * journey of DOMAIN.md §9 runs at the size of the record [S18] without changing the rosters
 * the other journeys of 快测社区 count on. Offices began a year ago (no 任职不满半年 mark).
 */
export const APPRAISAL_COMMUNITY = 'pingyi';
export const APPRAISAL_DAY_MS = 4000;
const MEMBERS = ['主任甲', '副主任乙', '委员丙', '委员丁', '委员戊'];
export const APPRAISAL_PEOPLE: Person[] = [
  ...MEMBERS.map((name, i) => ({ username: `py-member${i + 1}`, name, roles: [{ role: 'committee_member' as const, attrs: { office: i === 0 ? 'director' : i === 1 ? 'deputy_director' : 'member' } }] })),
  ...Array.from({ length: 16 }, (_, i) => ({ username: `py-rep${i + 1}`, name: `评议代表${i + 1}`, roles: [{ role: 'resident_representative' as const }] })),
  { username: 'py-supervisor', name: '监督主任', roles: [{ role: 'supervisor', attrs: { is_chair: true } }] },
  { username: 'py-supervisor2', name: '监督委员', roles: [{ role: 'supervisor', attrs: { is_chair: false } }] },
  { username: 'py-secretary', name: '评议书记', roles: [{ role: 'party_secretary' }] },
  { username: 'py-resident1', name: '住户一', roles: [{ role: 'resident' }] },
  { username: 'py-resident2', name: '住户二', roles: [{ role: 'resident' }] },
];

export async function seedE2eCommunity(sql: Sql, passwordHash: string): Promise<void> {
  await seedCommunity(sql, passwordHash, { slug: E2E_COMMUNITY, nameZh: '快测社区', nameEn: 'Kuaice Community', dayMs: E2E_DAY_MS, people: E2E_PEOPLE });
  await seedCommunity(sql, passwordHash, {
    slug: APPRAISAL_COMMUNITY, nameZh: '评议社区', nameEn: 'Pingyi Community', dayMs: APPRAISAL_DAY_MS, people: APPRAISAL_PEOPLE, since: '1 year',
  });
}

async function seedCommunity(
  sql: Sql,
  passwordHash: string,
  o: { slug: string; nameZh: string; nameEn: string; dayMs: number; people: Person[]; since?: string },
): Promise<void> {
  await sql.begin(async (tx) => {
    const [street] = await tx<{ id: string }[]>`select id from street_offices where slug = 'heping'`;
    if (!street) throw new Error('seed the demo street office first');
    const [c] = await tx<{ id: string }[]>`
      insert into communities (street_office_id, slug, name_zh, name_en, settings)
      values (${street.id}, ${o.slug}, ${o.nameZh}, ${o.nameEn},
              ${tx.json({ motion: { dayMs: o.dayMs, votingWindowDays: 7 } } as never)})
      returning id`;
    for (const p of o.people) {
      const id = crypto.randomUUID();
      await tx`insert into users (id, username, display_name, password_hash) values (${id}, ${p.username}, ${p.name}, ${passwordHash})`;
      for (const r of p.roles) {
        await tx`insert into memberships (user_id, role, community_id, attrs, starts_on)
                 values (${id}, ${r.role}, ${c!.id}, ${tx.json((r.attrs ?? {}) as never)},
                         current_date - ${o.since ?? '0 days'}::interval)`;
      }
    }
  });
}
