/**
 * The meeting page's forms — the agenda, attendance (by name or by a sheet's numbers), each item's
 * count and notes — and the status of a count (awaiting / mismatch / confirmed). Each form is
 * conform's, on its schema in domain/meeting/page-forms.ts; a refusal stands in the form it is about.
 */
import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { dataT } from '~/i18n/keys';
import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import {
  agendaAddFormSchema,
  attendanceNamesFormSchema,
  attendanceNumbersFormSchema,
  itemCountFormSchema,
  itemNotesFormSchema,
} from '../../../domain/meeting/page-forms';
import { Field, FormErrors } from '../Field';
import { CheckboxGroupField, HiddenFields, SelectField, TextAreaField } from '../FieldKit';
import { useZodForm } from '../useZodForm';

type Entry = { counts: unknown; enteredBy: string; enteredAt: number };
type Shown =
  | { status: 'empty' }
  | { status: 'awaiting'; enteredBy?: string; enteredAt?: number; entry?: Entry }
  | { status: 'mismatch'; entry: Entry; other: Entry }
  | { status: 'confirmed'; entry: Entry; confirmedBy: string };

function describe(counts: unknown, name: (id: string) => string, t: (k: string, p?: Record<string, unknown>) => string): string {
  const c = counts as { yes?: number; no?: number; abstain?: number; recusedIds?: string[]; presentIds?: string[]; present?: number; electorate?: number };
  if (c.present !== undefined) return t('meeting.ui.presentNumbers', { present: c.present, expected: c.electorate ?? 0 });
  if (c.presentIds) return t('meeting.ui.presentList', { n: c.presentIds.length, names: c.presentIds.map(name).join('、') });
  const recused = c.recusedIds?.length ? t('meeting.ui.recusedList', { names: c.recusedIds.map(name).join('、') }) : '';
  return `${t('meeting.ui.votes', { yes: c.yes ?? 0, no: c.no ?? 0, abstain: c.abstain ?? 0 })}${recused}`;
}

export function CountStatus({ c, name }: { c: Shown; name: (id: string) => string }) {
  const { t } = useTranslation();
  const by = (e: { enteredBy: string }) => name(e.enteredBy);
  return (
    <div role="status">
      <p>
        <strong>{t(`meeting.status.${c.status}`)}</strong>
      </p>
      {c.status === 'awaiting' ? (
        <p>
          {t('meeting.ui.enteredBy', { name: name(c.entry?.enteredBy ?? c.enteredBy ?? '') })}
          {c.entry ? `：${describe(c.entry.counts, name, dataT(t))}` : ''}
        </p>
      ) : null}
      {c.status === 'mismatch' ? (
        <ul>
          <li>
            {by(c.entry)}：{describe(c.entry.counts, name, dataT(t))}
          </li>
          <li>
            {by(c.other)}：{describe(c.other.counts, name, dataT(t))}
          </li>
        </ul>
      ) : null}
      {c.status === 'confirmed' ? (
        <p>
          {describe(c.entry.counts, name, dataT(t))}（{t('meeting.minutes.countedByText', { entered: by(c.entry), confirmed: name(c.confirmedBy) })}）
        </p>
      ) : null}
    </div>
  );
}

type Reply = SubmissionResult<string[]> | null;

/**
 * The form's idempotency key, new with every load of the page: rendered from the loader's value, not
 * from conform's default (which is read once), so the second item added after the first is not
 * taken for a repeat of it.
 */
function KeyField({ name, formKey }: { name: string; formKey: string }) {
  return <input type="hidden" name={name} value={formKey} />;
}

type Roster = { personId: string; name: string }[];

export function AddItemForm({ addable, formKey, lastResult }: { addable: { id: string; number: number; title: string }[]; formKey: string; lastResult: Reply }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(agendaAddFormSchema, { id: 'add', lastResult, defaultValue: { intent: 'add' } });
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <HiddenFields fields={{ intent: fields.intent }} />
      <KeyField name={fields.key.name} formKey={formKey} />
      <SelectField meta={fields.motionId} label={t('meeting.ui.addItem')} options={addable.map((x) => ({ value: x.id, label: `#${x.number} ${x.title}` }))} />
      <button type="submit">{t('meeting.ui.addItemSubmit')}</button>
    </Form>
  );
}

export function AttendanceForm({ roster, formKey, lastResult }: { roster: Roster; formKey: string; lastResult: Reply }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(attendanceNamesFormSchema, { id: 'attendance', lastResult, defaultValue: { intent: 'attendance' } });
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <HiddenFields fields={{ intent: fields.intent }} />
      <KeyField name={fields.key.name} formKey={formKey} />
      <CheckboxGroupField meta={fields.presentIds} legend={t('meeting.ui.whoIsPresent')} options={roster.map((p) => ({ value: p.personId, label: p.name }))} />
      <Field meta={fields.scanRef} label={t('meeting.ui.scanRef')} />
      <button type="submit">{t('meeting.ui.enterAttendance')}</button>
    </Form>
  );
}

/**
 * A paper sign-in sheet's numbers only: present of entitled, and proxies — which no meeting body
 * allows (§3.3), so any number above 0 is refused in words. A second person types the same numbers.
 */
export function AttendanceNumbersForm({ entitled, formKey, lastResult }: { entitled: number | null; formKey: string; lastResult: Reply }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(attendanceNumbersFormSchema, {
    id: 'attendanceNumbers',
    lastResult,
    defaultValue: { intent: 'attendanceNumbers', proxies: '0' },
  });
  const count = { type: 'number', inputMode: 'numeric' } as const;
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <HiddenFields fields={{ intent: fields.intent }} />
      <KeyField name={fields.key.name} formKey={formKey} />
      <fieldset>
        <legend>{t('meeting.ui.byNumbers')}</legend>
        <Field meta={fields.present} {...count} label={t('meeting.ui.presentNumber')} />
        <Field meta={fields.electorate} {...count} label={t('meeting.ui.entitledNumber')} {...(entitled !== null ? { hint: t('meeting.ui.entitledHint', { n: entitled }) } : {})} />
        <Field meta={fields.proxies} {...count} label={t('meeting.ui.proxiesNumber')} />
      </fieldset>
      <Field meta={fields.scanRef} label={t('meeting.ui.scanRef')} />
      <button type="submit">{t('meeting.ui.enterAttendanceNumbers')}</button>
    </Form>
  );
}

export function ItemCountForm({ motionId, roster, formKey, lastResult }: { motionId: string; roster: Roster; formKey: string; lastResult: Reply }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(itemCountFormSchema, { id: `count-${motionId}`, lastResult, defaultValue: { intent: 'count', motionId } });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <HiddenFields fields={{ intent: fields.intent, motionId: fields.motionId }} />
      <KeyField name={fields.key.name} formKey={formKey} />
      {(['yes', 'no', 'abstain'] as const).map((f) => (
        <Field key={f} meta={fields[f]} type="number" inputMode="numeric" label={t(`meeting.ui.${f}`)} />
      ))}
      <CheckboxGroupField meta={fields.recusedIds} legend={t('meeting.minutes.recused')} options={roster.map((p) => ({ value: p.personId, label: p.name }))} />
      <Field meta={fields.scanRef} label={t('meeting.ui.scanRef')} />
      <button type="submit">{t('meeting.ui.enterCount')}</button>
    </Form>
  );
}

export function NotesForm({ motionId, notes, formKey, lastResult }: { motionId: string; notes: string | null; formKey: string; lastResult: Reply }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(itemNotesFormSchema, { id: `notes-${motionId}`, lastResult, defaultValue: { intent: 'notes', motionId, notes: notes ?? '' } });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <HiddenFields fields={{ intent: fields.intent, motionId: fields.motionId }} />
      <KeyField name={fields.key.name} formKey={formKey} />
      <TextAreaField meta={fields.notes} label={t('meeting.minutes.notes')} rows={3} />
      <button type="submit" className="secondary">
        {t('meeting.ui.saveNotes')}
      </button>
    </Form>
  );
}
