import { getInputProps, type FieldMetadata } from '@conform-to/react';
import type { InputHTMLAttributes, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { tk } from '../i18n/keys';

/** A labelled input whose zod error keys are translated; the error is tied to the input for screen readers. */
export function Field({
  meta,
  label,
  type = 'text',
  inputRef,
  hint,
  ...rest
}: {
  inputRef?: Ref<HTMLInputElement>;
  /** A line under the label, named by `aria-describedby`. */
  hint?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any field shape, coerced ones (`unknown` input) too
  meta: FieldMetadata<any>;
  label: string;
  type?: 'text' | 'password' | 'number' | 'date' | 'datetime-local' | 'email' | 'tel';
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  const { t } = useTranslation();
  return (
    <div>
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p className="muted hint small" id={meta.descriptionId}>
          {hint}
        </p>
      ) : null}
      <input {...getInputProps(meta, { type, ariaDescribedBy: hint ? meta.descriptionId : undefined })} {...rest} key={meta.key} ref={inputRef} />
      {meta.errors?.length ? (
        <p className="field-error" id={meta.errorId}>
          {tk(t, meta.errors[0]!)}
        </p>
      ) : null}
    </div>
  );
}

export function FormErrors({ errors }: { errors?: string[] | null }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  const [first, ...more] = errors.map((e) => tk(t, e));
  if (!more.length) {
    return (
      <p className="form-error" role="alert">
        {first}
      </p>
    );
  }
  // A refusal and what it lists (a spreadsheet's bad rows, say): one line each.
  return (
    <div className="form-error" role="alert">
      <p>{first}</p>
      <ul className="plain-list">
        {more.map((e, i) => (
          <li key={i}>{e}</li>
        ))}
      </ul>
    </div>
  );
}
