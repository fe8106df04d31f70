import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/auth.server';
import { nameIn } from '~/i18n/names';
import type { loader as rootLoader } from '~/root';
import { db, officeHolders } from '~/data.server';
import { maskPhone } from '../../domain/privacy';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community, roles } = await requireRole(request, params.communityId);
  const people = await officeHolders(db(), community.id);
  return {
    community,
    roles,
    people: people.map((p) => ({ ...p, phone: maskPhone(p.phone) })),
  };
}

export default function CommunityHome() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const { community, roles, people } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{nameIn(lang, community)}</h1>
      <p className="muted">
        {t('community.street')}：{nameIn(lang, { nameZh: community.streetNameZh, nameEn: community.streetNameEn })}
      </p>
      <section className="card" aria-labelledby="my-roles">
        <h2 id="my-roles">{t('community.yourRoles')}</h2>
        <ul className="tags">
          {roles.map((r) => (
            <li key={r} className="tag">
              {t(`roles.${r}`)}
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="people">
        <h2 id="people">{t('community.people')}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('community.name')}</th>
                <th scope="col">{t('community.role')}</th>
                <th scope="col">{t('community.phone')}</th>
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={`${p.userId}-${p.role}`}>
                  <td>{p.displayName}</td>
                  <td>{t(`roles.${p.role}`)}</td>
                  <td>{p.phone}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
