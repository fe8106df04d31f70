/** A motion cannot link another community's catalogue item (issue 9, item 11). */
import { randomUUID } from 'node:crypto';
import { createCommunity, createStreet, createUser } from '../scripts/test-setup/fixtures';
import { testSql } from '../scripts/test-setup/services';
import { createMotion, type Caller } from './motions.server';
import { closeTemporal } from './temporal.server';

const sql = testSql();
afterAll(async () => {
  await closeTemporal();
  await sql.end();
});

const draft = (catalogueItemId: string) =>
  ({
    idempotencyKey: randomUUID(),
    title: '垃圾投放点搬迁',
    category: 'environment',
    majorReasons: ['public_project'],
    background: '投放点离窗户太近。',
    proposalText: '搬到小区东门。',
    estimatedCostYuan: 0,
    scope: 'community',
    consultOptIn: false,
    resolutionBody: 'representatives_meeting',
    catalogueItemId,
  }) as Parameters<typeof createMotion>[1];

it("refuses another community's catalogue item and writes nothing; takes its own", async () => {
  const street = await createStreet(sql);
  const [home, other] = [await createCommunity(sql, street.id), await createCommunity(sql, street.id)];
  const item = async (communityId: string) =>
    (await sql<{ id: string }[]>`insert into catalogue_items (community_id, year, code, first_version) values (${communityId}, 2026, 'ENV-01', 1) returning id`)[0]!.id;
  const [own, foreign] = [await item(home.id), await item(other.id)];
  const secretary = await createUser(sql, [{ role: 'party_secretary', communityId: home.id }]);
  const caller: Caller = { userId: secretary.id, displayName: '书记', roles: ['party_secretary'], communityId: home.id };
  const opts = { taskQueue: `no-worker-${randomUUID()}` };
  expect(await createMotion(caller, draft(foreign), opts)).toEqual({ ok: false, key: 'security.motion.catalogueItemElsewhere' });
  expect(await sql`select 1 from motions where community_id = ${home.id}`).toHaveLength(0);
  expect(await createMotion(caller, draft(own), opts)).toMatchObject({ ok: true });
});
