/**
 * Disclosures: appending to the hash chain (advisory lock + read head + sha256) against a plain
 * insert of the same row into an unchained table; verifying a community's chain against hashing the
 * same texts in memory.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Sql } from '../db/client.server';
import { publishDisclosure, verifyCommunityChain } from '../db/disclosures.server';
import { chainInput, type DisclosureContent } from '../domain/disclosure';
import { header, measure, row } from './harness';

async function community(sql: Sql): Promise<string> {
  const [s] = await sql<{ id: string }[]>`insert into street_offices (slug, name_zh, name_en) values (${'b' + randomUUID().slice(0, 8)}, '基准', 'bench') returning id`;
  const [c] = await sql<{ id: string }[]>`insert into communities (street_office_id, slug, name_zh, name_en) values (${s!.id}, ${'b' + randomUUID().slice(0, 8)}, '基准', 'bench') returning id`;
  return c!.id;
}

const body = (i: number) => ({
  text: '关于小区加装电梯的决议：同意在 3 号楼加装电梯一部，费用由业主按楼层分摊。',
  tally: { agree: 21 + (i % 5), disagree: 3, abstain: 1, notVoted: 2 },
  quorumNeeded: 18,
});

export async function benchDisclosures(sql: Sql): Promise<string[]> {
  await sql`create temporary table plain_disclosures (like disclosures including defaults including identity)`;
  const ops = 200;
  const chained = await measure('publish to hash chain', { ops }, async () => {
    const c = await community(sql);
    for (let i = 0; i < ops; i++) {
      await publishDisclosure(sql, {
        communityId: c,
        kind: 'resolution',
        subjectType: 'motion',
        subjectId: `m${i}`,
        title: `决议 ${i}`,
        body: body(i),
        publishedAt: new Date(),
        idempotencyKey: randomUUID(),
      });
    }
  });
  const plain = await measure('baseline: plain insert, no chain', { ops }, async () => {
    const c = await community(sql);
    for (let i = 0; i < ops; i++) {
      await sql`insert into plain_disclosures (community_id, kind, subject_type, subject_id, title, body, published_at, idempotency_key, prev_hash, hash)
                values (${c}, 'resolution', 'motion', ${'m' + i}, ${'决议 ' + i}, ${sql.json(body(i))}, now(), ${randomUUID()}, ${'0'.repeat(64)}, ${createHash('sha256').update(randomUUID()).digest('hex')})`;
    }
  });

  // Verification of a 2,000-link chain.
  const n = 2000;
  const c = await community(sql);
  for (let i = 0; i < n; i++) {
    await publishDisclosure(sql, {
      communityId: c,
      kind: 'resolution',
      subjectType: 'motion',
      subjectId: `m${i}`,
      title: `决议 ${i}`,
      body: body(i),
      publishedAt: new Date(),
      idempotencyKey: randomUUID(),
    });
  }
  const verify = await measure('verify a 2,000-link chain (per link)', { ops: n }, async () => {
    const r = await verifyCommunityChain(sql, c);
    if (!r.ok || r.length !== n) throw new Error('chain did not verify');
  });
  const content = (i: number): DisclosureContent => ({
    communityId: c, kind: 'resolution', subjectType: 'motion', subjectId: `m${i}`, title: `决议 ${i}`, body: body(i),
    corrects: null, correctionReason: null, substantive: null, publishedAt: new Date().toISOString(), visibleUntil: null,
  });
  const texts = Array.from({ length: n }, (_, i) => content(i));
  const hashOnly = await measure('baseline: sha256 of the same texts in memory', { ops: n }, async () => {
    let prev = '0'.repeat(64);
    for (const t of texts) prev = createHash('sha256').update(chainInput(prev, t)).digest('hex');
  });
  return [...header, row(plain), row(chained, plain), row(hashOnly), row(verify, hashOnly)];
}
