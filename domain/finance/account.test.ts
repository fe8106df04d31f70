import { reviewPeriodEnd } from '../review-period';
import { mayPublish, mayReview, normalizeDate, parseAccountSheet, parseYuan, quarterDays, totals } from './account';

const HEADER = ['日期', '收支', '项目', '金额（元）', '对方单位'];
const q4 = { year: 2026, quarter: 4 as const };

describe('reading a quarter from a spreadsheet', () => {
  test('good rows become lines, sorted by date, amounts as people type them', () => {
    const r = parseAccountSheet(q4, HEADER, [
      ['2026/12/1', '支出', '照明', '1,200.50元', '春城电气'],
      ['2026年10月8日', '收入', '公益金', '￥50000', ''],
    ]);
    expect(r).toEqual({
      ok: true,
      lines: [
        { date: '2026-10-08', direction: 'income', item: '公益金', amountYuan: 50000, counterparty: null },
        { date: '2026-12-01', direction: 'expense', item: '照明', amountYuan: 1200.5, counterparty: '春城电气' },
      ],
    });
  });

  test('every bad cell is named by row and field; nothing is kept', () => {
    const r = parseAccountSheet(q4, HEADER, [
      ['2026-12-31', '收入', '最后一天', '1', ''],
      ['2027-01-01', '收入', '下季度', '1', ''],
      ['2026-02-30', '支', '', '0', ''],
      ['2026-11-01', 'expense', 'x', '1.005', ''],
    ]);
    expect(r).toEqual({
      ok: false,
      errors: [
        { row: 3, field: 'date', key: 'finance.errors.dateOutside' },
        { row: 4, field: 'date', key: 'finance.errors.date' },
        { row: 4, field: 'item', key: 'form.required' },
        { row: 4, field: 'amountYuan', key: 'finance.errors.amount' },
        { row: 5, field: 'amountYuan', key: 'finance.errors.amount' },
      ],
    });
  });

  test('a missing column, an empty sheet and too many lines are refused', () => {
    expect(parseAccountSheet(q4, ['日期', '项目', '金额'], [['2026-10-01', 'x', '1']])).toEqual({ ok: false, errors: [{ row: 1, field: 'direction', key: 'finance.errors.missingColumn' }] });
    expect(parseAccountSheet(q4, HEADER, [])).toMatchObject({ ok: false, errors: [{ key: 'finance.errors.noLines' }] });
    expect(parseAccountSheet(q4, HEADER, Array.from({ length: 501 }, () => ['2026-10-01', '收入', 'x', '1', '']))).toMatchObject({ ok: false, errors: [{ key: 'finance.errors.tooManyLines' }] });
  });

  test('English headers work too', () => {
    expect(parseAccountSheet(q4, ['Date', 'Type', 'Item', 'Amount'], [['2026-10-01', 'income', 'grant', '10']])).toMatchObject({ ok: true });
  });
});

describe('amounts, dates, quarters, totals', () => {
  test.each([
    ['100', 100],
    ['0.01', 0.01],
    ['1,000.5', 1000.5],
    ['0', null],
    ['-5', null],
    ['1.001', null],
    ['abc', null],
    ['100000001', null],
  ])('parseYuan(%j) = %j', (raw, out) => expect(parseYuan(raw)).toBe(out));

  test('dates: leap days, serial numbers, impossible days', () => {
    expect(normalizeDate('2028-02-29')).toBe('2028-02-29');
    expect(normalizeDate('2026-02-29')).toBeNull();
    expect(normalizeDate('46000')).toBe('2025-12-09');
    expect(normalizeDate('10/08/2026')).toBeNull();
  });

  test('quarter boundaries', () => {
    expect(quarterDays({ year: 2028, quarter: 1 })).toEqual({ first: '2028-01-01', last: '2028-03-31' });
    expect(quarterDays({ year: 2026, quarter: 2 })).toEqual({ first: '2026-04-01', last: '2026-06-30' });
    expect(quarterDays(q4)).toEqual({ first: '2026-10-01', last: '2026-12-31' });
  });

  test('totals in fen: 0.1 + 0.2 is 0.3', () => {
    const line = (direction: 'income' | 'expense', amountYuan: number) => ({ date: '2026-10-01', direction, item: 'x', amountYuan, counterparty: null });
    expect(totals(0.3, [line('income', 0.1), line('income', 0.2), line('expense', 0.3)])).toEqual({ incomeYuan: 0.3, expenseYuan: 0.3, closingYuan: 0.3 });
  });
});

describe('review before publication (§3.7.3)', () => {
  // Friday 2026-12-04 10:00 Shanghai
  const friday = Date.UTC(2026, 11, 4, 2);
  // The end of the second working day after the day of submission (domain/review-period.ts).
  const end = reviewPeriodEnd(friday);
  test('two working days skip the weekend, and the day of submission does not count', () => {
    expect(new Date(end).toISOString()).toBe('2026-12-08T16:00:00.000Z'); // Wednesday 00:00 Shanghai: Monday and Tuesday counted
    expect(new Date(reviewPeriodEnd(Date.UTC(2026, 11, 1, 2))).toISOString()).toBe('2026-12-03T16:00:00.000Z'); // Tue → Wed, Thu → Fri 00:00
  });

  test('submitted and unreviewed: publishable, marked, exactly from the second working day', () => {
    const a = { state: 'submitted' as const, draftedBy: 'm', submittedAt: friday };
    expect(mayPublish(a, end - 1)).toMatchObject({ ok: false, key: 'finance.refused.awaitingReview' });
    expect(mayPublish(a, end)).toEqual({ ok: true, reviewed: false });
    expect(mayPublish({ ...a, state: 'approved' }, friday)).toEqual({ ok: true, reviewed: true });
    expect(mayPublish({ ...a, state: 'draft' }, friday + 1e10)).toMatchObject({ ok: false, key: 'finance.refused.notReviewed' });
    expect(mayPublish({ ...a, state: 'returned' }, friday + 1e10)).toMatchObject({ ok: false });
  });

  test('a supervisor never reviews their own import, nor an account not submitted', () => {
    const a = { state: 'submitted' as const, draftedBy: 'm', submittedAt: friday };
    expect(mayReview(a, 'm')).toMatchObject({ ok: false, key: 'finance.refused.ownDraft' });
    expect(mayReview(a, 's')).toEqual({ ok: true });
    expect(mayReview({ ...a, state: 'draft' }, 's')).toMatchObject({ ok: false, key: 'finance.refused.notSubmitted' });
  });
});
