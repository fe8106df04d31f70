/**
 * 公示 as an A4 PDF (pdfkit with the CJK font embedded as a subset, decision 044): the same content as
 * the print page — community, notice period, the texts and tables in plain words, a QR code to the
 * online record with its hash, and the signature and stamp block.
 */
import { tk } from '~/i18n/keys';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { formatShanghaiDate } from '../domain/calendar';
import { noticeOf } from '../domain/export/notice';
import { reviewNoticeOf } from '../domain/motion/review';
import type { Lang, TFunction } from './i18n/config';
import { cjkFont } from './minutes-pdf.server';

export interface NoticeInput {
  community: string;
  kind: string;
  title: string;
  body: unknown;
  publishedAt: number;
  visibleUntil: number | null;
  correctionReason: string | null;
  hash: string;
  recordUrl: string;
}

/**
 * Rendered notices, by hash, address and language. A disclosure never changes (it is on the chain),
 * so a notice is rendered once: the public PDF address costs a quarter of a second of CPU the first
 * time and nothing after, which keeps it from being a cheap way to load the server. Bounded (oldest
 * out first) so varied Host headers cannot grow it.
 */
const rendered = new Map<string, Promise<Buffer>>();
const RENDERED_MAX = 200;

export function cachedNoticePdf(n: NoticeInput, t: TFunction, lang: Lang = 'zh-CN'): Promise<Buffer> {
  const key = `${n.hash}|${n.recordUrl}|${lang}`;
  const hit = rendered.get(key);
  if (hit) return hit;
  const made = noticePdf(n, t, lang);
  made.catch(() => rendered.delete(key));
  rendered.set(key, made);
  if (rendered.size > RENDERED_MAX) rendered.delete(rendered.keys().next().value!);
  return made;
}

export async function noticePdf(n: NoticeInput, t: TFunction, lang: Lang = 'zh-CN'): Promise<Buffer> {
  const font = cjkFont();
  const qr = await QRCode.toBuffer(n.recordUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: n.title, Subject: t('notice.suffix') } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.path, font.family);
  doc.font('cjk');
  const day = (at: number) => formatShanghaiDate(at, lang);

  doc.fontSize(13).text(`${n.community} · ${tk(t, `board.kind.${n.kind}`)}${t('notice.suffix')}`, { align: 'center' });
  doc.moveDown(0.4).fontSize(20).text(n.title, { align: 'center' });
  doc.moveDown(0.6).fontSize(11);
  doc.text(n.visibleUntil ? t('notice.period', { from: day(n.publishedAt), to: day(n.visibleUntil) }) : t('notice.publishedOn', { date: day(n.publishedAt) }));
  if (n.correctionReason) doc.text(t('board.correction', { reason: n.correctionReason }));
  // §3.7.3 (decision 074): whether the supervision committee reviewed it.
  const review = reviewNoticeOf(n.body);
  if (review) doc.moveDown(0.3).text(tk(t, review.key, review.reviewedAt === undefined ? {} : { date: day(review.reviewedAt) }));
  if (review?.remark) doc.text(t('motionReview.label.remark', { remark: review.remark }));

  const notice = noticeOf(n.kind, n.body);
  if (notice.verdict) doc.moveDown(0.5).fontSize(14).text(tk(t, notice.verdict));
  for (const x of notice.texts) {
    doc.moveDown(0.5).fontSize(12).text(tk(t, x.label));
    doc.fontSize(11).text(x.text);
  }
  for (const table of notice.tables) {
    const tr = new Set(table.translate ?? []);
    doc.moveDown(0.6).fontSize(12).text(tk(t, table.title));
    doc.fontSize(10).text(table.columns.map((c) => tk(t, c)).join('  |  '));
    for (const r of table.rows) doc.text(r.map((v, i) => (v === null ? '—' : tr.has(i) && typeof v === 'string' ? tk(t, v) : String(v))).join('  |  '));
  }

  doc.moveDown(1);
  const y = doc.y;
  doc.image(qr, doc.page.margins.left, y, { width: 110 });
  doc.fontSize(10).text(t('notice.qrHint'), doc.page.margins.left + 125, y, { width: 330 });
  doc.moveDown(0.3).text(n.recordUrl, { width: 330 });
  doc.moveDown(0.3).text(`${t('board.thisHash')}：${n.hash}`, { width: 330 });
  doc.x = doc.page.margins.left;
  doc.y = Math.max(doc.y, y + 120);

  doc.moveDown(1.5).fontSize(12);
  doc.text(t('notice.issuer', { community: n.community }), { align: 'right' });
  doc.moveDown(0.8).text(t('notice.stamp'), { align: 'right' });
  doc.moveDown(0.8).text(`${t('notice.date')}____________`, { align: 'right' });
  doc.end();
  return done;
}
