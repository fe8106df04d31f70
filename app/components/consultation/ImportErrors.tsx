/** The row-by-row problems of a refused import: row, column and the reason in plain words. */
import { useTranslation } from 'react-i18next';
import type { ImportIssue } from '../../../domain/consultation';
import { tk } from '../../i18n/keys';

export function ImportErrors({ errors, warnings, rowsRead }: { errors: ImportIssue[]; warnings: ImportIssue[]; rowsRead: number }) {
  const { t } = useTranslation();
  const field = (f: string | null) => (f ? tk(t, `consultation.field.${f}`) : t('consultation.ui.import.wholeFile'));
  const rows = (issues: ImportIssue[]) =>
    issues.map((e, i) => (
      <li key={i}>
        <strong>{t('consultation.labels.rowPrefix', { row: e.row })}</strong> · {field(e.field)}：{tk(t, e.key, e.params ?? {})}
      </li>
    ));
  return (
    <div className="import-report">
      {rowsRead ? <p className="muted">{t('consultation.ui.import.rowsRead', { count: rowsRead })}</p> : null}
      {errors.length ? (
        <ul className="import-errors" aria-label={t('consultation.ui.import.problem')}>
          {rows(errors)}
        </ul>
      ) : null}
      {warnings.length ? (
        <>
          <h3>{t('consultation.ui.import.warnings')}</h3>
          <ul className="import-warnings">{rows(warnings)}</ul>
        </>
      ) : null}
    </div>
  );
}
