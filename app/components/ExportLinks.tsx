import { useTranslation } from 'react-i18next';

/** "Download the tables: CSV · Excel" under a table; `base` is the export address without the format. */
export function ExportLinks({ base }: { base: string }) {
  const { t } = useTranslation();
  return (
    <p className="export-links">
      {t('export.links')}：
      <a href={`${base}/csv`} download>
        {t('export.csv')}
      </a>
      {' · '}
      <a href={`${base}/xlsx`} download>
        {t('export.xlsx')}
      </a>
    </p>
  );
}
