/** Server side of the administration forms: zod issues and refusals → translated replies. */
import type { SubmissionResult } from '@conform-to/react';
import { data } from '@remix-run/node';
import type { z } from 'zod';
import type { FormReply } from './components/admin/forms';
import { tOf } from './lang.server';
import { tk } from './i18n/keys';

type T = Awaited<ReturnType<typeof tOf>>;

export function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === 'string' && k !== 'password') values[k] = v.slice(0, 1000);
  return values;
}

/** Field name → first translated message. */
export function fieldErrorsOf(t: T, error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const k = String(issue.path[0] ?? '');
    if (!(k in out)) out[k] = tk(t, issue.message, (issue as { params?: Record<string, string | number> }).params);
  }
  return out;
}

/** A 400 reply with the zod errors of one form (by intent). */
export const invalid = (t: T, intent: string, form: FormData, error: z.ZodError) =>
  data<FormReply>({ ok: false, intent, fieldErrors: fieldErrorsOf(t, error), values: formValues(form) }, { status: 400 });

/** A 409 reply with a refusal reason. */
export const refused = (t: T, intent: string, form: FormData, r: { key: string; params?: Record<string, string | number> }) =>
  data<FormReply>({ ok: false, intent, formErrors: [tk(t, r.key, translateParams(t, r.params))], values: formValues(form) }, { status: 409 });

/** Role and office parameters read better translated (`role: party_secretary` → 党组织书记). */
function translateParams(t: T, params?: Record<string, string | number>) {
  if (!params) return params;
  const p = { ...params };
  if (typeof p.role === 'string') p.role = tk(t, `roles.${p.role}`);
  if (typeof p.office === 'string') p.office = p.office === 'party_secretary' ? t('roles.party_secretary') : tk(t, `admin.roles.offices.${p.office}`);
  if (typeof p.basis === 'string') p.basis = tk(t, `admin.basis.${p.basis}`);
  if (typeof p.setting === 'string') p.setting = tk(t, `admin.settings.${p.setting}`);
  return p;
}

export const done = (intent: string, message: string) => data<FormReply>({ ok: true, intent, done: message });

export { tOf, translateParams };

/**
 * conform replies of a page with several forms: which form (`intent`) the reply is for, conform's
 * submission result (field errors as message keys, what was typed) and, when it worked, the line
 * that says so. Refusals from `app/admin.server.ts` are translated here, as form-level errors.
 */
export type IntentReply = { intent: string; reply: SubmissionResult<string[]>; done?: string };
type ReplyOptions = { resetForm?: boolean; formErrors?: string[]; fieldErrors?: Record<string, string[]>; hideFields?: string[] };
type Submission = { reply: (options?: ReplyOptions) => SubmissionResult<string[]> };
type Refusal = { ok: false; key: string; params?: Record<string, string | number> };

/** A 400 with the submission's own (zod) field errors. */
export const invalidReply = (intent: string, submission: Submission, options?: ReplyOptions) =>
  data<IntentReply>({ intent, reply: submission.reply(options) }, { status: 400 });

/**
 * The outcome of a command: `doneText` (the form reset, unless `keep` — a form filled again and again
 * with much the same values, like the grant), or a 409 with the refusal in words.
 */
export function outcomeReply(t: T, intent: string, submission: Submission, r: { ok: true } | Refusal, doneText: () => string, options: { keep?: boolean } = {}) {
  return r.ok
    ? data<IntentReply>({ intent, reply: submission.reply({ resetForm: !options.keep }), done: doneText() })
    : data<IntentReply>({ intent, reply: submission.reply({ formErrors: [tk(t, r.key, translateParams(t, r.params))] }) }, { status: 409 });
}
