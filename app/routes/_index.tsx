import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { getUser } from '~/auth.server';
import { nameIn } from '~/i18n/names';
import type { loader as rootLoader } from '~/root';
import { allStreetOffices } from '~/board.server';
import { allCommunities, db, scopesOf } from '~/data.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const signedIn = await getUser(request);
  if (!signedIn) {
    const [communities, streets] = await Promise.all([allCommunities(db()), allStreetOffices(db())]);
    return {
      signedIn: false as const,
      streets,
      communities: communities.map(({ slug, nameZh, nameEn }) => ({ slug, nameZh, nameEn })),
    };
  }
  return { signedIn: true as const, name: signedIn.user.displayName, scopes: await scopesOf(db(), signedIn.user.id) };
}

export default function Home() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const data = useLoaderData<typeof loader>();
  if (!data.signedIn) {
    return (
      <div className="stack">
        <h1>{t('app.tagline')}</h1>
        <p>{t('home.anonymousIntro')}</p>
        <p>
          <Link to="/login" className="button">
            {t('app.signIn')}
          </Link>
        </p>
        <h2>{t('board.communities')}</h2>
        <ul className="link-list">
          {data.streets.map((s) => (
            <li key={s.slug}>
              <Link to={`/s/${s.slug}`}>{t('board.street.title', { street: nameIn(lang, s) })}</Link>
            </li>
          ))}
          {data.communities.map((c) => (
            <li key={c.slug}>
              <Link to={`/p/${c.slug}`}>{t('board.title', { community: nameIn(lang, c) })}</Link>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const { scopes } = data;
  return (
    <div className="stack">
      <h1>{t('home.welcome', { name: data.name })}</h1>
      <p>
        <Link to="/tasks" className="button">
          {t('home.myTasks')}
        </Link>
      </p>
      <h2>{t('home.title')}</h2>
      {scopes.streetOffices.map((s) => (
        <p key={s.id} className="muted">
          {t('home.streetScope', { street: nameIn(lang, s) })} <Link to={`/so/${s.slug}`}>{t('admin.nav.street')}</Link>
        </p>
      ))}
      {scopes.platformAdmin ? <p className="muted">{t('home.platformScope')} <Link to="/admin">{t('admin.nav.platform')}</Link></p> : null}
      {scopes.communities.length === 0 && !scopes.platformAdmin ? <p>{t('home.noMemberships')}</p> : null}
      {scopes.communities.map((c) => (
        <section key={c.id} className="card" aria-labelledby={`c-${c.slug}`}>
          <h2 id={`c-${c.slug}`}>{nameIn(lang, c)}</h2>
          <p className="muted">{nameIn(lang, { nameZh: c.streetNameZh, nameEn: c.streetNameEn })}</p>
          <h3>{t('home.rolesIn')}</h3>
          <ul className="tags">
            {c.roles.map((r) => (
              <li key={r} className="tag">
                {t(`roles.${r}`)}
              </li>
            ))}
          </ul>
          <Link to={`/c/${c.slug}`} className="button">
            {t('home.open', { community: nameIn(lang, c) })}
          </Link>
        </section>
      ))}
    </div>
  );
}
