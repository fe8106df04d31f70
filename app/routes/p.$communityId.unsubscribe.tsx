/**
 * One-click unsubscribe from board notices: the link in every board email/SMS carries a signed
 * token. GET shows one button (a link preview must not unsubscribe anyone); POST — from that
 * button or a mail program's RFC 8058 one-click request — ends the subscription.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { communityBySlug, db } from '~/data.server';
import { readForm } from '~/forms.server';
import { unsubscribe, verifyUnsubscribeToken } from '~/notify.server';

export const meta: MetaFunction = () => [{ title: '退订 · 民议' }];

const tokenOf = (v: unknown) => (typeof v === 'string' && v.length <= 100 ? v : '');

/** The button's one field; a mail program's one-click post (RFC 8058) sends the token in the address instead. */
const unsubscribeFormSchema = z.object({ token: z.string().max(100).optional() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  const token = tokenOf(new URL(request.url).searchParams.get('token'));
  return { token, valid: verifyUnsubscribeToken(token) !== null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  const submission = parseWithZod((await readForm(request)).formData, { schema: unsubscribeFormSchema });
  const token = (submission.status === 'success' ? submission.value.token : undefined) || tokenOf(new URL(request.url).searchParams.get('token'));
  const ok = await unsubscribe(community.id, token);
  return data({ ok }, { status: ok ? 200 : 400 });
}

export default function Unsubscribe() {
  const { t } = useTranslation();
  const { token, valid } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <div className="stack">
      <h1>{t('notify.subscribe.unsubscribeTitle')}</h1>
      {reply?.ok ? <p role="status">{t('notify.subscribe.unsubscribed')}</p> : null}
      {reply && !reply.ok ? <p role="alert" className="error">{t('notify.errors.linkInvalid')}</p> : null}
      {!reply && !valid ? <p role="alert" className="error">{t('notify.errors.linkInvalid')}</p> : null}
      {!reply?.ok && valid ? (
        <Form method="post" className="form">
          <input type="hidden" name="token" value={token} />
          <button type="submit">{t('notify.subscribe.unsubscribeConfirm')}</button>
        </Form>
      ) : null}
    </div>
  );
}
