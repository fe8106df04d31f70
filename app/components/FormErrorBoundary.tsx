import { Link, isRouteErrorResponse, useRouteError } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

const PAGES: Record<number, 'tooLarge' | 'badRequest' | 'unsupported' | 'forbidden' | 'notFound'> = {
  400: 'badRequest',
  403: 'forbidden',
  404: 'notFound',
  413: 'tooLarge',
  415: 'unsupported',
};

/**
 * The error page of every route that takes a form: a refused body (413 too large, 415, 400) or a
 * refusal (403, 404) said in the reader's language inside the site's header, with the way back.
 * Export it from a route as `export { FormErrorBoundary as ErrorBoundary }`.
 */
export function FormErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const page = PAGES[status] ?? 'server';
  if (status >= 500) console.error(error);
  return (
    <div className="error-page" data-status={status}>
      <h1>{t(`forms.page.${page}Title`)}</h1>
      <p>{t(`forms.page.${page}`)}</p>
      <p>
        <Link to="." className="button">
          {t('forms.page.back')}
        </Link>{' '}
        <Link to="/" className="button">
          {t('forms.page.home')}
        </Link>
      </p>
    </div>
  );
}
