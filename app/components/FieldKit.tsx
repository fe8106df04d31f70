/**
 * conform-bound form parts beside `Field` (app/components/Field.tsx): a text area, a select, a
 * checkbox and a field's error line. Each shows its field's first zod error translated (`tk`), tied
 * to the control for screen readers, and keeps what the person typed (conform's `initialValue`
 * after a refused submission, with or without JavaScript).
 */
import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from '@conform-to/react';
import type { ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { tk } from '../i18n/keys';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any field shape (string, number, boolean)
type Meta = FieldMetadata<any>;

/** The field's first error, translated; `id` is the one `aria-describedby` names. */
export function FieldError({ meta }: { meta: Meta }) {
  const { t } = useTranslation();
  return meta.errors?.length ? (
    <p className="field-error" id={meta.errorId}>
      {tk(t, meta.errors[0]!)}
    </p>
  ) : null;
}

function Hint({ meta, hint }: { meta: Meta; hint?: string | undefined }) {
  return hint ? (
    <p className="muted hint small" id={meta.descriptionId}>
      {hint}
    </p>
  ) : null;
}

export function TextAreaField({ meta, label, hint, ...rest }: { meta: Meta; label: string; hint?: string } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <div>
      <label htmlFor={meta.id}>{label}</label>
      <Hint meta={meta} hint={hint} />
      <textarea {...getTextareaProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined })} {...rest} key={meta.key} />
      <FieldError meta={meta} />
    </div>
  );
}

export function SelectField({
  meta,
  label,
  options,
  hint,
  ...rest
}: { meta: Meta; label: string; hint?: string; options: readonly { value: string; label: string }[] } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <div>
      <label htmlFor={meta.id}>{label}</label>
      <Hint meta={meta} hint={hint} />
      <select {...getSelectProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined })} {...rest} key={meta.key}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError meta={meta} />
    </div>
  );
}

export function CheckboxField({ meta, label }: { meta: Meta; label: ReactNode }) {
  return (
    <div>
      <label className="choice">
        <input {...getInputProps(meta, { type: 'checkbox' })} key={meta.key} /> {label}
      </label>
      <FieldError meta={meta} />
    </div>
  );
}

/**
 * A list of checkboxes posting one field several times (ticked names, notice channels), or of radio
 * buttons posting one choice. After a refused post conform hands back one ticked value as a string
 * and several as a list; both stay ticked. Nothing ticked posts nothing, which the schema reads as an
 * empty list. `listClassName` lays the choices out (app/styles.css `.choice-list`: large targets).
 */
export function ChoiceGroupField({
  meta,
  legend,
  options,
  type = 'checkbox',
  listClassName,
}: {
  meta: Meta;
  legend: string;
  options: readonly { value: string; label: ReactNode }[];
  type?: 'checkbox' | 'radio';
  listClassName?: string;
}) {
  const chosen = new Set<string>([meta.initialValue ?? []].flat().filter((v): v is string => typeof v === 'string'));
  const choices = options.map((o) => (
    <label key={`${meta.key ?? ''}${o.value}`} className={listClassName ? undefined : 'check'}>
      <input type={type} name={meta.name} value={o.value} defaultChecked={chosen.has(o.value)} /> {o.label}
    </label>
  ));
  return (
    <fieldset aria-describedby={meta.errors?.length ? meta.errorId : undefined}>
      <legend>{legend}</legend>
      {listClassName ? <div className={listClassName}>{choices}</div> : choices}
      <FieldError meta={meta} />
    </fieldset>
  );
}

export const CheckboxGroupField = (props: { meta: Meta; legend: string; options: readonly { value: string; label: string }[] }) => <ChoiceGroupField {...props} />;

/** A form's hidden fields (which form it is, its key, the row it is about), as conform names them. */
export function HiddenFields({ fields }: { fields: Record<string, Meta> }) {
  return (
    <>
      {Object.values(fields).map((f) => (
        <input {...getInputProps(f, { type: 'hidden' })} key={f.key ?? f.name} />
      ))}
    </>
  );
}

/**
 * A spreadsheet to upload. The file is not in the form's schema (readForm reads and checks it on the
 * server, decision 007); a refusal of it comes back on the `file` field and is said beside the input.
 */
export function SpreadsheetField({ id, label, hint, error }: { id: string; label: string; hint?: string; error: string | undefined }) {
  const { t } = useTranslation();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="muted small" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input id={id} name="file" type="file" accept=".xlsx,.csv,text/csv" required aria-invalid={error ? true : undefined} aria-describedby={described} />
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {tk(t, error)}
        </p>
      ) : null}
    </div>
  );
}
