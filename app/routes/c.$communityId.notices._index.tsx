/** 通知发送情况: each notice of the community, per recipient and channel — queued, sent, retried, failed (issue 13). */
import { tk } from '~/i18n/keys';
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/auth.server';
import { channelsOn, deliveriesOf, DELIVERY_READERS } from '~/notify.server';
import notifyStyles from '~/notify.css';

export const meta: MetaFunction = () => [{ title: '通知发送情况 · 民议' }];
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: notifyStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community, roles } = await requireRole(request, params.communityId, DELIVERY_READERS);
  return {
    slug: community.slug,
    channels: channelsOn(),
    mayCall: roles.some((r) => r === 'committee_member' || r === 'party_secretary' || r === 'group_leader'),
    notices: await deliveriesOf(community.id),
  };
}

export default function Notices() {
  const { t, i18n } = useTranslation();
  const { slug, channels, mayCall, notices } = useLoaderData<typeof loader>();
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language, { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${slug}`}>← {t('app.home')}</Link>
      </p>
      <h1>{t('notify.deliveries.title')}</h1>
      <p className="muted">{t('notify.deliveries.intro')}</p>
      {!channels.sms ? <p role="status" className="notice">{t('notify.deliveries.smsOff')}</p> : null}
      {!channels.email ? <p role="status" className="notice">{t('notify.deliveries.emailOff')}</p> : null}
      {notices.length === 0 ? <p>{t('notify.deliveries.empty')}</p> : null}
      {notices.map((n) => (
        <section key={n.stepKey} aria-labelledby={`n-${n.stepKey}`} className="card">
          <h2 id={`n-${n.stepKey}`}>
            {tk(t, `notify.kind.${n.kind}`)} · {n.title}
          </h2>
          <p className="muted">
            {when(n.createdAt)} ·{' '}
            {Object.entries(n.counts)
              .map(([s, c]) => `${tk(t, `notify.status.${s}`)} ${c}`)
              .join(' · ')}
          </p>
          {mayCall && n.meetingId && !n.stepKey.endsWith(':reminder') ? (
            <p>
              <Link className="button secondary" to={`/c/${slug}/notices/calls/${n.meetingId}`}>
                {t('notify.deliveries.callList')}
              </Link>
            </p>
          ) : null}
          <ul className="notice-status">
            {n.rows.map((r, i) => (
              <li key={i} className={r.status === 'failed' ? 'status-failed' : undefined}>
                {r.recipient}
                {r.onRegister ? `（${t('notify.deliveries.onRegister')}）` : ''} · {tk(t, `notify.channel.${r.channel}`)} · {tk(t, `notify.status.${r.status}`)}
                {r.cancelReason ? `（${tk(t, `notify.cancel.${r.cancelReason}`)}）` : ''}
                {r.attempts > 1 ? ` · ${t('notify.deliveries.attempts')} ${r.attempts}` : ''}
                {r.lastError && r.status !== 'sent' ? ` · ${t('notify.deliveries.lastError')}：${r.lastError}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
