/**
 * 财务公开 pages' server side: who may do what (domain/finance roles, checked here for every action,
 * as of today), the import of a quarter's lines from a spreadsheet, and the commands of db/finance.
 */
import { hasAnyRole, type Role } from '../domain/roles';
import { FINANCE_DRAFTERS, FINANCE_REVIEWERS, parseAccountSheet, type RowError } from '../domain/finance/account';
import type { FinancePageForm } from '../domain/finance/forms';
import type { Refusal } from '../domain/errors';
import { formatShanghaiDateTime } from '../domain/calendar';
import { db } from '../db/client.server';
import { readSheet } from '../db/spreadsheet.server';
import { publishAccount, reviewAccount, saveDraft, submitAccount } from '../db/finance.server';
import type { CheckedFile } from './forms.server';

export { accountsOf } from '../db/finance.server';
export { db };

export const FINANCE_FILE_BYTES = 2 * 1024 * 1024;

export type FinanceReply =
  | { ok: true; intent: string; done: string }
  | { ok: false; intent: string; key: string; params?: Record<string, string | number>; fieldErrors?: { file: string }; rowErrors?: RowError[] };

const no = (intent: string, r: Refusal | { key: string; params?: Record<string, string | number> }): FinanceReply => {
  const params = r.params && typeof r.params.from === 'string' ? { ...r.params, from: formatShanghaiDateTime(Date.parse(r.params.from)) } : r.params;
  return { ok: false, intent, key: r.key, ...(params ? { params } : {}) };
};
const forbidden = () => new Response('Forbidden', { status: 403 });

type Caller = { userId: string; communityId: string; roles: readonly Role[] };
type ImportForm = Extract<FinancePageForm, { intent: 'import' }>;

/** Imports a quarter's account as a draft: the form's quarter and opening balance, and the file; all or nothing. */
export async function importAccount(caller: Caller, f: ImportForm, file: CheckedFile | undefined): Promise<FinanceReply> {
  if (!hasAnyRole(caller.roles, FINANCE_DRAFTERS)) throw forbidden();
  const intent = 'import';
  if (!file) return { ok: false, intent, key: 'form.invalid', fieldErrors: { file: 'finance.errors.file' } };
  const sheet = await readSheet(file.content, file.filename);
  if (!sheet.ok) return { ok: false, intent, key: sheet.key, params: sheet.params, fieldErrors: { file: sheet.key } };
  const quarter = { year: f.year, quarter: f.quarter };
  const parsed = parseAccountSheet(quarter, sheet.header, sheet.rows, sheet.headerRow);
  if (!parsed.ok) return { ok: false, intent, key: 'finance.errors.rows', params: { count: parsed.errors.length }, rowErrors: parsed.errors.slice(0, 100) };
  const saved = await saveDraft(db(), {
    communityId: caller.communityId,
    actor: caller.userId,
    quarter,
    openingYuan: f.opening,
    lines: parsed.lines,
    sourceFile: file.filename.slice(0, 200),
    ...(f.correctionReason ? { correctionReason: f.correctionReason } : {}),
  });
  return saved.ok ? { ok: true, intent, done: 'finance.done.imported' } : no(intent, saved);
}

/** submit (the committee), review (the supervisors), publish (the committee). */
export async function accountCommand(caller: Caller, f: Exclude<FinancePageForm, ImportForm>): Promise<FinanceReply> {
  const sql = db();
  const { intent, id } = f;
  if (f.intent === 'review') {
    if (!hasAnyRole(caller.roles, FINANCE_REVIEWERS)) throw forbidden();
    const r = await reviewAccount(sql, caller.communityId, id, caller.userId, f.decision, f.note ?? null);
    return r.ok ? { ok: true, intent, done: `finance.done.${f.decision}` } : no(intent, r);
  }
  if (!hasAnyRole(caller.roles, FINANCE_DRAFTERS)) throw forbidden();
  const r = f.intent === 'submit' ? await submitAccount(sql, caller.communityId, id, caller.userId) : await publishAccount(sql, caller.communityId, id, caller.userId);
  return r.ok ? { ok: true, intent, done: `finance.done.${intent}` } : no(intent, r);
}
