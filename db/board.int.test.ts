import { boardFilterFrom } from '../domain/board';
import { createCommunity, createStreet } from '../scripts/test-setup/fixtures';
import { testSql } from '../scripts/test-setup/services';
import { boardChain, boardPage, boardYears, saveCheckpoint } from './board.server';
import { recheckCommunityChain } from './disclosure-verify.server';
import { publishDisclosure, type PublishDisclosure } from './disclosures.server';

const sql = testSql();
afterAll(() => sql.end());

const filter = (qs = '') => boardFilterFrom(new URL(`http://x/${qs}`)).filter;

async function publish(communityId: string, n: number, over: Partial<PublishDisclosure> = {}) {
  return publishDisclosure(sql, {
    communityId,
    kind: 'resolution',
    subjectType: 'motion',
    subjectId: `${communityId}-${n}`,
    title: `第${n}号决议`,
    body: { summary: '普通事项' },
    publishedAt: new Date(`2026-03-${String((n % 27) + 1).padStart(2, '0')}T02:00:00Z`),
    idempotencyKey: `${communityId}-${n}-${over.kind ?? 'r'}`,
    ...over,
  });
}

describe('the public board', () => {
  it('pages newest first with a cursor, over a community and over its whole street office', async () => {
    const street = await createStreet(sql);
    const a = await createCommunity(sql, street.id);
    const b = await createCommunity(sql, street.id);
    for (let i = 1; i <= 25; i++) await publish(i % 2 ? a.id : b.id, i);
    const first = await boardPage(sql, { streetOfficeId: street.id }, filter());
    expect(first.entries.map((e) => e.title)).toEqual(Array.from({ length: 20 }, (_, i) => `第${25 - i}号决议`));
    const second = await boardPage(sql, { streetOfficeId: street.id }, { ...filter(), before: first.next! });
    expect(second.entries.map((e) => e.title)).toEqual(['第5号决议', '第4号决议', '第3号决议', '第2号决议', '第1号决议']);
    expect(second.next).toBeNull();
    const onlyA = await boardPage(sql, { communityId: a.id }, filter());
    expect(onlyA.entries).toHaveLength(13);
    expect(new Set(onlyA.entries.map((e) => e.communitySlug))).toEqual(new Set([a.slug]));
  });

  it('filters by kind and by year (Asia/Shanghai), and finds Chinese words in titles and bodies', async () => {
    const street = await createStreet(sql);
    const c = await createCommunity(sql, street.id);
    await publish(c.id, 1, { title: '关于加装电梯的决议', body: { summary: '三号楼加装电梯，费用分摊' } });
    await publish(c.id, 2, { title: '屋顶防水维修', body: { summary: '雨季前完成' }, kind: 'implementation_result' });
    // 2025-12-31 17:00 UTC is already 2026 in Shanghai
    await publish(c.id, 3, { title: '监控安装', body: { note: '小区北门 CCTV' }, publishedAt: new Date('2025-12-31T17:00:00Z') });
    await publish(c.id, 4, { title: '公告栏更新', body: { note: 'x' }, publishedAt: new Date('2025-06-01T02:00:00Z') });
    const titles = async (qs: string) => (await boardPage(sql, { communityId: c.id }, filter(qs))).entries.map((e) => e.title);

    expect(await titles('?kind=implementation_result')).toEqual(['屋顶防水维修']);
    expect(await titles('?year=2025')).toEqual(['公告栏更新']);
    expect((await titles('?year=2026')).sort()).toEqual(['关于加装电梯的决议', '屋顶防水维修', '监控安装'].sort());
    expect(await titles('?q=电梯')).toEqual(['关于加装电梯的决议']);
    expect(await titles('?q=费用分摊')).toEqual(['关于加装电梯的决议']); // only in the body
    expect(await titles('?q=加装 电梯')).toEqual(['关于加装电梯的决议']);
    expect(await titles('?q=cctv')).toEqual(['监控安装']);
    expect(await titles('?q=屋')).toEqual(['屋顶防水维修']); // one character
    expect(await titles('?q=电梯维修')).toEqual([]); // every term must occur
    expect(await titles("?q=' %26 ! :*")).toEqual([]); // tsquery syntax in the input is just text
    expect(await titles('?q=summary')).toEqual([]); // JSON keys are not searched
    expect(await boardYears(sql, { communityId: c.id })).toEqual([2026, 2025]);
  });

  it("searches a whole street office's board newest first across its communities, paged, with kind and year, and nothing from another street", async () => {
    const street = await createStreet(sql);
    const a = await createCommunity(sql, street.id);
    const b = await createCommunity(sql, street.id);
    const elsewhere = await createCommunity(sql, (await createStreet(sql)).id);
    for (let i = 1; i <= 24; i++)
      await publish(i % 2 ? a.id : b.id, i, { title: i % 3 ? `第${i}号 加装电梯` : `第${i}号 绿化`, kind: i % 4 ? 'resolution' : 'implementation_result' });
    await publish(elsewhere.id, 99, { title: '第99号 加装电梯' });
    const search = (qs: string, before?: number) => boardPage(sql, { streetOfficeId: street.id }, { ...filter(qs), ...(before ? { before } : {}) });
    const lift = Array.from({ length: 24 }, (_, i) => 24 - i).filter((i) => i % 3);
    const first = await search('?q=电梯');
    expect(first.entries.map((e) => e.title)).toEqual(lift.map((i) => `第${i}号 加装电梯`)); // 16: one page, newest first
    expect(first.next).toBeNull();
    expect(new Set(first.entries.map((e) => e.communitySlug))).toEqual(new Set([a.slug, b.slug]));
    const results = (await search('?q=电梯&kind=implementation_result')).entries.map((e) => e.title);
    expect(results).toEqual(lift.filter((i) => i % 4 === 0).map((i) => `第${i}号 加装电梯`));
    expect((await search('?q=电梯&year=2025')).entries).toEqual([]);
    // A page boundary inside the search: 24 matches of "号" over two pages of 20.
    const all = await search('?q=号');
    expect(all.entries).toHaveLength(20);
    const rest = await search('?q=号', all.next!);
    expect([...all.entries, ...rest.entries].map((e) => e.title.split(' ')[0])).toEqual(Array.from({ length: 24 }, (_, i) => `第${24 - i}号`));

    // However few of each community's newest entries the search reads first, the page is the same:
    // when what it read cannot prove the page, it asks the full-text index.
    for (const walk of [1, 3, 8, 13, 500]) {
      const page = async (qs: string, before?: number) =>
        (await boardPage(sql, { streetOfficeId: street.id }, { ...filter(qs), ...(before ? { before } : {}) }, { walk })).entries.map((e) => e.title);
      expect(await page('?q=电梯')).toEqual(first.entries.map((e) => e.title));
      expect(await page('?q=号')).toEqual(all.entries.map((e) => e.title));
      expect(await page('?q=号', all.next!)).toEqual(rest.entries.map((e) => e.title));
      expect(await page('?q=绿化')).toEqual(Array.from({ length: 24 }, (_, i) => 24 - i).filter((i) => i % 3 === 0).map((i) => `第${i}号 绿化`));
    }
  });

  it("a street's search is not fooled by one community publishing far more than the others", async () => {
    const street = await createStreet(sql);
    const busy = await createCommunity(sql, street.id);
    const quiet = await createCommunity(sql, street.id);
    // The quiet community's 21 matches are older than the busy one's 30 newest entries, which do not match.
    for (let i = 1; i <= 21; i++) await publish(quiet.id, i, { title: `第${i}号 加装电梯` });
    for (let i = 1; i <= 5; i++) await publish(busy.id, 100 + i, { title: `第${100 + i}号 加装电梯` });
    for (let i = 1; i <= 30; i++) await publish(busy.id, 200 + i, { title: `第${200 + i}号 绿化` });
    const want = [...Array.from({ length: 5 }, (_, i) => `第${105 - i}号 加装电梯`), ...Array.from({ length: 15 }, (_, i) => `第${21 - i}号 加装电梯`)];
    for (const walk of [10, 25, 40, 200]) {
      const r = await boardPage(sql, { streetOfficeId: street.id }, filter('?q=电梯'), { walk });
      expect(r.entries.map((e) => e.title)).toEqual(want);
      expect(r.next).not.toBeNull();
    }
  });

  it('marks corrected entries', async () => {
    const street = await createStreet(sql);
    const c = await createCommunity(sql, street.id);
    const wrong = await publish(c.id, 1);
    await publish(c.id, 2, { corrects: wrong.id, correctionReason: '票数录入错误', title: '第1号决议（更正）' });
    const { entries } = await boardPage(sql, { communityId: c.id }, filter());
    expect(entries.map((e) => [e.title, e.corrected, e.correctionReason])).toEqual([
      ['第1号决议（更正）', false, '票数录入错误'],
      ['第1号决议', true, null],
    ]);
  });

  it('checks only the entries after the last full check, and reports a break the full check found', async () => {
    const street = await createStreet(sql);
    const c = await createCommunity(sql, street.id);
    for (let i = 1; i <= 5; i++) await publish(c.id, i);
    expect(await boardChain(sql, c.id)).toMatchObject({ ok: true, length: 5, checkedAt: null, pending: false });
    const full = await recheckCommunityChain(sql, c.id);
    if (!full.ok) throw new Error('intact chain reported broken');
    await saveCheckpoint(sql, c.id, { ok: true, length: full.length, head: full.head, seq: full.lastSeq });
    const last = await publish(c.id, 6);
    const after = await boardChain(sql, c.id);
    expect(after).toMatchObject({ ok: true, length: 6, head: last.hash, pending: false });
    expect(after.checkedAt).toBeInstanceOf(Date);
    // a limit of 0 newer entries per view: the view says the rest is pending
    expect(await boardChain(sql, c.id, 0)).toMatchObject({ ok: true, length: 5, pending: true });

    await saveCheckpoint(sql, c.id, { ok: false, brokenSeq: last.seq, reason: 'hash' });
    expect(await boardChain(sql, c.id)).toMatchObject({ ok: false, brokenAt: last.seq, reason: 'hash' });
  });
});
