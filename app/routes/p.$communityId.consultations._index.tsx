import consultationStyles from '~/components/consultation/consultation.css';
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { StateBadge, useDates, useLang } from '~/components/consultation/ui';
import { publicConsultationList } from '~/consultations.server';
import { communityBySlug, db } from '~/data.server';
import { nameIn } from '~/i18n/names';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: consultationStyles }];

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d ? `${d.community.nameZh} 社区协商 · 民议` : '社区协商 · 民议' }];

/** Public, no account: consultations whose topic has been published. */
export async function loader({ params }: LoaderFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  return {
    community: { slug: community.slug, nameZh: community.nameZh, nameEn: community.nameEn },
    list: await publicConsultationList(community.id),
  };
}

export default function PublicConsultations() {
  const { t } = useTranslation();
  const lang = useLang();
  const { date } = useDates();
  const { community, list } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <p>
        <Link to={`/p/${community.slug}`}>{t('consultation.ui.public.board')}</Link>
        {' · '}
        <Link to={`/p/${community.slug}/catalogue`}>{t('consultation.ui.nav.publicCatalogue')}</Link>
      </p>
      <h1>{t('consultation.ui.public.consultationsTitle', { community: nameIn(lang, community) })}</h1>
      {list.length === 0 ? <p>{t('consultation.ui.public.none')}</p> : null}
      <ul className="card-list">
        {list.map((c) => (
          <li key={c.id} className="card">
            <p className="muted">
              {t('consultation.ui.list.number', { number: c.number })} · {date(c.createdAt)}
            </p>
            <h2 className="card-title">
              <Link to={`/p/${community.slug}/consultations/${c.id}`}>{c.title}</Link>
            </h2>
            <StateBadge state={c.state} />
          </li>
        ))}
      </ul>
    </div>
  );
}
