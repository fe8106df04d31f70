import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { PhaseBadge, electionLinks, formatCivil, useLang } from '~/components/election/ui';
import { communityBySlug } from '~/data.server';
import { db, publicElectionsOf } from '~/elections.server';
import { nameIn } from '~/i18n/names';
import type { ElectionPhase } from '../../domain/election/process';

export const links = electionLinks;
export const meta: MetaFunction = () => [{ title: '换届选举 · 民议' }];

/** Public: the community's elections, each with its results page. */
export async function loader({ params }: LoaderFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  const elections = await publicElectionsOf(db(), community.slug);
  return {
    community: { slug: community.slug, nameZh: community.nameZh, nameEn: community.nameEn },
    elections: elections.map((e) => ({ id: e.id, title: e.title, phase: e.phase as ElectionPhase, electionDay: e.electionDay })),
  };
}

export default function PublicElections() {
  const { t } = useTranslation();
  const lang = useLang();
  const { community, elections } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <p>
        <Link to={`/p/${community.slug}`}>← {t('electionUi.public.board')}</Link>
      </p>
      <h1>{t('electionUi.public.list', { community: nameIn(lang, community) })}</h1>
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
          </li>
        ))}
      </ul>
    </div>
  );
}
