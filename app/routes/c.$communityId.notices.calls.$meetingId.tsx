/**
 * 电话通知单: the grid worker's printable A4 list for one open meeting or vote — people not reached
 * by SMS/email, or not yet voted — with full phone numbers (only here, only to CALLERS; each view is
 * audited) and "called, will attend / called, no answer" recording (audited). Plain forms, no JS.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import { tk } from '~/i18n/keys';
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/auth.server';
import { idParam, readForm } from '~/forms.server';
import { tOf } from '~/lang.server';
import { CALLERS, callList, recordCall } from '~/notify.server';
import notifyStyles from '~/notify.css';

export const meta: MetaFunction = () => [{ title: '电话通知单 · 民议' }];
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: notifyStyles }];

const callSchema = z.object({
  personId: z.string({ error: 'form.required' }).max(64, { error: 'form.tooLong' }),
  outcome: z.enum(['will_attend', 'no_answer'], { error: 'notify.errors.outcome' }),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const meetingId = idParam(params.meetingId);
  const { community, user } = await requireRole(request, params.communityId, CALLERS);
  const list = await callList({ communityId: community.id, meetingId, actor: user.id });
  if (!list) throw new Response('Not Found', { status: 404 });
  return { slug: community.slug, list, printedBy: user.displayName, printedAt: new Date().toISOString() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const meetingId = idParam(params.meetingId);
  const { community, user } = await requireRole(request, params.communityId, CALLERS);
  const t = await tOf(request);
  // Each row's buttons are a form of two fields: whom, and what the call found.
  const submission = parseWithZod((await readForm(request)).formData, { schema: callSchema });
  if (submission.status !== 'success') return data({ ok: false, error: tk(t, Object.values(submission.error ?? {}).flat()[0] ?? 'form.invalid') }, { status: 400 });
  const { personId, outcome } = submission.value;
  const r = await recordCall({ communityId: community.id, meetingId, userId: personId, outcome, actor: user.id });
  if (!r.ok) return data({ ok: false, error: tk(t, r.key) }, { status: 409 });
  return { ok: true, error: null };
}

export default function CallList() {
  const { t, i18n } = useTranslation();
  const { slug, list, printedBy, printedAt } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language, { timeZone: 'Asia/Shanghai', dateStyle: 'long', timeStyle: 'short' }) : '');
  return (
    <div className="stack">
      <p className="no-print">
        <Link to={`/c/${slug}/notices`}>← {t('notify.deliveries.title')}</Link>
      </p>
      <h1>{t('notify.calls.title')}</h1>
      <p>{t('notify.calls.subtitle', { title: list.title, bodyName: tk(t, `motion.body.${list.body}`), opensAt: when(list.opensAt) })}</p>
      <p className="muted">{t('notify.calls.intro')}</p>
      <p className="print-only">{t('notify.calls.printedBy', { name: printedBy, at: when(printedAt) })}</p>
      {reply?.ok ? <p role="status">{t('notify.calls.saved')}</p> : null}
      {reply && !reply.ok ? <p role="alert" className="error">{reply.error}</p> : null}
      {list.entries.length === 0 ? (
        <p>{t('notify.calls.empty')}</p>
      ) : (
        <table className="calls-table">
          <thead>
            <tr>
              <th scope="col">{t('notify.calls.name')}</th>
              <th scope="col">{t('notify.calls.phone')}</th>
              <th scope="col">{t('notify.calls.reached')}</th>
              {list.online ? <th scope="col">{t('notify.calls.voted')}</th> : null}
              <th scope="col">{t('notify.calls.lastCall')}</th>
              <th scope="col" className="no-print">{t('notify.calls.record')}</th>
            </tr>
          </thead>
          <tbody>
            {list.entries.map((e) => (
              <tr key={e.userId}>
                <td data-label={t('notify.calls.name')}>{e.name}</td>
                <td data-label={t('notify.calls.phone')} className="phone">
                  {e.phone ? <a href={`tel:${e.phone}`}>{e.phone}</a> : t('notify.calls.noPhone')}
                </td>
                <td data-label={t('notify.calls.reached')}>{e.reached ? t('notify.calls.reachedYes') : t('notify.calls.notReached')}</td>
                {list.online ? <td data-label={t('notify.calls.voted')}>{e.voted ? '✓' : t('notify.calls.notVotedYet')}</td> : null}
                <td data-label={t('notify.calls.lastCall')}>
                  {e.lastCall ? `${t(e.lastCall.outcome === 'will_attend' ? 'notify.calls.willAttend' : 'notify.calls.noAnswer')} ${when(e.lastCall.at)}` : '　'}
                </td>
                <td data-label={t('notify.calls.record')} className="no-print">
                  <Form method="post" className="calls-record">
                    <input type="hidden" name="personId" value={e.userId} />
                    <button type="submit" name="outcome" value="will_attend" className="secondary" aria-label={`${e.name}：${t('notify.calls.willAttend')}`}>
                      {t('notify.calls.willAttend')}
                    </button>
                    <button type="submit" name="outcome" value="no_answer" className="secondary" aria-label={`${e.name}：${t('notify.calls.noAnswer')}`}>
                      {t('notify.calls.noAnswer')}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
