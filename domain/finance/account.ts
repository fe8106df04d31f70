/**
 * 财务公开: a community's quarterly account (DOMAIN.md §6 "Affairs and finances", §3.7 review).
 * The committee imports the quarter's income and expense lines from a spreadsheet, the supervision
 * committee reviews it before it goes out, and the published account joins the disclosure chain.
 * Rules and their message keys only; no prose, no I/O.
 */
import { z } from 'zod';
import '../zodErrors';
import { refuse, type Refusal } from '../errors';
import type { Role } from '../roles';
import { reviewPeriodEnd } from '../review-period';

export const DIRECTIONS = ['income', 'expense'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const MAX_LINES = 500;
export const MAX_YUAN = 100_000_000; // one line above 100 million yuan is a typing error in a community account

export interface Quarter {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

export const quarterSchema = z.object({
  year: z.coerce
    .number({ error: 'finance.errors.year' })
    .int({ error: 'finance.errors.year' })
    .min(2000, { error: 'finance.errors.year' })
    .max(2100, { error: 'finance.errors.year' }),
  quarter: z.coerce
    .number({ error: 'finance.errors.quarter' })
    .int()
    .min(1, { error: 'finance.errors.quarter' })
    .max(4, { error: 'finance.errors.quarter' }) as z.ZodType<Quarter['quarter']>,
});

/** First and last day (YYYY-MM-DD) of a quarter. */
export function quarterDays(q: Quarter): { first: string; last: string } {
  const m = (q.quarter - 1) * 3 + 1;
  const lastDay = new Date(Date.UTC(q.year, m + 2, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    first: `${q.year}-${pad(m)}-01`,
    last: `${q.year}-${pad(m + 2)}-${pad(lastDay)}`,
  };
}

export interface AccountLine {
  date: string;
  direction: Direction;
  item: string;
  /** Yuan with at most two decimals, positive. */
  amountYuan: number;
  /** An organization (contractor, supplier, grant-giver); never a person's name (§6: named beneficiaries are never public). */
  counterparty: string | null;
}

/** Yuan as people type it: "1,200.50", "1200.5元", "￥300". */
export function parseYuan(raw: string): number | null {
  const v = raw.replace(/[,，\s]|元$|^[¥￥]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(v)) return null;
  const n = Number(v);
  return n > 0 && n <= MAX_YUAN ? n : null;
}

export function parseDirection(raw: string): Direction | null {
  const v = raw.trim().toLowerCase();
  if (['收入', '收', 'income', 'in'].includes(v)) return 'income';
  if (['支出', '支', 'expense', 'out'].includes(v)) return 'expense';
  return null;
}

/** Which header names mean which field (zh-CN first, English too). */
export const HEADERS: Record<keyof AccountLine, readonly string[]> = {
  date: ['日期', 'date'],
  direction: ['收支', '类型', 'type', 'direction'],
  item: ['项目', '摘要', 'item'],
  amountYuan: ['金额', '金额（元）', '金额(元)', 'amount', 'amount (yuan)'],
  counterparty: ['对方单位', '单位', 'counterparty'],
};

export interface RowError {
  /** Spreadsheet row number (1-based). */
  row: number;
  field: keyof AccountLine | 'header';
  key: string;
}

export type ParsedLines = { ok: true; lines: AccountLine[] } | { ok: false; errors: RowError[] };

const normalizeHeader = (h: string) => h.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * Reads the rows of a spreadsheet into account lines, all or nothing: every bad cell is named by
 * row and field; a date outside the quarter is refused.
 */
export function parseAccountSheet(q: Quarter, header: string[], rows: string[][], headerRow = 1): ParsedLines {
  const col = {} as Record<keyof AccountLine, number>;
  const errors: RowError[] = [];
  for (const field of Object.keys(HEADERS) as (keyof AccountLine)[]) {
    const i = header.findIndex((h) => HEADERS[field].includes(normalizeHeader(h)));
    if (i < 0 && field !== 'counterparty')
      errors.push({
        row: headerRow,
        field,
        key: 'finance.errors.missingColumn',
      });
    col[field] = i;
  }
  if (errors.length) return { ok: false, errors };
  if (rows.length === 0)
    return {
      ok: false,
      errors: [{ row: headerRow, field: 'header', key: 'finance.errors.noLines' }],
    };
  if (rows.length > MAX_LINES)
    return {
      ok: false,
      errors: [
        {
          row: headerRow + MAX_LINES + 1,
          field: 'header',
          key: 'finance.errors.tooManyLines',
        },
      ],
    };
  const { first, last } = quarterDays(q);
  const lines: AccountLine[] = [];
  rows.forEach((r, i) => {
    const row = headerRow + 1 + i;
    const cell = (f: keyof AccountLine) => (col[f] >= 0 ? (r[col[f]] ?? '').trim() : '');
    const date = normalizeDate(cell('date'));
    if (!date) errors.push({ row, field: 'date', key: 'finance.errors.date' });
    else if (date < first || date > last) errors.push({ row, field: 'date', key: 'finance.errors.dateOutside' });
    const direction = parseDirection(cell('direction'));
    if (!direction) errors.push({ row, field: 'direction', key: 'finance.errors.direction' });
    const item = cell('item');
    if (!item) errors.push({ row, field: 'item', key: 'form.required' });
    else if (item.length > 100) errors.push({ row, field: 'item', key: 'form.tooLong' });
    const amountYuan = parseYuan(cell('amountYuan'));
    if (amountYuan === null) errors.push({ row, field: 'amountYuan', key: 'finance.errors.amount' });
    const counterparty = cell('counterparty') || null;
    if (counterparty && counterparty.length > 100) errors.push({ row, field: 'counterparty', key: 'form.tooLong' });
    if (date && direction && item && amountYuan !== null) lines.push({ date, direction, item, amountYuan, counterparty });
  });
  return errors.length ? { ok: false, errors } : { ok: true, lines: lines.sort((a, b) => a.date.localeCompare(b.date)) };
}

/** 2026-01-05, 2026/1/5, 2026.1.5, 2026年1月5日, or a spreadsheet's date serial number. */
export function normalizeDate(raw: string): string | null {
  let y: number, m: number, d: number;
  const parts = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(raw);
  if (parts) [y, m, d] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  else if (/^\d{5}$/.test(raw)) {
    const date = new Date(Date.UTC(1899, 11, 30) + Number(raw) * 86_400_000);
    [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  } else return null;
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Sums in fen, so 0.1 + 0.2 is 0.3. */
export function totals(openingYuan: number, lines: readonly AccountLine[]) {
  const fen = (y: number) => Math.round(y * 100);
  const income = lines.filter((l) => l.direction === 'income').reduce((s, l) => s + fen(l.amountYuan), 0);
  const expense = lines.filter((l) => l.direction === 'expense').reduce((s, l) => s + fen(l.amountYuan), 0);
  return {
    incomeYuan: income / 100,
    expenseYuan: expense / 100,
    closingYuan: (fen(openingYuan) + income - expense) / 100,
  };
}

export const openingSchema = z.coerce
  .number({ error: 'finance.errors.opening' })
  .min(-MAX_YUAN, { error: 'finance.errors.opening' })
  .max(MAX_YUAN, { error: 'finance.errors.opening' })
  .refine((n) => Math.round(n * 100) === n * 100, {
    error: 'finance.errors.opening',
  });

// —— Review (§3.7.3) ————————————————————————————————————————————————————————————————

export const ACCOUNT_STATES = ['draft', 'submitted', 'returned', 'approved', 'published', 'superseded'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

/** Who drafts, submits and publishes (the committee), who reviews (the supervision committee). */
export const FINANCE_DRAFTERS: readonly Role[] = ['committee_member'];
export const FINANCE_REVIEWERS: readonly Role[] = ['supervisor'];
export const FINANCE_READERS: readonly Role[] = ['committee_member', 'supervisor', 'party_secretary', 'party_committee_member', 'street_office_admin'];

export interface AccountFacts {
  state: AccountState;
  draftedBy: string;
  submittedAt: number | null;
}

/** May `actor` review this account now? A supervisor never reviews an account they drafted. */
export function mayReview(a: AccountFacts, actor: string): { ok: true } | Refusal {
  if (a.state !== 'submitted') return refuse('finance.refused.notSubmitted');
  if (a.draftedBy === actor) return refuse('finance.refused.ownDraft');
  return { ok: true };
}

/**
 * May the committee publish now? Approved: yes. Submitted and the supervisors silent for two working
 * days: yes, labelled "not reviewed". Otherwise: no, with the day it becomes possible.
 */
export function mayPublish(a: AccountFacts, now: number): { ok: true; reviewed: boolean } | Refusal {
  if (a.state === 'approved') return { ok: true, reviewed: true };
  if (a.state === 'submitted' && a.submittedAt !== null) {
    const from = reviewPeriodEnd(a.submittedAt);
    if (now >= from) return { ok: true, reviewed: false };
    return refuse('finance.refused.awaitingReview', {
      from: new Date(from).toISOString(),
    });
  }
  return refuse('finance.refused.notReviewed');
}

export function maySubmit(a: Pick<AccountFacts, 'state'>): { ok: true } | Refusal {
  return a.state === 'draft' || a.state === 'returned' ? { ok: true } : refuse('finance.refused.notDraft');
}

export const correctionSchema = z
  .string({ error: 'finance.errors.correctionReason' })
  .trim()
  .min(1, { error: 'finance.errors.correctionReason' })
  .max(500, { error: 'form.tooLong' });

/** The public body of a published account: what §6 lets the public see, nothing internal. */
export function accountDisclosureBody(q: Quarter, openingYuan: number, lines: readonly AccountLine[], reviewed: boolean) {
  const { first, last } = quarterDays(q);
  return {
    year: q.year,
    quarter: q.quarter,
    period: { first, last },
    openingYuan,
    ...totals(openingYuan, lines),
    lines: lines.map((l) => ({
      date: l.date,
      direction: l.direction,
      item: l.item,
      amountYuan: l.amountYuan,
      counterparty: l.counterparty,
    })),
    reviewedBySupervisors: reviewed,
  };
}
