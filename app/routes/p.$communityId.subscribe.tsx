/**
 * 订阅公开栏: a resident subscribes to the community board by SMS or email — double opt-in (a code
 * sent to the address), throttled per address and per client so nobody can flood a number.
 * Public, plain forms (works without JavaScript).
 */
import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { clientOf } from '~/client.server';
import { ErrorSummary } from '~/components/ErrorSummary';
import { Field } from '~/components/Field';
import { FieldError } from '~/components/FieldKit';
import { communityBySlug, db } from '~/data.server';
import { readForm } from '~/forms.server';
import { langOf } from '~/lang.server';
import { channelsOn, claimSubscribeAttempt, confirm, subscribe } from '~/notify.server';
import { tFor } from '~/i18n/config';
import { CHANNELS, confirmSubscriptionFormSchema, subscribeFields, subscribeSchema } from '../../domain/notify/contacts';
import { useZodForm } from '~/components/useZodForm';

export const meta: MetaFunction = () => [{ title: '订阅公开栏 · 民议' }];

export async function loader({ params }: LoaderFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  return { slug: community.slug, channels: channelsOn() };
}

/** Which step the page shows next, conform's reply for that step's form, and the subscription it confirms. */
type Reply = { step: 'subscribe' | 'confirm' | 'done'; reply?: SubmissionResult<string[]>; subscriptionId?: string; masked?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  const lang = await langOf(request);
  const { formData } = await readForm(request);
  if (formData.get('intent') === 'confirm') {
    const submission = parseWithZod(formData, { schema: confirmSubscriptionFormSchema });
    if (submission.status !== 'success') {
      // Without a subscription to confirm the first step starts again.
      const id = submission.error?.subscriptionId ? undefined : String(formData.get('subscriptionId'));
      return data<Reply>(id ? { step: 'confirm', reply: submission.reply(), subscriptionId: id, masked: String(formData.get('masked') ?? '').slice(0, 80) } : { step: 'subscribe', reply: submission.reply({ formErrors: ['form.invalid'] }) }, { status: 400 });
    }
    const { subscriptionId, code, masked = '' } = submission.value;
    const r = await confirm(community.id, subscriptionId, code);
    if (r.ok) return data<Reply>({ step: 'done' });
    // Too many wrong codes ends this subscription attempt: the person starts again.
    const again = r.key === 'notify.errors.tooManyCodes';
    return data<Reply>({ step: again ? 'subscribe' : 'confirm', reply: submission.reply(again ? { formErrors: [r.key] } : { fieldErrors: { code: [r.key] } }), subscriptionId, masked }, { status: 400 });
  }
  const submission = parseWithZod(formData, { schema: subscribeSchema });
  if (submission.status !== 'success') return data<Reply>({ step: 'subscribe', reply: submission.reply() }, { status: 400 });
  const client = clientOf(context as { clientAddress?: string } | undefined);
  const claim = await claimSubscribeAttempt(submission.value, client);
  if (!claim.ok) return data<Reply>({ step: 'subscribe', reply: submission.reply({ formErrors: [tFor(lang)('notify.errors.throttled', { seconds: claim.retryAfterSeconds })] }) }, { status: 429 });
  const r = await subscribe(community.id, submission.value, lang);
  if (!r.ok) return data<Reply>({ step: 'subscribe', reply: submission.reply({ fieldErrors: { channel: [r.key] } }) }, { status: 400 });
  return data<Reply>({ step: 'confirm', subscriptionId: r.subscriptionId, masked: r.masked });
}

export default function Subscribe() {
  const { t } = useTranslation();
  const { slug, channels } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const step = result?.step ?? 'subscribe';
  return (
    <div className="stack">
      <p>
        <Link to={`/p/${slug}`}>← {t('board.title', { community: '' })}</Link>
      </p>
      <h1>{t('notify.subscribe.title')}</h1>
      {step === 'done' ? <p role="status">{t('notify.subscribe.confirmed')}</p> : null}
      {/* Without a mail server or an SMS provider there is nothing to subscribe with: say so, show no form. */}
      {step === 'subscribe' && !channels.sms && !channels.email ? <p className="notice">{t('notify.subscribe.noneOn')}</p> : null}
      {step === 'subscribe' && (channels.sms || channels.email) ? <SubscribeForm channels={channels} lastResult={result?.reply ?? null} /> : null}
      {step === 'confirm' ? <ConfirmForm subscriptionId={result?.subscriptionId ?? ''} masked={result?.masked ?? ''} lastResult={result?.reply ?? null} /> : null}
    </div>
  );
}

type LastResult = SubmissionResult<string[]> | null;

/** The address and its channel; a channel this community has not switched on cannot be chosen. */
function SubscribeForm({ channels, lastResult }: { channels: Record<(typeof CHANNELS)[number], boolean>; lastResult: LastResult }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(subscribeSchema, {
    id: 'subscribe',
    lastResult,
    defaultValue: { channel: channels.email ? 'email' : 'sms' },
    constraintSchema: subscribeFields,
  });
  const chosen = fields.channel.initialValue ?? (channels.email ? 'email' : 'sms');
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <p className="muted">{t('notify.subscribe.intro')}</p>
      {!channels.sms ? <p className="notice">{t('notify.subscribe.smsOff')}</p> : null}
      {!channels.email ? <p className="notice">{t('notify.subscribe.emailOff')}</p> : null}
      {/* After a refused post (often without JavaScript) the page says what is wrong first, then beside the field. */}
      <ErrorSummary formErrors={form.errors} fieldErrors={form.allErrors} labelOf={(f) => (f === 'channel' ? t('notify.subscribe.channel') : t('notify.subscribe.address'))} />
      <fieldset aria-describedby={fields.channel.errors?.length ? fields.channel.errorId : undefined}>
        <legend>{t('notify.subscribe.channel')}</legend>
        {(['email', 'sms'] as const).map((c) => (
          <label key={c} className="choice">
            <input type="radio" name={fields.channel.name} value={c} defaultChecked={chosen === c} disabled={!channels[c]} /> {t(`notify.channel.${c}`)}
          </label>
        ))}
        <FieldError meta={fields.channel} />
      </fieldset>
      <Field meta={fields.address} label={t('notify.subscribe.address')} maxLength={254} autoComplete="email" required />
      <input type="hidden" name="intent" value="subscribe" />
      <button type="submit">{t('notify.subscribe.submit')}</button>
    </Form>
  );
}

/** The six-digit code sent to the (masked) address. */
function ConfirmForm({ subscriptionId, masked, lastResult }: { subscriptionId: string; masked: string; lastResult: LastResult }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(confirmSubscriptionFormSchema, {
    id: 'confirm',
    lastResult,
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <p role="status">{t('notify.subscribe.sent', { address: masked })}</p>
      <ErrorSummary formErrors={form.errors} fieldErrors={form.allErrors} labelOf={() => t('notify.subscribe.code')} />
      <Field meta={fields.code} label={t('notify.subscribe.code')} inputMode="numeric" autoComplete="one-time-code" maxLength={6} required />
      <input type="hidden" name="intent" value="confirm" />
      <input type="hidden" name="subscriptionId" value={subscriptionId} />
      <input type="hidden" name="masked" value={masked} />
      <button type="submit">{t('notify.subscribe.confirm')}</button>
    </Form>
  );
}
