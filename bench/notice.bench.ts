/**
 * The printed notice 公示 (issue 14): PDF render time of a resolution and of a 200-line quarterly
 * account, against a baseline measured in the same run — the same tables written as CSV, which is
 * the cheapest honest rendering of the same content.
 */
import { tFor } from '../app/i18n/config';
import { tablesCsv } from '../app/exports.server';
import { noticePdf, type NoticeInput } from '../app/notice-pdf.server';
import { disclosureTables } from '../domain/export/tables';
import { accountDisclosureBody, type AccountLine } from '../domain/finance/account';
import { header, measure, row } from './harness';

const resolution: NoticeInput = {
  community: '春晖社区',
  kind: 'resolution',
  title: '1号楼加装电梯',
  body: {
    outcome: 'passed',
    tally: { agree: 8, disagree: 1, abstain: 1, notVoted: 0 },
    attendance: { present: 10, expected: 10 },
    quorumRequired: 7,
    yesNeeded: 6,
    resolution: { text: '在1号楼北侧加装一部电梯，平层入户。总投资约62万元，其中申请市级既有住宅加装电梯补贴20万元，其余由本楼住户按楼层分摊。', passed: true },
  },
  publishedAt: Date.UTC(2026, 10, 30),
  visibleUntil: Date.UTC(2026, 11, 7),
  correctionReason: null,
  hash: 'a'.repeat(64),
  recordUrl: 'https://minyi.example.cn/p/chunhui/d/00000000-0000-4000-8000-000000000000',
};

const lines: AccountLine[] = Array.from({ length: 200 }, (_, i) => ({
  date: `2026-${String(10 + (i % 3)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
  direction: i % 4 === 0 ? 'income' : 'expense',
  item: `第${i + 1}笔：楼道照明、绿化养护与公共设施维修`,
  amountYuan: 100 + i,
  counterparty: '春城物业服务有限公司',
}));
const account: NoticeInput = { ...resolution, kind: 'finance', title: '2026年第4季度财务公开', body: accountDisclosureBody({ year: 2026, quarter: 4 }, 1000, lines, true) };

export async function benchNotice(): Promise<string[]> {
  const t = tFor('zh-CN');
  const out = [...header];
  for (const [name, n, ops] of [
    ['resolution', resolution, 10],
    ['200-line account', account, 3],
  ] as const) {
    const base = await measure(`${name}: CSV of its tables (baseline)`, { ops }, async () => {
      for (let i = 0; i < ops; i++) tablesCsv(t, disclosureTables(n.kind, n.body));
    });
    const pdf = await measure(`${name}: A4 PDF notice with QR code`, { ops }, async () => {
      for (let i = 0; i < ops; i++) await noticePdf(n, t);
    });
    out.push(row(base), row(pdf, base));
  }
  const size = (await noticePdf(account, t)).length;
  out.push('', `PDF size of the 200-line account: ${(size / 1024).toFixed(0)} KiB (CJK font subset embedded).`);
  return out;
}
