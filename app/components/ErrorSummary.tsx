import { useTranslation } from 'react-i18next';
import { tk } from '../i18n/keys';

/**
 * All of a form's problems in one box at the top (form-level reasons first, then each field with its
 * label), announced to screen readers. Error texts are i18n keys or already translated reasons.
 */
export function ErrorSummary({
  formErrors,
  fieldErrors,
  labelOf,
}: {
  formErrors?: string[] | null;
  fieldErrors?: Record<string, string[] | null | undefined> | null;
  labelOf: (field: string) => string;
}) {
  const { t } = useTranslation();
  const fields = Object.entries(fieldErrors ?? {}).filter(([k, v]) => k !== '' && v?.length);
  if (!formErrors?.length && fields.length === 0) return null;
  return (
    <div className="form-error" role="alert">
      {formErrors?.map((e, i) => <p key={i}>{tk(t, e)}</p>)}
      {fields.length ? (
        <ul className="plain-list">
          {fields.map(([k, v]) => (
            <li key={k}>
              {labelOf(k)}：{tk(t, v![0]!)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
