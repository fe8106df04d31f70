/**
 * A forked disclosure chain is impossible in the database itself (issue 9, item 11): even a
 * writer that skips publishDisclosure's lock cannot give one predecessor two successors.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createCommunity, createStreet } from '../scripts/test-setup/fixtures';
import { testSql } from '../scripts/test-setup/services';

const sql = testSql();
afterAll(() => sql.end());

const hex = () => randomBytes(32).toString('hex');
const entry = (communityId: string, prevHash: string) => sql`
  insert into disclosures (community_id, kind, subject_type, subject_id, title, body, published_at, idempotency_key, prev_hash, hash)
  values (${communityId}, 'resolution', 'motion', ${randomUUID()}, '决议公开', '{}', now(), ${randomUUID()}, ${prevHash}, ${hex()})`;

it('refuses a second entry naming the same predecessor, in the same community only', async () => {
  const street = await createStreet(sql);
  const [a, b] = [await createCommunity(sql, street.id), await createCommunity(sql, street.id)];
  const head = hex();
  await entry(a.id, head);
  await expect(entry(a.id, head)).rejects.toMatchObject({ code: '23505' });
  await entry(b.id, head); // another community's chain is its own
  expect(await sql`select count(*)::int as n from disclosures where community_id = ${a.id}`).toEqual([{ n: 1 }]);
});
