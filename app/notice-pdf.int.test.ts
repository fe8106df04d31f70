/**
 * The printed notice 公示 (issue 14 item 4), called as Remix calls it: the PDF carries the community,
 * the notice period, the resolution and its tally in words, the hash, the signature block — read back
 * with pdf-parse — and its QR code, taken out of the PDF, decodes (jsQR) to the record's address.
 */
import jsQR from 'jsqr';
import { PDFParse } from 'pdf-parse';
import { PNG } from 'pngjs';
import { publishDisclosure } from '../db/disclosures.server';
import { createCommunity, createStreet } from '../scripts/test-setup/fixtures';
import { testSql } from '../scripts/test-setup/services';
import * as noticePdfRoute from './routes/p.$communityId.d.$disclosureId_.notice[.]pdf';
import * as noticePage from './routes/p.$communityId.d.$disclosureId_.notice';

const sql = testSql();
afterAll(() => sql.end());

async function resolution() {
  const street = await createStreet(sql);
  const c = await createCommunity(sql, street.id);
  const d = await publishDisclosure(sql, {
    communityId: c.id,
    kind: 'resolution',
    subjectType: 'motion',
    subjectId: 'm1',
    title: '1号楼加装电梯',
    body: {
      outcome: 'passed',
      tally: { agree: 8, disagree: 1, abstain: 1, notVoted: 0 },
      attendance: { present: 10, expected: 10 },
      quorumRequired: 7,
      yesNeeded: 6,
      resolution: { text: '在1号楼北侧加装一部电梯，平层入户。', passed: true, textVersion: 1 },
    },
    publishedAt: new Date(Date.UTC(2026, 10, 30, 2)),
    visibleUntil: new Date(Date.UTC(2026, 11, 7, 2)),
    idempotencyKey: `${c.id}-notice`,
  });
  return { c, d };
}

const args = (url: string, params: Record<string, string>) => ({ request: new Request(url), params, context: {} });

test('the PDF notice says it all in words and its QR code decodes to the record', async () => {
  process.env.MINYI_PUBLIC_URL = 'https://minyi.example.cn';
  try {
    const { c, d } = await resolution();
    const res = (await noticePdfRoute.loader(args(`http://x/p/${c.slug}/d/${d.id}/notice.pdf`, { communityId: c.slug, disclosureId: d.id }))) as Response;
    expect(res.headers.get('Content-Type')).toBe('application/pdf');
    const pdf = new Uint8Array(await res.arrayBuffer());
    const parser = new PDFParse({ data: pdf });
    const text = (await parser.getText()).text.replace(/\s+/g, '');
    for (const s of ['测试社区', '决议公开公示', '1号楼加装电梯', '公示期：2026年11月30日至2026年12月7日', '表决结果：通过', '在1号楼北侧加装一部电梯', '同意|8', '出席人数', d.hash, '居民委员会', '（盖章）'])
      expect(text, s).toContain(s.replace(/\s+/g, ''));
    const images = await parser.getImage({ imageThreshold: 0 });
    await parser.destroy();
    const png = PNG.sync.read(Buffer.from(images.pages[0]!.images[0]!.data));
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(code?.data).toBe(`https://minyi.example.cn/p/${c.slug}/d/${d.id}`);
  } finally {
    delete process.env.MINYI_PUBLIC_URL;
  }
});

test('the print page carries the same QR code as an SVG and the period; unknown ids are 404', async () => {
  const { c, d } = await resolution();
  const page = (await noticePage.loader(args(`http://minyi.test/p/${c.slug}/d/${d.id}/notice`, { communityId: c.slug, disclosureId: d.id }))) as { qrSvg: string; recordUrl: string };
  expect(page.recordUrl).toBe(`http://minyi.test/p/${c.slug}/d/${d.id}`);
  expect(page.qrSvg).toMatch(/^<svg/);
  await expect(noticePdfRoute.loader(args('http://x', { communityId: c.slug, disclosureId: crypto.randomUUID() }))).rejects.toMatchObject({ status: 404 });
});

test('a notice is rendered once per hash, address and language (the public PDF address is no cheap way to load the server)', async () => {
  const { cachedNoticePdf } = await import('./notice-pdf.server');
  const { tFor } = await import('./i18n/config');
  const n = { community: '春晖社区', kind: 'resolution', title: '缓存', body: {}, publishedAt: 0, visibleUntil: null, correctionReason: null, hash: 'b'.repeat(64), recordUrl: 'https://minyi.example.cn/p/c/d/1' };
  const first = await cachedNoticePdf(n, tFor('zh-CN'), 'zh-CN');
  expect(await cachedNoticePdf(n, tFor('zh-CN'), 'zh-CN')).toBe(first); // the same buffer: not rendered again
  expect(await cachedNoticePdf(n, tFor('en'), 'en')).not.toBe(first);
  expect(await cachedNoticePdf({ ...n, hash: 'c'.repeat(64) }, tFor('zh-CN'), 'zh-CN')).not.toBe(first);
});
