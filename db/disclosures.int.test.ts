import { createCommunity, createStreet } from '../scripts/test-setup/fixtures';
import { testSql } from '../scripts/test-setup/services';
import { GENESIS_HASH } from '../domain/disclosure';
import { communityDisclosures, publishDisclosure, verifyCommunityChain } from './disclosures.server';

const sql = testSql();
afterAll(() => sql.end());

const sample = (communityId: string, key: string, title = '关于加装电梯的决议') => ({
  communityId,
  kind: 'resolution' as const,
  subjectType: 'motion',
  subjectId: key,
  title,
  body: { tally: { agree: 12, disagree: 3, abstain: 1 } },
  publishedAt: new Date('2026-11-25T02:00:00Z'),
  visibleUntil: new Date('2026-12-02T16:00:00Z'),
  idempotencyKey: key,
});

describe('disclosure chain', () => {
  it('links each community’s disclosures and verifies them', async () => {
    const street = await createStreet(sql);
    const c = await createCommunity(sql, street.id);
    const first = await publishDisclosure(sql, sample(c.id, `${c.id}-1`));
    const second = await publishDisclosure(sql, sample(c.id, `${c.id}-2`, '第二条'));
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.prevHash).toBe(first.hash);
    expect(await verifyCommunityChain(sql, c.id)).toEqual({ ok: true, head: second.hash, length: 2 });
  });

  it('publishes once per idempotency key, even when retried concurrently', async () => {
    const street = await createStreet(sql);
    const c = await createCommunity(sql, street.id);
    const rows = await Promise.all(Array.from({ length: 8 }, () => publishDisclosure(sql, sample(c.id, `${c.id}-same`))));
    expect(new Set(rows.map((r) => r.id)).size).toBe(1);
    expect(await communityDisclosures(sql, c.id)).toHaveLength(1);
  });

  it('keeps one unbroken chain when many are published at once', async () => {
    const street = await createStreet(sql);
    const c = await createCommunity(sql, street.id);
    await Promise.all(Array.from({ length: 10 }, (_, i) => publishDisclosure(sql, sample(c.id, `${c.id}-${i}`, `公开 ${i}`))));
    expect(await verifyCommunityChain(sql, c.id)).toMatchObject({ ok: true, length: 10 });
  });

  it('refuses to change or delete a published disclosure', async () => {
    const street = await createStreet(sql);
    const c = await createCommunity(sql, street.id);
    const d = await publishDisclosure(sql, sample(c.id, `${c.id}-x`));
    await expect(sql`update disclosures set title = 'changed' where id = ${d.id}`).rejects.toThrow(/append-only/);
    await expect(sql`delete from disclosures where id = ${d.id}`).rejects.toThrow(/append-only/);
  });
});
