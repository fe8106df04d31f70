/** Convene a meeting with an agenda (issue 12): body, title, time, place, chair, notice channels. */
import { tk } from '~/i18n/keys';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/auth.server';
import { readForm } from '~/forms.server';
import { chairCandidates, conveneSharedMeeting } from '~/meetings.server';
import { COUNTED_BODIES } from '../../domain/meeting/agenda';
import { meetingConveneFormSchema } from '../../domain/meeting/schemas';
import { NOTICE_CHANNELS } from '../../domain/motion/schemas';

export const meta: MetaFunction = () => [{ title: '召集会议 · 民议' }];

const CONVENER_ROLES = ['party_secretary', 'committee_member'] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireRole(request, params.communityId, CONVENER_ROLES);
  const body = COUNTED_BODIES.find((b) => b === new URL(request.url).searchParams.get('body')) ?? 'representatives_meeting';
  return { community: { slug: community.slug }, body, key: crypto.randomUUID(), chairs: await chairCandidates(community.id, body) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const auth = await requireRole(request, params.communityId, CONVENER_ROLES);
  const { formData } = await readForm(request);
  const parsed = meetingConveneFormSchema.safeParse({
    idempotencyKey: formData.get('key'),
    body: formData.get('body'),
    title: formData.get('title'),
    opensAt: formData.get('opensAt'),
    location: formData.get('location'),
    channels: formData.getAll('channels'),
    chairId: formData.get('chairId'),
    ...(formData.get('mode') ? { mode: formData.get('mode') } : {}),
    ...(formData.get('materialsRef') ? { materialsRef: formData.get('materialsRef') } : {}),
  });
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message ?? 'form.invalid' }, { status: 400 });
  const caller = { userId: auth.user.id, displayName: auth.user.displayName, roles: auth.roles, communityId: auth.community.id };
  const r = await conveneSharedMeeting(caller, parsed.data);
  if (!r.ok) return data({ error: r.key }, { status: r.key === 'motion.errors.notPermitted' ? 403 : 400 });
  throw redirect(`/c/${auth.community.slug}/meetings/${r.meetingId}`);
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function NewMeeting() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${d.community.slug}/meetings`}>← {t('meeting.ui.list')}</Link>
      </p>
      <h1>{t('meeting.ui.convene')}</h1>
      <Form method="get" className="inline filter">
        <label htmlFor="pick-body">{t('meeting.minutes.body')}</label>
        <select id="pick-body" name="body" defaultValue={d.body}>
          {COUNTED_BODIES.map((b) => (
            <option key={b} value={b}>
              {t(`meeting.bodies.${b}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary">
          {t('meeting.ui.pickBody')}
        </button>
      </Form>
      <Form method="post" className="form card">
        {a?.error ? (
          <p className="form-error" role="alert">
            {tk(t, a.error)}
          </p>
        ) : null}
        <input type="hidden" name="key" value={d.key} />
        <input type="hidden" name="body" value={d.body} />
        <p>
          {t('meeting.minutes.body')}：{t(`meeting.bodies.${d.body}`)}
        </p>
        <div>
          <label htmlFor="title">{t('meeting.ui.title')}</label>
          <input id="title" name="title" type="text" maxLength={60} required />
        </div>
        <div>
          <label htmlFor="opensAt">{t('meeting.minutes.when')}</label>
          <input id="opensAt" name="opensAt" type="datetime-local" required />
        </div>
        <div>
          <label htmlFor="location">{t('meeting.minutes.where')}</label>
          <input id="location" name="location" type="text" maxLength={200} required />
        </div>
        <div>
          <label htmlFor="chairId">{t('meeting.minutes.chair')}</label>
          <select id="chairId" name="chairId" required>
            {d.chairs.map((p) => (
              <option key={p.personId} value={p.personId}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        {d.body === 'residents_meeting' ? (
          <div>
            <label htmlFor="mode">{t('meeting.ui.mode')}</label>
            <select id="mode" name="mode">
              {(['all_adults', 'households', 'group_representatives'] as const).map((m) => (
                <option key={m} value={m}>
                  {t(`meeting.ui.modes.${m}`)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {d.body === 'party_members_meeting' ? (
          <div>
            <label htmlFor="materialsRef">{t('meeting.ui.materialsRef')}</label>
            <input id="materialsRef" name="materialsRef" type="text" maxLength={100} required />
          </div>
        ) : null}
        <fieldset>
          <legend>{t('meeting.minutes.notice')}</legend>
          {NOTICE_CHANNELS.map((c) => (
            <label key={c} className="check">
              <input type="checkbox" name="channels" value={c} defaultChecked={c === 'notice_board'} /> {t(`meeting.channels.${c}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t('meeting.ui.conveneSubmit')}</button>
      </Form>
    </div>
  );
}
