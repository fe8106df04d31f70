/**
 * Page parts of the administration pages beside the conform fields (app/components/Field.tsx,
 * FieldKit.tsx): a search or filter input, a titled section, the line that says a command worked.
 */
import type { ReactNode } from 'react';

/** A labelled input of a search or filter form (a GET form: nothing to refuse, so no error line). */
export function Input({ name, label, type = 'text', defaultValue }: { name: string; label: string; type?: 'text' | 'date'; defaultValue?: string | null | undefined }) {
  const id = `f-${name}`;
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} type={type} defaultValue={defaultValue ?? undefined} />
    </div>
  );
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
