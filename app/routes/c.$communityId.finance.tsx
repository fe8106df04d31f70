/**
 * 财务公开: the committee imports a quarter's account from a spreadsheet, the supervision committee
 * reviews it (approve, or return with a reason), and the committee publishes it on the board (DOMAIN.md
 * §6, §3.7.3). Plain forms: everything works without JavaScript.
 */
import { tk } from '~/i18n/keys';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { formValues, tOf } from '~/admin-forms.server';
import { requireRole } from '~/auth.server';
import { Input, Reply, Section, type FormReply } from '~/components/admin/forms';
import { FinanceLines } from '~/components/FinanceLines';
import { FINANCE_FILE_BYTES, accountCommand, accountsOf, db, importAccount, type FinanceReply } from '~/finance.server';
import { idParam, readForm } from '~/forms.server';
import type { loader as rootLoader } from '~/root';
import { formatShanghaiDate } from '../../domain/calendar';
import { FINANCE_DRAFTERS, FINANCE_READERS, FINANCE_REVIEWERS, mayPublish, totals } from '../../domain/finance/account';
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
  const { formData: form, files, fileError } = await readForm(request, { files: { field: 'file', kind: 'spreadsheet', maxBytes: FINANCE_FILE_BYTES } });
  const caller = { userId: user.id, communityId: community.id, roles };
  const intent = String(form.get('intent') ?? '');
  const r: FinanceReply =
    intent === 'import' ? await importAccount(caller, form, files, fileError) : await accountCommand(caller, intent, idParam(String(form.get('id') ?? '')), form);
  if (r.ok) return data<FormReply>({ ok: true, intent: r.intent, done: tk(t, r.done) });
  const rows = (r.rowErrors ?? []).map((e) => t('finance.rowError', { row: e.row, field: tk(t, `finance.field.${e.field}`), message: tk(t, e.key) }));
  const fieldErrors = Object.fromEntries(Object.entries(r.fieldErrors ?? {}).map(([k, v]) => [k, tk(t, v, r.params)]));
  return data<FormReply>(
    { ok: false, intent: r.intent, formErrors: [tk(t, r.key, r.params), ...rows], fieldErrors, values: formValues(form) },
    { status: r.key === 'form.invalid' || r.rowErrors ? 400 : 409 },
  );
}

export default function Finance() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<FormReply>();
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
          <Reply reply={reply} intent="import" />
          <Form method="post" encType="multipart/form-data" className="form">
            <input type="hidden" name="intent" value="import" />
            <Input name="year" type="number" label={t('finance.import.year')} defaultValue={reply?.values?.year ?? d.thisYear} reply={reply} intent="import" required />
            <Input name="quarter" type="number" min={1} max={4} label={t('finance.import.quarter')} defaultValue={reply?.values?.quarter} reply={reply} intent="import" required />
            <Input name="opening" label={t('finance.import.opening')} inputMode="numeric" defaultValue={reply?.values?.opening} reply={reply} intent="import" required />
            <div>
              <label htmlFor="finance-file">{t('finance.import.file')}</label>
              <p className="muted small" id="finance-file-hint">
                {t('finance.import.fileHint')}
              </p>
              <input id="finance-file" name="file" type="file" accept=".xlsx,.csv,text/csv" aria-describedby="finance-file-hint" required />
            </div>
            <Input name="correctionReason" label={t('finance.import.correctionReason')} hint={t('finance.import.correctionHint')} reply={reply} intent="import" />
            <button type="submit">{t('finance.import.submit')}</button>
          </Form>
        </Section>
      ) : null}
      <Reply reply={reply} intent="submit" />
      <Reply reply={reply} intent="review" />
      <Reply reply={reply} intent="publish" />
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
            <Form method="post">
              <input type="hidden" name="intent" value="submit" />
              <input type="hidden" name="id" value={a.id} />
              <button type="submit">{t('finance.submit')}</button>
            </Form>
          ) : null}
          {d.mayReview && a.state === 'submitted' && !a.own ? (
            <Form method="post" className="form">
              <input type="hidden" name="intent" value="review" />
              <input type="hidden" name="id" value={a.id} />
              <Input name="note" label={t('finance.review.note')} hint={t('finance.review.noteHint')} reply={reply} intent="review" />
              <div className="actions">
                <button type="submit" name="decision" value="approve">
                  {t('finance.review.approve')}
                </button>
                <button type="submit" name="decision" value="return" className="secondary">
                  {t('finance.review.return')}
                </button>
              </div>
            </Form>
          ) : null}
          {d.mayDraft && a.publishable ? (
            <Form method="post">
              <input type="hidden" name="intent" value="publish" />
              <input type="hidden" name="id" value={a.id} />
              <button type="submit">{a.state === 'approved' ? t('finance.publish') : t('finance.publishUnreviewed')}</button>
            </Form>
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
