import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '~/auth.server';
import { myTasks } from '~/motions.server';
import type { loader as rootLoader } from '~/root';
import { formatShanghaiDate } from '../../domain/calendar';
import { tk } from '../i18n/keys';

export const meta: MetaFunction = () => [{ title: '我的待办 · 民议' }];

/** What waits for the signed-in person: votes, meetings to record, opinions to answer… */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const tasks = await myTasks(user.id);
  return {
    tasks: tasks.map((task) => ({
      ...task,
      dueAt: task.dueAt ? new Date(task.dueAt).getTime() : null,
      href:
        task.subjectType === 'motion'
          ? `/c/${task.communitySlug}/motions/${task.subjectId}${task.kind === 'motion.task.vote' ? '/vote' : ''}`
          : task.subjectType === 'consultation'
            ? `/c/${task.communitySlug}/consultations/${task.subjectId}`
            : task.subjectType === 'election'
              ? `/c/${task.communitySlug}/elections/${task.subjectId}`
              : `/c/${task.communitySlug}`,
    })),
  };
}

export default function Tasks() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const { tasks } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t('motionUi.tasks.title')}</h1>
      {tasks.length === 0 ? <p>{t('motionUi.tasks.none')}</p> : null}
      <ul className="cards">
        {tasks.map((task) => (
          <li key={task.id} className="card">
            <h2>{tk(t, task.kind, { ...task.params, title: task.subjectTitle ?? '' })}</h2>
            {task.subjectTitle ? <p>{task.subjectTitle}</p> : null}
            {task.dueAt ? (
              <p className={task.overdue ? 'form-error' : 'muted'}>
                {task.overdue ? `${t('motionUi.tasks.overdue')} · ` : null}
                {t('motionUi.tasks.due', { date: formatShanghaiDate(task.dueAt, lang) })}
              </p>
            ) : null}
            <Link to={task.href} className="button">
              {t('motionUi.tasks.open')}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
