import consultationStyles from '~/components/consultation/consultation.css';
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/auth.server';
import { StateBadge, useDates } from '~/components/consultation/ui';
import { GUARDS, consultationList } from '~/consultations.server';
import { hasAnyRole } from '../../domain/roles';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: consultationStyles }];

export const meta: MetaFunction = () => [{ title: '社区协商 · 民议' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community, roles } = await requireRole(request, params.communityId);
  return {
    community: { slug: community.slug },
    list: await consultationList(community.id),
    mayStart: hasAnyRole(roles, GUARDS.startConsultation),
  };
}

export default function ConsultationList() {
  const { t } = useTranslation();
  const { date } = useDates();
  const { community, list, mayStart } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${community.slug}`}>{t('consultation.ui.nav.back')}</Link>
      </p>
      <h1>{t('consultation.ui.list.title')}</h1>
      <p className="muted">{t('consultation.ui.list.intro')}</p>
      <p>
        <Link to={`/c/${community.slug}/catalogue`}>{t('consultation.ui.nav.catalogue')}</Link>
      </p>
      {mayStart ? (
        <p>
          <Link to={`/c/${community.slug}/consultations/new`} className="button">
            {t('consultation.ui.list.new')}
          </Link>
        </p>
      ) : null}
      {list.length === 0 ? <p>{t('consultation.ui.list.none')}</p> : null}
      <ul className="card-list">
        {list.map((c) => (
          <li key={c.id} className="card">
            <p className="muted">
              {t('consultation.ui.list.number', { number: c.number })} · {date(c.createdAt)}
              {c.itemCode ? ` · ${c.itemCode}` : ''}
              {c.motionId ? ` · ${t('consultation.ui.list.forMotion')}` : ''}
            </p>
            <h2 className="card-title">
              <Link to={`/c/${community.slug}/consultations/${c.id}`}>{c.title}</Link>
            </h2>
            <StateBadge state={c.state} />
          </li>
        ))}
      </ul>
    </div>
  );
}
