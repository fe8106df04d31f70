/**
 * The 财务公开 page's forms, each conform's on its schema in domain/finance/forms.ts: the quarter's
 * import (the file checked on the server, its refusal beside the file input), and per account the
 * submit, review and publish forms. A refusal stands in the form it is about; all work without JavaScript.
 */
import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { financeImportFormSchema, financePublishFormSchema, financeReviewFormSchema, financeSubmitFormSchema } from '../../domain/finance/forms';
import { Field, FormErrors } from './Field';
import { HiddenFields, SpreadsheetField } from './FieldKit';
import { useZodForm } from './useZodForm';

type Reply = SubmissionResult<string[]> | null;

export function ImportForm({ thisYear, lastResult }: { thisYear: number; lastResult: Reply }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(financeImportFormSchema, { id: 'import', lastResult, defaultValue: { intent: 'import', year: String(thisYear) } });
  const number = { type: 'number', inputMode: 'numeric' } as const;
  return (
    <Form method="post" encType="multipart/form-data" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <HiddenFields fields={{ intent: fields.intent }} />
      <Field meta={fields.year} {...number} label={t('finance.import.year')} />
      <Field meta={fields.quarter} {...number} label={t('finance.import.quarter')} />
      <Field meta={fields.opening} inputMode="decimal" label={t('finance.import.opening')} />
      <SpreadsheetField id="finance-file" label={t('finance.import.file')} hint={t('finance.import.fileHint')} error={lastResult?.error?.file?.[0]} />
      <Field meta={fields.correctionReason} label={t('finance.import.correctionReason')} hint={t('finance.import.correctionHint')} />
      <button type="submit">{t('finance.import.submit')}</button>
    </Form>
  );
}

/** One button that moves one account on: submit it for review, or publish it. */
export function AccountStepForm({ id, intent, label, lastResult }: { id: string; intent: 'submit' | 'publish'; label: string; lastResult: Reply }) {
  const [form, fields] = useZodForm(intent === 'submit' ? financeSubmitFormSchema : financePublishFormSchema, { id: `${intent}-${id}`, lastResult, defaultValue: { intent, id } });
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <HiddenFields fields={{ intent: fields.intent, id: fields.id }} />
      <button type="submit">{label}</button>
    </Form>
  );
}

/** The supervisors' review: approve (a note optional) or return (a reason required). */
export function ReviewForm({ id, lastResult }: { id: string; lastResult: Reply }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(financeReviewFormSchema, { id: `review-${id}`, lastResult, defaultValue: { intent: 'review', id } });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <HiddenFields fields={{ intent: fields.intent, id: fields.id }} />
      <Field meta={fields.note} label={t('finance.review.note')} hint={t('finance.review.noteHint')} />
      <div className="actions">
        <button type="submit" name={fields.decision.name} value="approve">
          {t('finance.review.approve')}
        </button>
        <button type="submit" name={fields.decision.name} value="return" className="secondary">
          {t('finance.review.return')}
        </button>
      </div>
    </Form>
  );
}
