import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
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

/** Administration, finance and notices: each link only for the roles that may open the page. */
const ADMIN_NAV = [
  ['people', 'admin.nav.people', ['party_secretary', 'committee_member', 'street_office_admin']],
  ['roles', 'admin.nav.roles', ['party_secretary', 'committee_member', 'street_office_admin', 'supervisor']],
  ['settings', 'admin.nav.settings', ['party_secretary', 'committee_member', 'street_office_admin', 'supervisor']],
  ['audit', 'admin.nav.audit', ['supervisor', 'street_office_admin']],
  ['finance', 'finance.nav', ['committee_member', 'supervisor', 'party_secretary', 'party_committee_member', 'street_office_admin']],
  ['notices', 'notify.deliveries.title', ['party_secretary', 'committee_member', 'supervisor']],
] as const;

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
      <nav aria-labelledby="sections" className="card">
        <h2 id="sections">{t('community.sections')}</h2>
        <ul className="link-list">
          <li>
            <Link to="motions">{t('community.motions')}</Link>
          </li>
          <li>
            <Link to="elections">{t('community.elections')}</Link>
          </li>
          <li>
            <Link to="catalogue">{t('community.catalogue')}</Link>
          </li>
          <li>
            <Link to="consultations">{t('community.consultations')}</Link>
          </li>
          <li><Link to="appraisals">{t('appraisal.nav.link')}</Link></li>
          <li>
            <Link to={`/p/${community.slug}`}>{t('app.publicBoard')}</Link>
          </li>
          {ADMIN_NAV.filter(([, , who]) => roles.some((r) => (who as readonly string[]).includes(r))).map(([to, label]) => (
            <li key={to}>
              <Link to={to}>{t(label)}</Link>
            </li>
          ))}
        </ul>
      </nav>
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
        <ul className="people">
          {people.map((p) => (
            <li key={`${p.userId}-${p.role}`}>
              <span className="person-name">{p.displayName}</span>
              <span className="person-role">{t(`roles.${p.role}`)}</span>
              <span className="person-phone">
                <span className="visually-hidden">{t('community.phone')}：</span>
                <span>{p.phone}</span>
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
