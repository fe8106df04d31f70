/**
 * The minutes 会议记录 as an A4 PDF (pdfkit, decision 044) with a CJK font embedded — subset by
 * pdfkit to the characters used — so it prints the same on a machine without Chinese fonts. The font
 * is Noto Sans CJK SC from Debian's fonts-noto-cjk (installed by .ci/run), or MINYI_CJK_FONT.
 */
import { tk } from '~/i18n/keys';
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { formatShanghaiDateTime } from '../domain/calendar';
import type { Minutes } from '../domain/meeting/minutes';
import type { Lang, TFunction } from './i18n/config';

const FONT_CANDIDATES: [string, string | undefined][] = [
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', 'NotoSerifCJKsc-Regular'],
  ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'WenQuanYiMicroHei'],
];

/** The CJK font file (and, in a collection, the face) to embed; throws if none is installed. */
export function cjkFont(): { path: string; family?: string } {
  const env = process.env.MINYI_CJK_FONT;
  if (env && existsSync(env)) return { path: env };
  for (const [path, family] of FONT_CANDIDATES) if (existsSync(path)) return { path, ...(family ? { family } : {}) };
  throw new Error('No CJK font found: install fonts-noto-cjk or set MINYI_CJK_FONT');
}

/** Renders the minutes; resolves with the PDF bytes. */
export function minutesPdf(m: Minutes, t: TFunction, lang: Lang = 'zh-CN'): Promise<Buffer> {
  const font = cjkFont();
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: m.title, Subject: t('meeting.minutes.heading') } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.path, font.family);
  doc.font('cjk');

  doc.fontSize(18).text(`${m.title} ${t('meeting.minutes.heading')}`, { align: 'center' });
  doc.moveDown(0.8).fontSize(11);
  const line = (label: string, value: string) => doc.text(`${label}：${value}`);
  line(t('meeting.minutes.body'), t(`meeting.bodies.${m.body}`));
  line(t('meeting.minutes.when'), formatShanghaiDateTime(m.opensAt, lang));
  line(t('meeting.minutes.where'), m.location);
  line(t('meeting.minutes.chair'), m.chairName);
  if (m.minuteTakerName) line(t('meeting.minutes.minuteTaker'), m.minuteTakerName);
  line(t('meeting.minutes.notice'), `${formatShanghaiDateTime(m.noticeAt, lang)}（${m.channels.map((c) => tk(t, `meeting.channels.${c}`)).join('、')}）`);

  doc.moveDown(0.6).fontSize(13).text(t('meeting.minutes.attendance'));
  doc.fontSize(11);
  if (m.presentCount !== undefined) {
    line(t('meeting.minutes.presentCount'), t('meeting.minutes.ofExpected', { present: m.presentCount, expected: m.expected }));
  } else {
    line(t('meeting.minutes.present', { n: m.present.length, expected: m.expected }), m.present.join('、') || '—');
    line(t('meeting.minutes.absent', { n: m.absent.length }), m.absent.join('、') || '—');
  }
  line(t('meeting.minutes.attendanceStatus'), t(`meeting.status.${m.attendanceStatus}`));

  doc.moveDown(0.6).fontSize(13).text(t('meeting.minutes.agenda'));
  doc.fontSize(11);
  for (const it of m.items) doc.text(`${it.index}. ${it.title}${it.number ? `（${it.number}）` : ''}`);

  for (const it of m.items) {
    doc.moveDown(0.6).fontSize(12).text(t('meeting.minutes.itemHeading', { index: it.index, title: it.title }));
    doc.fontSize(11);
    if (it.notes) line(t('meeting.minutes.notes'), it.notes);
    if (it.tally) {
      line(t('meeting.minutes.tally'), t('meeting.minutes.tallyText', it.tally));
    } else {
      line(t('meeting.minutes.tally'), t(`meeting.status.${it.status}`));
    }
    line(t('meeting.minutes.recused'), it.recused.join('、') || t('meeting.minutes.none'));
    line(t('meeting.minutes.outcome'), tk(t, it.outcomeKey));
    if (it.enteredBy && it.confirmedBy) line(t('meeting.minutes.countedBy'), t('meeting.minutes.countedByText', { entered: it.enteredBy, confirmed: it.confirmedBy }));
  }

  doc.moveDown(1.2).fontSize(12).text(t('meeting.minutes.signatures'));
  doc.fontSize(11);
  for (const who of ['chair', 'minuteTaker', 'confirmer', 'supervisor'] as const) {
    doc.moveDown(0.6).text(`${t(`meeting.minutes.sign.${who}`)}：____________________    ${t('meeting.minutes.date')}：____________`);
  }
  doc.end();
  return done;
}
