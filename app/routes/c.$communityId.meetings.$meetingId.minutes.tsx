/** The minutes 会议记录 as a printable A4 page (print CSS), from the same model as the PDF. */
import { tk } from '~/i18n/keys';
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/auth.server';
import { idParam } from '~/forms.server';
import { meetingMinutes } from '~/meetings.server';
import minutesStyles from '~/components/meeting/minutes.css';
import type { loader as rootLoader } from '~/root';
import { formatShanghaiDateTime } from '../../domain/calendar';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: minutesStyles }];
export const meta: MetaFunction = () => [{ title: '会议记录 · 民议' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireRole(request, params.communityId);
  const minutes = await meetingMinutes(community.id, idParam(params.meetingId));
  if (!minutes) throw new Response('Not Found', { status: 404 });
  return { minutes, pdf: `/c/${community.slug}/meetings/${params.meetingId}/minutes.pdf` };
}

export default function MinutesPage() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const { minutes: m, pdf } = useLoaderData<typeof loader>();
  return (
    <article className="minutes">
      <p className="no-print">
        <Link to="..">← {m.title}</Link> · <a href={pdf}>{t('meeting.minutes.pdf')}</a> · <a href={pdf.replace(/minutes\.pdf$/, 'export/csv')}>{t('export.csv')}</a> ·{' '}
        <a href={pdf.replace(/minutes\.pdf$/, 'export/xlsx')}>{t('export.xlsx')}</a>
      </p>
      <h1>
        {m.title} {t('meeting.minutes.heading')}
      </h1>
      <p>
        {t('meeting.minutes.body')}：{t(`meeting.bodies.${m.body}`)}
      </p>
      <p>
        {t('meeting.minutes.when')}：{formatShanghaiDateTime(m.opensAt, lang)} · {t('meeting.minutes.where')}：{m.location}
      </p>
      <p>
        {t('meeting.minutes.chair')}：{m.chairName}
        {m.minuteTakerName ? ` · ${t('meeting.minutes.minuteTaker')}：${m.minuteTakerName}` : ''}
      </p>
      <p>
        {t('meeting.minutes.notice')}：{formatShanghaiDateTime(m.noticeAt, lang)}（{m.channels.map((c) => tk(t, `meeting.channels.${c}`)).join('、')}）
      </p>
      <h2>{t('meeting.minutes.attendance')}</h2>
      {m.presentCount !== undefined ? (
        <p>{t('meeting.minutes.ofExpected', { present: m.presentCount, expected: m.expected })}</p>
      ) : (
        <>
          <p>
            {t('meeting.minutes.present', { n: m.present.length, expected: m.expected })}：{m.present.join('、') || '—'}
          </p>
          <p>
            {t('meeting.minutes.absent', { n: m.absent.length })}：{m.absent.join('、') || '—'}
          </p>
        </>
      )}
      <h2>{t('meeting.minutes.agenda')}</h2>
      <ol>
        {m.items.map((it) => (
          <li key={it.index}>
            {it.title} {it.number}
          </li>
        ))}
      </ol>
      {m.items.map((it) => (
        <section key={it.index}>
          <h3>{t('meeting.minutes.itemHeading', { index: it.index, title: it.title })}</h3>
          {it.notes ? (
            <p>
              {t('meeting.minutes.notes')}：{it.notes}
            </p>
          ) : null}
          <p>
            {t('meeting.minutes.tally')}：{it.tally ? t('meeting.minutes.tallyText', it.tally) : t(`meeting.status.${it.status}`)}
          </p>
          <p>
            {t('meeting.minutes.recused')}：{it.recused.join('、') || t('meeting.minutes.none')}
          </p>
          <p>
            <strong>
              {t('meeting.minutes.outcome')}：{tk(t, it.outcomeKey)}
            </strong>
          </p>
          {it.enteredBy && it.confirmedBy ? (
            <p>
              {t('meeting.minutes.countedBy')}：{t('meeting.minutes.countedByText', { entered: it.enteredBy, confirmed: it.confirmedBy })}
            </p>
          ) : null}
        </section>
      ))}
      <h2>{t('meeting.minutes.signatures')}</h2>
      {(['chair', 'minuteTaker', 'confirmer', 'supervisor'] as const).map((who) => (
        <p key={who} className="signature">
          {t(`meeting.minutes.sign.${who}`)}：<span className="line" /> {t('meeting.minutes.date')}：<span className="line short" />
        </p>
      ))}
    </article>
  );
}
