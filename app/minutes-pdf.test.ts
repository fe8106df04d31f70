/**
 * The minutes PDF: A4, the CJK font embedded (subset), and every text the minutes must carry —
 * attendance with names, the agenda, each item's tally and outcome, recusals, signatures — read back
 * out of the PDF with pdf-parse.
 */
import { PDFParse } from 'pdf-parse';
import { EMPTY, submitCount, type Confirmation } from '../domain/meeting/confirmation';
import { buildMinutes } from '../domain/meeting/minutes';
import type { AttendanceCounts, ItemCounts } from '../domain/meeting/agenda';
import { tFor } from './i18n/config';
import { minutesPdf } from './minutes-pdf.server';

const confirmed = <C>(counts: C): Confirmation<C> =>
  submitCount<C>(submitCount<C>(EMPTY, { counts, enteredBy: 'd', enteredAt: 1, scanRef: 's' }), { counts, enteredBy: 'm1', enteredAt: 2, scanRef: 's' });

const roster = [
  { personId: 'd', name: '张主任' },
  { personId: 'm1', name: '刘委员' },
  { personId: 'm2', name: '陈委员' },
  { personId: 'r1', name: '周代表' },
  { personId: 'r2', name: '吴代表' },
  { personId: 'r3', name: '郑代表' },
];

it('carries attendance with names, the agenda, each tally, outcome and recusal, and a signatures block', async () => {
  const minutes = buildMinutes({
    title: '2026年第四次居民代表会议',
    body: 'representatives_meeting',
    opensAt: Date.UTC(2026, 11, 1, 11, 0),
    noticeAt: Date.UTC(2026, 10, 27, 1, 0),
    channels: ['notice_board', 'app'],
    location: '社区议事厅',
    chairName: '张主任',
    roster,
    attendance: confirmed<AttendanceCounts>({ presentIds: ['d', 'm1', 'm2', 'r1', 'r2'] }),
    items: [
      { title: '社区养老服务项目', counts: confirmed<ItemCounts>({ yes: 4, no: 1, abstain: 0, recusedIds: [] }) },
      { title: '屋顶维修', counts: confirmed<ItemCounts>({ yes: 2, no: 2, abstain: 0, recusedIds: ['r1'] }) },
    ],
    names: { d: '张主任', m1: '刘委员' },
  });
  expect(minutes.items.map((i) => i.outcomeKey)).toEqual(['meeting.minutes.passed', 'meeting.minutes.notPassed']);
  const pdf = await minutesPdf(minutes, tFor('zh-CN'));
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const raw = pdf.toString('latin1');
  expect(raw).toMatch(/\/FontFile2|\/FontFile3/); // the font is embedded…
  expect(pdf.length).toBeLessThan(400_000); // …as a subset, not the whole CJK collection
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  const text = (await parser.getText()).text.replace(/\s+/g, '');
  await parser.destroy();
  for (const s of [
    '2026年第四次居民代表会议会议记录',
    '居民代表会议',
    '社区议事厅',
    '出席（5人，应到6人）',
    '张主任、刘委员、陈委员、周代表、吴代表',
    '缺席（1人）：郑代表',
    '1.社区养老服务项目',
    '议题1：社区养老服务项目',
    '应到6人，实到5人；同意4，反对1，弃权0',
    '议题2：屋顶维修',
    '应到5人，实到4人；同意2，反对2，弃权0',
    '回避：周代表',
    '结果：通过',
    '结果：未通过',
    '张主任登记，刘委员核对确认',
    '签字',
    '监督委员会',
  ]) {
    expect(text).toContain(s);
  }
});
