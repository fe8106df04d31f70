/**
 * The public board's pages and feeds, called as Remix calls them, without an account: a street
 * office's board, filters in the address, the Atom feeds, and malformed filters that must not fail.
 */
import { publishDisclosure } from '../db/disclosures.server';
import { createCommunity, createStreet } from '../scripts/test-setup/fixtures';
import { testSql } from '../scripts/test-setup/services';
import * as communityBoard from './routes/p.$communityId._index';
import * as communityFeed from './routes/p.$communityId.feed[.]xml';
import * as streetBoard from './routes/s.$streetOfficeId._index';
import * as streetFeed from './routes/s.$streetOfficeId.feed[.]xml';

const sql = testSql();
afterAll(() => sql.end());

async function setUp() {
  const street = await createStreet(sql);
  const a = await createCommunity(sql, street.id);
  const b = await createCommunity(sql, street.id);
  const at = (d: number) => new Date(Date.UTC(2026, 10, d, 2));
  const pub = (communityId: string, title: string, d: number, kind: 'resolution' | 'election_result' = 'resolution') =>
    publishDisclosure(sql, {
      communityId,
      kind,
      subjectType: 'motion',
      subjectId: title,
      title,
      body: { summary: title },
      publishedAt: at(d),
      idempotencyKey: `${communityId}-${title}`,
    });
  await pub(a.id, '关于加装电梯的决议', 1);
  await pub(b.id, '屋顶维修 <结果> & 费用', 2);
  await pub(b.id, '第十届居委会选举结果', 3, 'election_result');
  return { street, a, b };
}

const args = (url: string, params: Record<string, string>) => ({ request: new Request(url), params, context: {} });

describe('public board pages', () => {
  it('the street office’s board lists every community’s disclosures newest first, and filters by kind', async () => {
    const { street, a, b } = await setUp();
    const all = await streetBoard.loader(args(`http://x/s/${street.slug}`, { streetOfficeId: street.slug }));
    expect(all.entries.map((e) => [e.title, e.communitySlug])).toEqual([
      ['第十届居委会选举结果', b.slug],
      ['屋顶维修 <结果> & 费用', b.slug],
      ['关于加装电梯的决议', a.slug],
    ]);
    expect(all.communities.map((c) => c.slug).sort()).toEqual([a.slug, b.slug].sort());
    const elections = await streetBoard.loader(args(`http://x/s/${street.slug}?kind=election`, { streetOfficeId: street.slug }));
    expect(elections.entries.map((e) => e.title)).toEqual(['第十届居委会选举结果']);
  });

  it('a community board searches in Chinese and ignores a malformed filter with a message', async () => {
    const { a } = await setUp();
    const found = await communityBoard.loader(args(`http://x/p/${a.slug}?q=电梯`, { communityId: a.slug }));
    expect(found.entries.map((e) => e.title)).toEqual(['关于加装电梯的决议']);
    expect(found.chain).toMatchObject({ ok: true, length: 1 });
    const bad = await communityBoard.loader(args(`http://x/p/${a.slug}?year=banana&before=%00`, { communityId: a.slug }));
    expect(bad.error).toBe('board.badFilter');
    expect(bad.entries).toHaveLength(1);
  });

  it('Atom feeds per community and per street office, with escaped titles and links to each entry', async () => {
    const { street, b } = await setUp();
    const res = await streetFeed.loader(args(`http://x/s/${street.slug}/feed.xml`, { streetOfficeId: street.slug }));
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(xml.match(/<entry>/g)).toHaveLength(3);
    // titles are HTML in Atom (type="html"): the text is escaped so "<结果>" is shown, not parsed
    expect(xml).toContain('<title type="html"><![CDATA[屋顶维修 &lt;结果&gt; &amp; 费用]]></title>');
    expect(xml).toMatch(new RegExp(`<link href="http://x/p/${b.slug}/d/[0-9a-f-]{36}"`));
    const one = await (await communityFeed.loader(args(`http://x/p/${b.slug}/feed.xml`, { communityId: b.slug }))).text();
    expect(one.match(/<entry>/g)).toHaveLength(2);
  });

  it('unknown street offices and communities answer 404', async () => {
    await expect(streetBoard.loader(args('http://x/s/nope', { streetOfficeId: 'nope' }))).rejects.toMatchObject({ status: 404 });
    await expect(streetFeed.loader(args('http://x/s/nope/feed.xml', { streetOfficeId: 'nope' }))).rejects.toMatchObject({ status: 404 });
  });
});
