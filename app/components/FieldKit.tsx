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
