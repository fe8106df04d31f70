/**
 * 订阅公开栏: a resident subscribes to the community board by SMS or email — double opt-in (a code
 * sent to the address), throttled per address and per client so nobody can flood a number.
 * Public, plain forms (works without JavaScript).
 */
import { tk } from '~/i18n/keys';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { clientOf } from '~/client.server';
import { communityBySlug, db } from '~/data.server';
import { isId, readForm } from '~/forms.server';
import { langOf } from '~/lang.server';
import { channelsOn, claimSubscribeAttempt, confirm, subscribe } from '~/notify.server';
import { tFor } from '~/i18n/config';
import { confirmCodeSchema, subscribeSchema } from '../../domain/notify/contacts';

export const meta: MetaFunction = () => [{ title: '订阅公开栏 · 民议' }];

export async function loader({ params }: LoaderFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  return { slug: community.slug, channels: channelsOn() };
}

type Reply = { step: 'subscribe' | 'confirm' | 'done'; error?: string; field?: string; subscriptionId?: string; masked?: string; values?: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  const lang = await langOf(request);
  const t = tFor(lang);
  const { formData } = await readForm(request);
  const fields = Object.fromEntries([...formData].map(([k, v]) => [k, typeof v === 'string' ? v : '']));
  if (fields.intent === 'confirm') {
    const code = confirmCodeSchema.safeParse(fields);
    const id = fields.subscriptionId;
    if (!isId(id)) return data<Reply>({ step: 'subscribe', error: t('form.invalid') }, { status: 400 });
    if (!code.success) return data<Reply>({ step: 'confirm', subscriptionId: id, masked: fields.masked?.slice(0, 80) ?? '', error: tk(t, code.error.issues[0]!.message), field: 'code' }, { status: 400 });
    const r = await confirm(community.id, id, code.data.code);
    if (!r.ok) return data<Reply>({ step: r.key === 'notify.errors.tooManyCodes' ? 'subscribe' : 'confirm', subscriptionId: id, masked: fields.masked?.slice(0, 80) ?? '', error: t(r.key), field: 'code' }, { status: 400 });
    return data<Reply>({ step: 'done' });
  }
  const s = subscribeSchema.safeParse(fields);
  const values = { channel: fields.channel?.slice(0, 10) ?? '', address: fields.address?.slice(0, 254) ?? '' };
  if (!s.success) {
    const issue = s.error.issues[0]!;
    return data<Reply>({ step: 'subscribe', error: tk(t, issue.message), field: String(issue.path[0] ?? 'address'), values }, { status: 400 });
  }
  const client = clientOf(context as { clientAddress?: string } | undefined);
  const claim = await claimSubscribeAttempt(s.data, client);
  if (!claim.ok) return data<Reply>({ step: 'subscribe', error: t('notify.errors.throttled', { seconds: claim.retryAfterSeconds }), values }, { status: 429 });
  const r = await subscribe(community.id, s.data, lang);
  if (!r.ok) return data<Reply>({ step: 'subscribe', error: tk(t, r.key), field: 'channel', values }, { status: 400 });
  return data<Reply>({ step: 'confirm', subscriptionId: r.subscriptionId, masked: r.masked });
}

export default function Subscribe() {
  const { t } = useTranslation();
  const { slug, channels } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const step = reply?.step ?? 'subscribe';
  const err = (field: string) =>
    reply?.error && reply.field === field ? (
      <p id={`${field}-error`} className="error" role="alert">
        {reply.error}
      </p>
    ) : null;
  return (
    <div className="stack">
      <p>
        <Link to={`/p/${slug}`}>← {t('board.title', { community: '' })}</Link>
      </p>
      <h1>{t('notify.subscribe.title')}</h1>
      {step === 'done' ? <p role="status">{t('notify.subscribe.confirmed')}</p> : null}
      {step === 'subscribe' ? (
        <Form method="post" className="form">
          <p className="muted">{t('notify.subscribe.intro')}</p>
          {!channels.sms ? <p className="notice">{t('notify.subscribe.smsOff')}</p> : null}
          {reply?.error && !reply.field ? <p className="error" role="alert">{reply.error}</p> : null}
          <fieldset>
            <legend>{t('notify.subscribe.channel')}</legend>
            {(['email', 'sms'] as const).map((c) => (
              <label key={c} className="choice">
                <input type="radio" name="channel" value={c} defaultChecked={(reply?.values?.channel ?? (channels.email ? 'email' : 'sms')) === c} disabled={!channels[c]} />{' '}
                {t(`notify.channel.${c}`)}
              </label>
            ))}
            {err('channel')}
          </fieldset>
          <label htmlFor="address">{t('notify.subscribe.address')}</label>
          <input id="address" name="address" type="text" maxLength={254} autoComplete="email" defaultValue={reply?.values?.address ?? ''} aria-invalid={reply?.field === 'address' || undefined} aria-describedby={reply?.field === 'address' ? 'address-error' : undefined} required />
          {err('address')}
          <input type="hidden" name="intent" value="subscribe" />
          <button type="submit">{t('notify.subscribe.submit')}</button>
        </Form>
      ) : null}
      {step === 'confirm' ? (
        <Form method="post" className="form">
          <p role="status">{t('notify.subscribe.sent', { address: reply?.masked ?? '' })}</p>
          <label htmlFor="code">{t('notify.subscribe.code')}</label>
          <input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} aria-invalid={reply?.field === 'code' || undefined} aria-describedby={reply?.field === 'code' ? 'code-error' : undefined} required />
          {err('code')}
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="subscriptionId" value={reply?.subscriptionId ?? ''} />
          <input type="hidden" name="masked" value={reply?.masked ?? ''} />
          <button type="submit">{t('notify.subscribe.confirm')}</button>
        </Form>
      ) : null}
    </div>
  );
}
