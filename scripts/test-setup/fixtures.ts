/** Test data: each test file makes its own street offices, communities and people (unique slugs). */
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../app/auth.server';
import type { Sql } from '../../db/client.server';
import { ROLES, type Role } from '../../domain/roles';

export const TEST_PASSWORD = 'correct horse battery';
let cachedHash: Promise<string> | undefined;

const slug = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;

export async function createStreet(sql: Sql) {
  const s = slug('st');
  const [row] = await sql<{ id: string }[]>`
    insert into street_offices (slug, name_zh, name_en) values (${s}, ${'测试街道' + s}, ${'Test street ' + s}) returning id`;
  return { id: row!.id, slug: s };
}

/**
 * A test community. Its settings allow online voting in elections (as if the street office had
 * approved it, DOMAIN.md §4.6), because the election tests run online ballots; pass
 * `{ onlineVoting: false }` for a community without that approval.
 */
export async function createCommunity(sql: Sql, streetId: string, opts: { onlineVoting?: boolean } = {}) {
  const s = slug('c');
  const settings = { elections: { onlineVotingAllowed: opts.onlineVoting ?? true } };
  const [row] = await sql<{ id: string }[]>`
    insert into communities (street_office_id, slug, name_zh, name_en, settings)
    values (${streetId}, ${s}, ${'测试社区' + s}, ${'Test community ' + s}, ${sql.json(settings)}) returning id`;
  return { id: row!.id, slug: s, streetId };
}

export async function createUser(
  sql: Sql,
  grants: { role: Role; communityId?: string; streetOfficeId?: string; attrs?: Record<string, unknown> }[],
  displayName = '测试用户',
) {
  const id = randomUUID();
  const username = slug('u');
  await sql`insert into users (id, username, display_name, password_hash)
            values (${id}, ${username}, ${displayName}, ${await (cachedHash ??= hashPassword(TEST_PASSWORD))})`;
  for (const g of grants) {
    await sql`insert into memberships (user_id, role, community_id, street_office_id, attrs)
              values (${id}, ${g.role}, ${g.role === 'street_office_admin' || g.role === 'platform_admin' ? null : g.communityId!},
                      ${g.role === 'street_office_admin' ? g.streetOfficeId! : null}, ${sql.json((g.attrs ?? {}) as never)})`;
  }
  return { id, username };
}

/** One person per role in `community` (street-office staff for its street, an operator for the platform). */
export async function onePersonPerRole(sql: Sql, community: { id: string; streetId: string }) {
  const people = {} as Record<Role, { id: string; username: string }>;
  for (const role of ROLES) {
    people[role] = await createUser(sql, [{ role, communityId: community.id, streetOfficeId: community.streetId }], role);
  }
  return people;
}
