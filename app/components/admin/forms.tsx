/**
 * Plain form parts for the administration pages: they work without JavaScript (the server answers
 * with translated errors and the values typed), each error tied to its input for screen readers.
 */
import type { ReactNode } from 'react';

export type FormReply = {
  ok?: boolean;
  intent?: string;
  done?: string;
  formErrors?: string[];
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
};

export function Input({
  name,
  label,
  reply,
  intent,
  type = 'text',
  defaultValue,
  hint,
  ...rest
}: {
  name: string;
  label: string;
  reply?: FormReply | undefined;
  intent?: string;
  type?: 'text' | 'password' | 'number' | 'date' | 'tel';
  defaultValue?: string | number | null;
  hint?: string;
  required?: boolean;
  autoComplete?: string;
  min?: number;
  max?: number;
  inputMode?: 'numeric' | 'tel' | 'text';
}) {
  const mine = !intent || reply?.intent === intent;
  const error = mine ? reply?.fieldErrors?.[name] : undefined;
  const id = `${intent ?? 'f'}-${name}`;
  const value = mine && reply?.values && !reply.ok ? reply.values[name] : undefined;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="muted small" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={value ?? (defaultValue === null || defaultValue === undefined ? undefined : String(defaultValue))}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        {...rest}
      />
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function Select({
  name,
  label,
  reply,
  intent,
  options,
  defaultValue,
}: {
  name: string;
  label: string;
  reply?: FormReply | undefined;
  intent?: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
}) {
  const mine = !intent || reply?.intent === intent;
  const error = mine ? reply?.fieldErrors?.[name] : undefined;
  const id = `${intent ?? 'f'}-${name}`;
  const value = mine && reply?.values && !reply.ok ? reply.values[name] : undefined;
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? defaultValue} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function Checkbox({ name, label, defaultChecked }: { name: string; label: string; defaultChecked?: boolean }) {
  return (
    <div>
      <label className="inline">
        <input type="checkbox" name={name} defaultChecked={defaultChecked} className="check" /> {label}
      </label>
    </div>
  );
}

/** Form-level errors of this form (or a success line), announced. */
export function Reply({ reply, intent }: { reply?: FormReply | undefined; intent?: string }) {
  if (!reply || (intent && reply.intent !== intent)) return null;
  if (reply.formErrors?.length || (reply.fieldErrors && Object.keys(reply.fieldErrors).length)) {
    return (
      <div className="form-error" role="alert">
        {reply.formErrors?.map((e, i) => <p key={i}>{e}</p>)}
        {reply.fieldErrors ? (
          <ul className="plain-list">
            {Object.entries(reply.fieldErrors).map(([k, v]) => (
              <li key={k}>{v}</li>
            ))}
          </ul>
        ) : null}
      </div>
    );
  }
  return reply.done ? (
    <p role="status" className="card">
      ✓ {reply.done}
    </p>
  ) : null;
}

export function Section({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** The line that says a form's command worked, announced. */
export function Done({ text }: { text?: string | undefined }) {
  return text ? (
    <p role="status" className="card">
      ✓ {text}
    </p>
  ) : null;
}
