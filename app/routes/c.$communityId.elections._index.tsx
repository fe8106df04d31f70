import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { authorizeCommunity, db, electionsOf } from '~/elections.server';
import { PhaseBadge, electionLinks, formatCivil, useLang } from '~/components/election/ui';
import { nameIn } from '~/i18n/names';
import { hasAnyRole } from '../../domain/roles';
import { ACTION_ROLES } from '../../domain/election/permissions';

export const links = electionLinks;
export const meta: MetaFunction = () => [{ title: '换届选举 · 民议' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community, roles } = await authorizeCommunity(request, params.communityId, 'view');
  const elections = await electionsOf(db(), community.id);
  return {
    community: { slug: community.slug, nameZh: community.nameZh, nameEn: community.nameEn },
    mayCreate: hasAnyRole(roles, ACTION_ROLES.create),
    elections: elections.map((e) => ({ id: e.id, title: e.title, phase: e.phase, electionDay: e.plan.electionDay })),
  };
}

export default function Elections() {
  const { t } = useTranslation();
  const lang = useLang();
  const { community, mayCreate, elections } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${community.slug}`}>← {nameIn(lang, community)}</Link>
      </p>
      <h1>{t('electionUi.list.title')}</h1>
      <p className="muted">{t('electionUi.list.intro')}</p>
      {mayCreate ? (
        <p>
          <Link to="new" className="button">
            {t('electionUi.list.create')}
          </Link>{' '}
          <Link to="new?kind=by-election">{t('electionUi.setup.byElectionLink')}</Link>
        </p>
      ) : null}
      {elections.length === 0 ? <p>{t('electionUi.list.none')}</p> : null}
      <ul className="el-list">
        {elections.map((e) => (
          <li key={e.id} className="card">
            <h2>
              <Link to={e.id}>{e.title}</Link>
            </h2>
            <p>
              <PhaseBadge phase={e.phase} /> <span className="muted">{t('electionUi.list.electionDay', { date: formatCivil(e.electionDay, lang) })}</span>
            </p>
            <p>
              <Link to={`/p/${community.slug}/elections/${e.id}`}>{t('electionUi.list.publicLink')}</Link>
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
