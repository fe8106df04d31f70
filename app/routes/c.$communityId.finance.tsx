/**
 * 财务公开: the committee imports a quarter's account from a spreadsheet, the supervision committee
 * reviews it (approve, or return with a reason), and the committee publishes it on the board (DOMAIN.md
 * §6, §3.7.3). conform forms (app/components/FinanceForms.tsx): everything works without JavaScript.
 */
import { tk } from '~/i18n/keys';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { parseWithZod } from '@conform-to/zod/v4';
import { invalidReply, tOf, translateParams, type IntentReply } from '~/admin-forms.server';
import { requireRole } from '~/auth.server';
import { Done, Section } from '~/components/admin/forms';
import { AccountStepForm, ImportForm, ReviewForm } from '~/components/FinanceForms';
import { FinanceLines } from '~/components/FinanceLines';
import { FINANCE_FILE_BYTES, accountCommand, accountsOf, db, importAccount } from '~/finance.server';
import { readForm } from '~/forms.server';
import type { loader as rootLoader } from '~/root';
import { formatShanghaiDate } from '../../domain/calendar';
import { FINANCE_DRAFTERS, FINANCE_READERS, FINANCE_REVIEWERS, mayPublish, totals } from '../../domain/finance/account';
import { financeFormId, financePageFormSchema } from '../../domain/finance/forms';
import { hasAnyRole } from '../../domain/roles';

export const meta: MetaFunction = () => [{ title: '财务公开 · 民议' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community, roles } = await requireRole(request, params.communityId, FINANCE_READERS);
  const now = Date.now();
  const accounts = (await accountsOf(db(), community.id)).map((a) => ({
    ...a,
    ...totals(a.openingYuan, a.lines),
    own: a.draftedBy === user.id,
    publishable: mayPublish({ state: a.state, draftedBy: a.draftedBy, submittedAt: a.submittedAt?.getTime() ?? null }, now).ok,
    draftedAt: a.draftedAt.getTime(),
    submittedAt: a.submittedAt?.getTime() ?? null,
    reviewedAt: a.reviewedAt?.getTime() ?? null,
  }));
  return {
    slug: community.slug,
    mayDraft: hasAnyRole(roles, FINANCE_DRAFTERS),
    mayReview: hasAnyRole(roles, FINANCE_REVIEWERS),
    thisYear: new Date(now + 8 * 3_600_000).getUTCFullYear(),
    accounts,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, community, roles } = await requireRole(request, params.communityId, [...FINANCE_DRAFTERS, ...FINANCE_REVIEWERS]);
  const t = await tOf(request);
  const { formData, files, fileError } = await readForm(request, { files: { field: 'file', kind: 'spreadsheet', maxBytes: FINANCE_FILE_BYTES } });
  const submission = parseWithZod(formData, { schema: financePageFormSchema });
  const formId = financeFormId(submission.payload);
  const fileRefusal = formId === 'import' ? (fileError ?? (files[0] ? undefined : 'finance.errors.file')) : undefined;
  if (submission.status !== 'success' || fileRefusal) return invalidReply(formId, submission, fileRefusal ? { fieldErrors: { file: [fileRefusal] } } : undefined);
  const caller = { userId: user.id, communityId: community.id, roles };
  const f = submission.value;
  const r = f.intent === 'import' ? await importAccount(caller, f, files[0]) : await accountCommand(caller, f);
  if (r.ok) return data<IntentReply>({ intent: formId, reply: submission.reply({ resetForm: true }), done: tk(t, r.done) });
  const rows = (r.rowErrors ?? []).map((e) => t('finance.rowError', { row: e.row, field: tk(t, `finance.field.${e.field}`), message: tk(t, e.key) }));
  const reply = submission.reply({ formErrors: [tk(t, r.key, translateParams(t, r.params)), ...rows], ...(r.fieldErrors ? { fieldErrors: { file: [r.fieldErrors.file] } } : {}) });
  return data<IntentReply>({ intent: formId, reply }, { status: r.rowErrors || r.fieldErrors ? 400 : 409 });
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function Finance() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const replyTo = (formId: string) => (answer?.intent === formId ? answer.reply : null);
  const day = (at: number | null) => (at ? formatShanghaiDate(at, lang) : '');
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${d.slug}`}>{t('finance.back')}</Link>
      </p>
      <h1>{t('finance.title')}</h1>
      <p>{t('finance.intro')}</p>
      {d.mayDraft ? (
        <Section title={t('finance.import.title')} id="import">
          <ImportForm thisYear={d.thisYear} lastResult={replyTo('import')} />
        </Section>
      ) : null}
      <Done text={answer?.done} />
      {d.accounts.length === 0 ? <p>{t('finance.none')}</p> : null}
      {d.accounts.map((a) => (
        <section key={a.id} className="card" aria-labelledby={`acc-${a.id}`}>
          <h2 id={`acc-${a.id}`}>
            {t('finance.quarterTitle', { year: a.year, quarter: a.quarter })}
            {a.version > 1 ? ` · ${t('finance.version', { version: a.version })}` : ''}
          </h2>
          <p className="tags">
            <span className="tag">{t(`finance.state.${a.state}`)}</span>
          </p>
          <p>{t('finance.totals', { opening: a.openingYuan, income: a.incomeYuan, expense: a.expenseYuan, closing: a.closingYuan })}</p>
          <p className="muted small">
            {t('finance.drafted', { name: a.draftedByName, date: day(a.draftedAt) })}
            {a.reviewedByName ? ` · ${t('finance.reviewed', { name: a.reviewedByName, date: day(a.reviewedAt) })}` : ''}
          </p>
          {a.reviewNote ? <p className="card">{t('finance.reviewNote', { note: a.reviewNote })}</p> : null}
          {a.correctionReason ? <p>{t('finance.correction', { reason: a.correctionReason })}</p> : null}
          <details>
            <summary>{t('finance.lines', { count: a.lines.length })}</summary>
            <FinanceLines lines={a.lines} />
          </details>
          {d.mayDraft && (a.state === 'draft' || a.state === 'returned') ? (
            <AccountStepForm id={a.id} intent="submit" label={t('finance.submit')} lastResult={replyTo(`submit-${a.id}`)} />
          ) : null}
          {d.mayReview && a.state === 'submitted' && !a.own ? <ReviewForm id={a.id} lastResult={replyTo(`review-${a.id}`)} /> : null}
          {d.mayDraft && a.publishable ? (
            <AccountStepForm
              id={a.id}
              intent="publish"
              label={a.state === 'approved' ? t('finance.publish') : t('finance.publishUnreviewed')}
              lastResult={replyTo(`publish-${a.id}`)}
            />
          ) : null}
          {a.disclosureId ? (
            <p>
              <Link to={`/p/${d.slug}/d/${a.disclosureId}`}>{t('finance.onBoard')}</Link>
            </p>
          ) : null}
        </section>
      ))}
    </div>
  );
}
