/**
 * The consultation page's opinion forms — a resident's opinion, the committee's answer to one, the
 * one-time codes to print — each a conform form on its domain schema (works without JavaScript; a
 * refused value shows its translated error beside the field and the text typed stays).
 */
import { getFormProps, getInputProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { Field, FormErrors } from '~/components/Field';
import { TextAreaField } from '~/components/FieldKit';
import { answerFormSchema, issueCodesFormSchema, opinionFormSchema } from '../../../domain/consultation';
import { useZodForm } from '~/components/useZodForm';

type Reply = SubmissionResult<string[]> | null;

export function OpinionForm({ opinionId, lastResult, busy }: { opinionId: string; lastResult: Reply; busy: boolean }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(opinionFormSchema, {
    id: `opinion-${opinionId}`, // a new form (and key) after each opinion
    lastResult,
    defaultValue: { opinionId },
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="opinion" />
      <input {...getInputProps(fields.opinionId, { type: 'hidden' })} />
      <TextAreaField meta={fields.text} label={t('consultation.ui.detail.yourOpinion')} maxLength={1000} />
      <button type="submit" disabled={busy}>
        {t('consultation.ui.detail.opinionSubmit')}
      </button>
    </Form>
  );
}

export function AnswerForm({ opinionId, lastResult, busy }: { opinionId: string; lastResult: Reply; busy: boolean }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(answerFormSchema, {
    id: `answer-${opinionId}`,
    lastResult,
    defaultValue: { opinionId },
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="answer" />
      <input {...getInputProps(fields.opinionId, { type: 'hidden' })} />
      <TextAreaField meta={fields.text} label={t('consultation.ui.detail.answerLabel')} maxLength={2000} />
      <button type="submit" disabled={busy}>
        {t('consultation.ui.detail.answerSubmit')}
      </button>
    </Form>
  );
}

export function CodesForm({ lastResult, busy }: { lastResult: Reply; busy: boolean }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(issueCodesFormSchema, {
    id: 'codes',
    lastResult,
    defaultValue: { count: '10' },
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="codes" />
      <Field meta={fields.count} type="number" inputMode="numeric" min={1} max={200} label={t('consultation.ui.detail.codesHowMany')} />
      <button type="submit" className="secondary" disabled={busy}>
        {t('consultation.ui.detail.codesIssue')}
      </button>
    </Form>
  );
}
