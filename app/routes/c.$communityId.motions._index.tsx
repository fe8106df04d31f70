import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/auth.server';
import { StageBadge } from '~/components/motion/StageBadge';
import { nameIn } from '~/i18n/names';
import { listMotions } from '~/motions.server';
import type { loader as rootLoader } from '~/root';
import { formatShanghaiDate } from '../../domain/calendar';
import { STEPS, type Step } from '../../domain/motion/stages';

export const meta: MetaFunction = () => [{ title: '议事 · 民议' }];

const FILTERS = [...STEPS, 'ended'] as const;
type Filter = (typeof FILTERS)[number];
const asFilter = (v: string | null): Filter | undefined => FILTERS.find((f) => f === v);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community, roles } = await requireRole(request, params.communityId);
  const filter = asFilter(new URL(request.url).searchParams.get('stage'));
  const viewer = { userId: user.id, displayName: user.displayName, roles, communityId: community.id };
  const motions = await listMotions(community.id, {
    viewer,
    ...(filter === 'ended' ? { ended: true } : filter ? { step: filter as Step } : {}),
  });
  return { community, filter: filter ?? null, motions, mayPropose: roles.includes('party_secretary') };
}

export default function MotionList() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const { community, filter, motions, mayPropose } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${community.slug}`}>← {nameIn(lang, community)}</Link>
      </p>
      <h1>{t('motionUi.listTitle')}</h1>
      <p className="muted">{t('motionUi.listIntro')}</p>
      {mayPropose ? (
        <p>
          <Link to="new" className="button">
            {t('motionUi.newMotion')}
          </Link>
        </p>
      ) : null}
      <Form method="get" className="inline filter">
        <label htmlFor="stage">{t('motionUi.filter')}</label>
        <select id="stage" name="stage" defaultValue={filter ?? ''}>
          <option value="">{t('motionUi.filterAll')}</option>
          {STEPS.map((s) => (
            <option key={s} value={s}>
              {t(`motion.step.${s}`)}
            </option>
          ))}
          <option value="ended">{t('motion.state.closed')} / {t('motion.state.rejected')} / {t('motion.state.withdrawn')}</option>
        </select>
        <button type="submit" className="secondary">
          {t('motionUi.filterApply')}
        </button>
      </Form>
      {motions.length === 0 ? <p>{t('motionUi.none')}</p> : null}
      <ul className="cards">
        {motions.map((m) => (
          <li key={m.id} className="card">
            <p className="muted">{t('motionUi.number', { number: m.number })}</p>
            <h2>
              <Link to={m.id}>{m.title}</Link>
            </h2>
            <p>
              <StageBadge state={m.state} /> <span className="muted">{t('motionUi.updated', { date: formatShanghaiDate(new Date(m.updatedAt), lang) })}</span>
            </p>
            {m.nextDue ? (
              <p className={m.overdue ? 'form-error' : 'muted'}>
                {m.overdue ? `${t('motionUi.overdue')} · ` : null}
                {t('motionUi.dueOn', { date: formatShanghaiDate(new Date(m.nextDue.at), lang) })}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
