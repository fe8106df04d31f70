/**
 * 财务公开 pages' server side: who may do what (domain/finance roles, checked here for every action,
 * as of today), the import of a quarter's lines from a spreadsheet, and the commands of db/finance.
 */
import { hasAnyRole, type Role } from '../domain/roles';
import { FINANCE_DRAFTERS, FINANCE_REVIEWERS, openingSchema, parseAccountSheet, quarterSchema, correctionSchema, reviewSchema, type RowError } from '../domain/finance/account';
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
  | { ok: false; intent: string; key: string; params?: Record<string, string | number>; fieldErrors?: Record<string, string>; rowErrors?: RowError[] };

const no = (intent: string, r: Refusal | { key: string; params?: Record<string, string | number> }): FinanceReply => {
  const params = r.params && typeof r.params.from === 'string' ? { ...r.params, from: formatShanghaiDateTime(Date.parse(r.params.from)) } : r.params;
  return { ok: false, intent, key: r.key, ...(params ? { params } : {}) };
};
const forbidden = () => new Response('Forbidden', { status: 403 });

/** Imports a quarter's account as a draft: quarter, opening balance, the file; all or nothing. */
export async function importAccount(
  caller: { userId: string; communityId: string; roles: readonly Role[] },
  form: FormData,
  files: CheckedFile[],
  fileError: string | undefined,
): Promise<FinanceReply> {
  if (!hasAnyRole(caller.roles, FINANCE_DRAFTERS)) throw forbidden();
  const intent = 'import';
  const fieldErrors: Record<string, string> = {};
  const q = quarterSchema.safeParse({ year: form.get('year'), quarter: form.get('quarter') });
  if (!q.success) fieldErrors.quarter = q.error.issues[0]!.message;
  const opening = openingSchema.safeParse(String(form.get('opening') ?? '').replace(/[,，\s]/g, '') || undefined);
  if (!opening.success) fieldErrors.opening = 'finance.errors.opening';
  const reasonRaw = String(form.get('correctionReason') ?? '').trim();
  const reason = reasonRaw ? correctionSchema.safeParse(reasonRaw) : undefined;
  if (reason && !reason.success) fieldErrors.correctionReason = reason.error.issues[0]!.message;
  const file = files[0];
  if (fileError || !file) fieldErrors.file = fileError ?? 'finance.errors.file';
  if (Object.keys(fieldErrors).length || !q.success || !opening.success || !file) return { ok: false, intent, key: 'form.invalid', fieldErrors };
  const sheet = await readSheet(file.content, file.filename);
  if (!sheet.ok) return { ok: false, intent, key: sheet.key, params: sheet.params, fieldErrors: { file: sheet.key } };
  const parsed = parseAccountSheet(q.data, sheet.header, sheet.rows, sheet.headerRow);
  if (!parsed.ok) return { ok: false, intent, key: 'finance.errors.rows', params: { count: parsed.errors.length }, rowErrors: parsed.errors.slice(0, 100) };
  const saved = await saveDraft(db(), {
    communityId: caller.communityId,
    actor: caller.userId,
    quarter: q.data,
    openingYuan: opening.data,
    lines: parsed.lines,
    sourceFile: file.filename.slice(0, 200),
    ...(reason?.success ? { correctionReason: reason.data } : {}),
  });
  return saved.ok ? { ok: true, intent, done: 'finance.done.imported' } : no(intent, saved);
}

/** submit (the committee), review (the supervisors), publish (the committee). */
export async function accountCommand(caller: { userId: string; communityId: string; roles: readonly Role[] }, intent: string, id: string, form: FormData): Promise<FinanceReply> {
  const sql = db();
  if (intent === 'submit' || intent === 'publish') {
    if (!hasAnyRole(caller.roles, FINANCE_DRAFTERS)) throw forbidden();
    const r = intent === 'submit' ? await submitAccount(sql, caller.communityId, id, caller.userId) : await publishAccount(sql, caller.communityId, id, caller.userId);
    return r.ok ? { ok: true, intent, done: `finance.done.${intent}` } : no(intent, r);
  }
  if (intent === 'review') {
    if (!hasAnyRole(caller.roles, FINANCE_REVIEWERS)) throw forbidden();
    const v = reviewSchema.safeParse({ decision: form.get('decision'), note: String(form.get('note') ?? '').trim() || undefined });
    if (!v.success) return { ok: false, intent, key: v.error.issues[0]!.message, fieldErrors: { note: v.error.issues[0]!.message } };
    const r = await reviewAccount(sql, caller.communityId, id, caller.userId, v.data.decision, v.data.note ?? null);
    return r.ok ? { ok: true, intent, done: `finance.done.${v.data.decision}` } : no(intent, r);
  }
  throw new Response('Bad Request', { status: 400 });
}
