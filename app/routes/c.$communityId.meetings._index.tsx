/** The community's meetings (issue 12), newest first; conveners may convene a new one. */
import { tk } from '~/i18n/keys';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/auth.server';
import { meetingsOf } from '~/meetings.server';
import type { loader as rootLoader } from '~/root';
import { formatShanghaiDateTime } from '../../domain/calendar';

export const meta: MetaFunction = () => [{ title: '会议 · 民议' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community, roles } = await requireRole(request, params.communityId);
  return {
    community: { slug: community.slug },
    meetings: await meetingsOf(community.id),
    mayConvene: roles.includes('party_secretary') || roles.includes('committee_member'),
  };
}

export default function Meetings() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const d = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t('meeting.ui.list')}</h1>
      {d.mayConvene ? (
        <p>
          <Link to="new" className="button">
            {t('meeting.ui.convene')}
          </Link>
        </p>
      ) : null}
      <ul className="stack">
        {d.meetings.map((m) => (
          <li key={m.id} className="card">
            <Link to={m.id}>{m.title}</Link>
            <p className="muted">
              {tk(t, `meeting.bodies.${m.body}`)} · {formatShanghaiDateTime(new Date(m.opensAt).getTime(), lang)} · {t('meeting.ui.itemCount', { n: m.items })}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
