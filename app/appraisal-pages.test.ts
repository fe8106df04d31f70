import { exportRows, safeCell } from './appraisal-pages.server';

describe('result export', () => {
  it('neutralizes cells a spreadsheet would run as a formula', () => {
    for (const bad of ['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)', '\t=1']) expect(String(safeCell(bad)).startsWith("'")).toBe(true);
    expect(safeCell('张主任')).toBe('张主任');
    expect(safeCell(12)).toBe(12);
  });
  it('has per subject counts, n and satisfaction, and nothing else', () => {
    const rows = exportRows({
      id: 'd', kind: 'appraisal_result', title: 't', publishedAt: 0, hash: 'h', replies: [],
      body: { subjects: [{ name: '=cmd', counts: { good: 9, fair: 1, poor: 1 }, valid: 11, satisfactionPermille: 909, overall: 'competent', report: '报告' }] },
    });
    expect(rows).toEqual([
      ['subject', 'good', 'fair', 'poor', 'n', 'satisfaction_percent', 'overall'],
      ["'=cmd", 9, 1, 1, 11, 90.9, 'competent'],
    ]);
  });
});
