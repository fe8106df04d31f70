/** Convene a meeting with an agenda (issue 12): body, title, time, place, chair, notice channels. */
import { getFormProps, getInputProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/auth.server';
import { Field, FormErrors } from '~/components/Field';
import { FieldError, SelectField } from '~/components/FieldKit';
import { readForm } from '~/forms.server';
import { chairCandidates, conveneSharedMeeting } from '~/meetings.server';
import { COUNTED_BODIES } from '../../domain/meeting/agenda';
import { meetingConveneFormSchema } from '../../domain/meeting/schemas';
import { RESIDENTS_MEETING_MODES } from '../../domain/motion/meetings';
import { NOTICE_CHANNELS } from '../../domain/motion/schemas';
import { useZodForm } from '~/components/useZodForm';

export const meta: MetaFunction = () => [{ title: '召集会议 · 民议' }];

const CONVENER_ROLES = ['party_secretary', 'committee_member'] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireRole(request, params.communityId, CONVENER_ROLES);
  const body = COUNTED_BODIES.find((b) => b === new URL(request.url).searchParams.get('body')) ?? 'representatives_meeting';
  return { community: { slug: community.slug }, body, key: crypto.randomUUID(), chairs: await chairCandidates(community.id, body) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const auth = await requireRole(request, params.communityId, CONVENER_ROLES);
  const submission = parseWithZod((await readForm(request)).formData, { schema: meetingConveneFormSchema });
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 });
  const caller = { userId: auth.user.id, displayName: auth.user.displayName, roles: auth.roles, communityId: auth.community.id };
  const r = await conveneSharedMeeting(caller, submission.value);
  if (!r.ok) return data(submission.reply({ formErrors: [r.key] }), { status: r.key === 'motion.errors.notPermitted' ? 403 : 400 });
  throw redirect(`/c/${auth.community.slug}/meetings/${r.meetingId}`);
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function NewMeeting() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(meetingConveneFormSchema, {
    lastResult,
    defaultValue: { idempotencyKey: d.key, body: d.body, channels: ['notice_board'] },
  });
  // after a refused post the one ticked box comes back as a string, several as a list
  const chosen = new Set<string>([fields.channels.initialValue ?? []].flat().filter((v): v is string => typeof v === 'string'));
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
      <Form method="post" className="form card" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <input {...getInputProps(fields.idempotencyKey, { type: 'hidden' })} key={fields.idempotencyKey.key} />
        <input {...getInputProps(fields.body, { type: 'hidden' })} key={fields.body.key} />
        <p>
          {t('meeting.minutes.body')}：{t(`meeting.bodies.${d.body}`)}
        </p>
        <Field meta={fields.title} label={t('meeting.ui.title')} />
        <Field meta={fields.opensAt} type="datetime-local" label={t('meeting.minutes.when')} />
        <Field meta={fields.location} label={t('meeting.minutes.where')} />
        <SelectField meta={fields.chairId} label={t('meeting.minutes.chair')} options={d.chairs.map((p) => ({ value: p.personId, label: p.name }))} />
        {d.body === 'residents_meeting' ? (
          <SelectField meta={fields.mode} label={t('meeting.ui.mode')} options={RESIDENTS_MEETING_MODES.map((m) => ({ value: m, label: t(`meeting.ui.modes.${m}`) }))} />
        ) : null}
        {d.body === 'party_members_meeting' ? <Field meta={fields.materialsRef} label={t('meeting.ui.materialsRef')} required /> : null}
        <fieldset aria-describedby={fields.channels.errors?.length ? fields.channels.errorId : undefined}>
          <legend>{t('meeting.minutes.notice')}</legend>
          {NOTICE_CHANNELS.map((c) => (
            <label key={`${fields.channels.key ?? ''}${c}`} className="check">
              <input type="checkbox" name={fields.channels.name} value={c} defaultChecked={chosen.has(c)} /> {t(`meeting.channels.${c}`)}
            </label>
          ))}
          <FieldError meta={fields.channels} />
        </fieldset>
        <button type="submit">{t('meeting.ui.conveneSubmit')}</button>
      </Form>
    </div>
  );
}
