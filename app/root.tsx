import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import type { ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { getUser, sessionRefreshCookie } from './auth.server';
import { DEFAULT_LANG, i18nFor, type Lang } from './i18n/config';
import { langOf } from './lang.server';
import { useNonce } from './nonce';
import { wantsScripts } from './no-scripts';
import styles from './styles.css';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const meta: MetaFunction = () => [{ title: '民议 Minyi' }];


export async function loader({ request }: LoaderFunctionArgs) {
  const [lang, signedIn] = await Promise.all([langOf(request), getUser(request)]);
  const refresh = sessionRefreshCookie(signedIn);
  return data(
    { lang, user: signedIn ? { displayName: signedIn.user.displayName } : null },
    refresh ? { headers: { 'Set-Cookie': refresh } } : undefined,
  );
}

function Document({ lang, children }: { lang: Lang; children: ReactNode }) {
  const nonce = useNonce();
  const scripts = wantsScripts(useMatches());
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18nFor(lang)}>{children}</I18nextProvider>
        {scripts ? <ScrollRestoration nonce={nonce || undefined} /> : null}
        {scripts ? <Scripts nonce={nonce || undefined} /> : null}
      </body>
    </html>
  );
}

function Header({ lang, user }: { lang: Lang; user: { displayName: string } | null }) {
  const { t } = useTranslation();
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    <header className="site-header">
      <a className="skip" href="#main">
        {t('app.skipToContent')}
      </a>
      <Link to="/" className="brand">
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </Link>
      <nav className="header-actions" aria-label={t('app.language')}>
        <Form method="post" action="/lang" className="inline">
          <input type="hidden" name="lng" value={lang === 'zh-CN' ? 'en' : 'zh-CN'} />
          <input type="hidden" name="redirectTo" value={here} />
          <button type="submit" className="button-link" lang={lang === 'zh-CN' ? 'en' : 'zh-CN'}>
            {t('app.switchTo')}
          </button>
        </Form>
        {user ? (
          <Form method="post" action="/logout" className="inline">
            <span className="who">{t('app.signedInAs', { name: user.displayName })}</span>
            <button type="submit" className="button-link">
              {t('app.signOut')}
            </button>
          </Form>
        ) : (
          <Link to="/login" className="button-link">
            {t('app.signIn')}
          </Link>
        )}
      </nav>
    </header>
  );
}

export default function App() {
  const { lang, user } = useRouteLoaderData<typeof loader>('root')!;
  return (
    <Document lang={lang}>
      <Header lang={lang} user={user} />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const rootData = useRouteLoaderData<typeof loader>('root');
  const lang = rootData?.lang ?? DEFAULT_LANG;
  const t = i18nFor(lang).t;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, body] =
    status === 403
      ? [t('errors.forbiddenTitle'), t('errors.forbidden')]
      : status === 404
        ? [t('errors.notFoundTitle'), t('errors.notFound')]
        : status === 503
          ? [t('security.unavailable.title'), t('security.unavailable.body')]
          : [t('errors.serverTitle'), t('errors.server')];
  if (status >= 500 && status !== 503) console.error(error);
  return (
    <Document lang={lang}>
      <Header lang={lang} user={rootData?.user ?? null} />
      <main id="main" tabIndex={-1} className="error-page">
        <h1>{title}</h1>
        <p>{body}</p>
        <p>
          <Link to="/" className="button">
            {t('errors.backHome')}
          </Link>
        </p>
      </main>
    </Document>
  );
}
