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

export async function seedE2eCommunity(sql: Sql, passwordHash: string): Promise<void> {
  await sql.begin(async (tx) => {
    const [street] = await tx<{ id: string }[]>`select id from street_offices where slug = 'heping'`;
    if (!street) throw new Error('seed the demo street office first');
    const [c] = await tx<{ id: string }[]>`
      insert into communities (street_office_id, slug, name_zh, name_en, settings)
      values (${street.id}, ${E2E_COMMUNITY}, '快测社区', 'Kuaice Community',
              ${tx.json({ motion: { dayMs: E2E_DAY_MS, votingWindowDays: 7 } } as never)})
      returning id`;
    for (const p of E2E_PEOPLE) {
      const id = crypto.randomUUID();
      await tx`insert into users (id, username, display_name, password_hash) values (${id}, ${p.username}, ${p.name}, ${passwordHash})`;
      for (const r of p.roles) {
        await tx`insert into memberships (user_id, role, community_id, attrs)
                 values (${id}, ${r.role}, ${c!.id}, ${tx.json((r.attrs ?? {}) as never)})`;
      }
    }
  });
}
