import { Form, Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { BOARD_KIND_GROUP_IDS, BOARD_QUERY_MAX, type BoardKindGroup } from '../../../domain/board';
import { tk } from '../../i18n/keys';

/** The board's search and filters: a plain GET form, so every result page has its own address. */
export function BoardFilters({
  groups,
  year,
  q,
  years,
  error,
}: {
  groups: BoardKindGroup[];
  year?: number;
  q?: string;
  years: number[];
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <section className="card wrap-anywhere" aria-labelledby="board-filter">
      <h2 id="board-filter">{t('board.filter.title')}</h2>
      {error ? (
        <p className="notice" role="status">
          {tk(t, error)}
        </p>
      ) : null}
      <Form method="get" className="stack">
        <div>
          <label htmlFor="board-q">{t('board.filter.q')}</label>
          <input id="board-q" name="q" type="search" defaultValue={q ?? ''} maxLength={BOARD_QUERY_MAX} aria-describedby="board-q-hint" />
          <p id="board-q-hint" className="muted small">
            {t('board.filter.qHint')}
          </p>
        </div>
        <fieldset>
          <legend>{t('board.filter.kinds')}</legend>
          <div className="inline-choices">
            {BOARD_KIND_GROUP_IDS.map((g) => (
              <label key={g}>
                <input type="checkbox" name="kind" value={g} defaultChecked={groups.includes(g)} /> {t(`board.filter.group.${g}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <label htmlFor="board-year">{t('board.filter.year')}</label>
          <select id="board-year" name="year" defaultValue={year ? String(year) : ''}>
            <option value="">{t('board.filter.anyYear')}</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div className="inline">
          <button type="submit">{t('board.filter.submit')}</button>
          <Link to="." className="button-link">
            {t('board.filter.clear')}
          </Link>
        </div>
      </Form>
    </section>
  );
}
