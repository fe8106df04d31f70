/** Server side of the conform forms: a reply per form (by intent), refusals translated. */
import type { SubmissionResult } from '@conform-to/react';
import { data } from '@remix-run/node';
import { tOf } from './lang.server';
import { tk } from './i18n/keys';

type T = Awaited<ReturnType<typeof tOf>>;

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
