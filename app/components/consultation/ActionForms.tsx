/**
 * One real <form> per next action of a consultation (works without JavaScript). Which actions are
 * offered, and why one is not possible yet, comes from domain `nextActions`. Each form is a conform
 * form on `consultationActionFormSchema` (domain/consultation/forms.ts): a refused value shows its
 * translated error beside its field and the form keeps what was typed.
 */
import { getFormProps, getInputProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { Field, FormErrors } from '~/components/Field';
import { CheckboxField, FieldError, SelectField, TextAreaField } from '~/components/FieldKit';
import { consultationActionFormSchema, type CatalogueItem, type ConsultationParty, type NextAction } from '../../../domain/consultation';
import { FORMS, PARTY_TYPES } from '../../../domain/consultation/vocabulary';
import { toLocalDateTime, useDates } from './ui';
import { tk } from '../../i18n/keys';
import { useZodForm } from '~/components/useZodForm';

export type ActionFormProps = {
  actions: NextAction[];
  item: CatalogueItem | null;
  parties: ConsultationParty[];
  /** Meeting time offered by default (computed by the server: the earliest allowed, at least a day ahead). */
  defaultMeetingAt: number;
  idempotencyKey: string;
  /** The server's reply to the last command form sent, and which action it was. */
  lastResult: SubmissionResult<string[]> | null;
  resultAction: string | null;
  busy: boolean;
};

export function ActionForms(p: ActionFormProps) {
  const { t } = useTranslation();
  const { dateTime } = useDates();
  if (!p.actions.length) return null;
  return (
    <section className="card" aria-labelledby="actions-h">
      <h2 id="actions-h">{t('consultation.ui.detail.actions')}</h2>
      {p.actions.map((a) => (
        <div key={a.action} className="action-block">
          <h3>{t(`consultation.action.${a.action}`)}</h3>
          {!a.enabled ? (
            <p className="muted">
              {t('consultation.ui.detail.waiting', { reason: tk(t, a.reason ?? '', a.params ?? {}) })}
              {a.availableAt ? ` ${t('consultation.ui.detail.availableAt', { at: dateTime(a.availableAt) })}` : ''}
            </p>
          ) : (
            <ActionForm {...p} action={a.action} />
          )}
        </div>
      ))}
    </section>
  );
}

type Action = NextAction['action'];
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the fields of whichever action this form sends (lists, sets, texts)
type Fields = Record<string, any>;

function defaultsOf(p: ActionFormProps, action: Action): Record<string, unknown> {
  if (action === 'fixParties') {
    const types = p.item ? p.item.parties : PARTY_TYPES;
    return { parties: types.map((type) => ({ type, name: p.parties.find((x) => x.type === type)?.name ?? '' })) };
  }
  if (action === 'scheduleMeeting') return { meetingAt: toLocalDateTime(p.defaultMeetingAt), form: (p.item ? p.item.forms : FORMS)[0] };
  if (action === 'recordMeeting') return { positions: p.parties.map((party) => ({ party: party.name, position: '' })) };
  if (action === 'reviewOutcome') return { verdict: 'approved' };
  return {};
}

function ActionForm(p: ActionFormProps & { action: Action }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(consultationActionFormSchema, {
    id: `command-${p.action}`,
    lastResult: p.resultAction === p.action ? p.lastResult : null,
    defaultValue: { action: p.action, ...defaultsOf(p, p.action) },
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="command" />
      <input {...getInputProps(fields.action, { type: 'hidden' })} />
      <input type="hidden" name="key" value={`${p.idempotencyKey}-${p.action}`} />
      <ActionFields {...p} fields={fields as unknown as Fields} />
      <button type="submit" disabled={p.busy}>
        {t('consultation.ui.form.confirm', { action: t(`consultation.action.${p.action}`) })}
      </button>
    </Form>
  );
}

function ActionFields({ action, item, fields }: ActionFormProps & { action: Action; fields: Fields }) {
  const { t } = useTranslation();
  switch (action) {
    case 'fixParties': {
      const rows = fields.parties!.getFieldList();
      return (
        <fieldset aria-describedby={fields.parties!.errors?.length ? fields.parties!.errorId : undefined}>
          <legend>{t('consultation.field.parties')}</legend>
          <p className="muted hint">{t('consultation.ui.form.partyHint')}</p>
          {rows.map((row: Fields) => {
            const r = row.getFieldset() as Fields;
            const type = String(r.type!.initialValue ?? '');
            return (
              <div key={row.key}>
                <input {...getInputProps(r.type!, { type: 'hidden' })} />
                <Field meta={r.name!} label={t('consultation.ui.form.partyName', { type: tk(t, `consultation.party.${type}`) })} maxLength={80} />
              </div>
            );
          })}
          <FieldError meta={fields.parties!} />
        </fieldset>
      );
    }
    case 'scheduleMeeting': {
      const forms = item ? item.forms : FORMS;
      return (
        <>
          <Field meta={fields.meetingAt!} type="datetime-local" step={1} label={t('consultation.ui.form.meetingAt')} />
          <SelectField meta={fields.form!} label={t('consultation.ui.form.meetingForm')} options={forms.map((f) => ({ value: f, label: t(`consultation.form.${f}`) }))} />
          <Field meta={fields.place!} label={t('consultation.ui.form.place')} maxLength={200} />
        </>
      );
    }
    case 'recordMeeting': {
      const straw = fields.strawPoll!.getFieldset() as Fields;
      return (
        <>
          <Field meta={fields.attendees!} type="number" inputMode="numeric" min={1} label={t('consultation.ui.form.attendees')} />
          {fields.positions!.getFieldList().map((row: Fields) => {
            const r = row.getFieldset() as Fields;
            return (
              <div key={row.key}>
                <input {...getInputProps(r.party!, { type: 'hidden' })} />
                <TextAreaField meta={r.position!} label={t('consultation.ui.form.position', { party: String(r.party!.initialValue ?? '') })} maxLength={2000} />
              </div>
            );
          })}
          <FieldError meta={fields.positions!} />
          <TextAreaField meta={fields.agreements!} label={t('consultation.ui.form.agreements')} maxLength={4000} />
          <TextAreaField meta={fields.disagreements!} label={t('consultation.ui.form.disagreements')} maxLength={4000} />
          <fieldset>
            <legend>{t('consultation.ui.form.strawHint')}</legend>
            <div className="triple">
              <Field meta={straw.yes!} type="number" inputMode="numeric" min={0} label={t('consultation.ui.form.strawYes')} />
              <Field meta={straw.no!} type="number" inputMode="numeric" min={0} label={t('consultation.ui.form.strawNo')} />
              <Field meta={straw.abstain!} type="number" inputMode="numeric" min={0} label={t('consultation.ui.form.strawAbstain')} />
            </div>
            <FieldError meta={fields.strawPoll!} />
          </fieldset>
        </>
      );
    }
    case 'draftOutcome':
      return <TextAreaField meta={fields.text!} label={t('consultation.ui.form.outcomeText')} maxLength={8000} rows={8} />;
    case 'reviewOutcome':
      return (
        <>
          <fieldset>
            <legend>{t('consultation.ui.form.verdict')}</legend>
            {(['approved', 'objected'] as const).map((v) => (
              <label key={v} className="choice">
                <input type="radio" name={fields.verdict!.name} value={v} defaultChecked={(fields.verdict!.initialValue ?? 'approved') === v} />{' '}
                {v === 'approved' ? t('consultation.ui.form.approve') : t('consultation.ui.form.object')}
              </label>
            ))}
            <FieldError meta={fields.verdict!} />
          </fieldset>
          <TextAreaField meta={fields.note!} label={t('consultation.ui.form.note')} maxLength={2000} />
        </>
      );
    case 'reportFeedback':
      return (
        <>
          <TextAreaField meta={fields.text!} label={t('consultation.ui.form.feedbackText')} maxLength={4000} />
          <CheckboxField meta={fields.final!} label={t('consultation.ui.form.final')} />
        </>
      );
    case 'cancel':
      return <TextAreaField meta={fields.reason!} label={t('consultation.ui.form.reason')} maxLength={2000} />;
    default:
      return null;
  }
}
