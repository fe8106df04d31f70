import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

/** The catalogue's year, chosen with a plain GET form (works without JavaScript); staff and public pages alike. */
export function YearPicker({ year, years }: { year: number; years: readonly number[] }) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="inline-form">
      <label htmlFor="year">{t('consultation.ui.catalogue.year')}</label>
      <select id="year" name="year" defaultValue={year}>
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary">
        {t('consultation.ui.catalogue.showYear')}
      </button>
    </Form>
  );
}
