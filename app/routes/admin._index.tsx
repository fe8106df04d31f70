/** 平台管理: the operator creates street offices and their staff accounts. No community content here. */
import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { createStreetOffice, createStreetOfficeAdmin, listStreetOffices, requirePlatformAdmin } from '~/admin.server';
import { invalidReply, outcomeReply, tOf } from '~/admin-forms.server';
import { hashPassword } from '~/auth.server';
import { Done, Section } from '~/components/admin/forms';
import { Field, FormErrors } from '~/components/Field';
import { SelectField } from '~/components/FieldKit';
import { db } from '~/data.server';
import { readForm } from '~/forms.server';
import { nameIn } from '~/i18n/names';
import type { loader as rootLoader } from '~/root';
import { streetOfficeAdminFormSchema, streetOfficeSchema } from '../../domain/admin/tenancy';
import { useZodForm } from '~/components/useZodForm';

export const meta: MetaFunction = () => [{ title: '平台管理 · 民议' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request);
  return { streets: await listStreetOffices(db()) };
}

// The typed password never comes back in a reply.
const HIDE = { hideFields: ['password'] };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const t = await tOf(request);
  const { formData: form } = await readForm(request);
  const intent = String(form.get('intent'));
  if (intent === 'street') {
    const submission = parseWithZod(form, { schema: streetOfficeSchema });
    if (submission.status !== 'success') return invalidReply(intent, submission);
    const r = await createStreetOffice(db(), { ...submission.value, actor: user.id });
    return outcomeReply(t, intent, submission, r, () => t('admin.street.created'));
  }
  if (intent === 'staff') {
    const submission = parseWithZod(form, { schema: streetOfficeAdminFormSchema });
    if (submission.status !== 'success') return invalidReply(intent, submission, HIDE);
    const { streetOfficeId, username, displayName, password } = submission.value;
    const street = (await listStreetOffices(db())).find((s) => s.id === streetOfficeId);
    const r = street
      ? await createStreetOfficeAdmin(db(), { username, displayName, passwordHash: await hashPassword(password), streetOfficeId: street.id, actor: user.id })
      : ({ ok: false, key: 'admin.errors.streetOfficeNotFound' } as const);
    // A refused account keeps what was typed but the password; a created one empties the form.
    return outcomeReply(t, intent, { reply: (o) => submission.reply({ ...o, ...HIDE }) }, r, () => t('admin.street.created'));
  }
  throw new Response('Bad Request', { status: 400 });
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

type LastResult = SubmissionResult<string[]> | null;

export default function PlatformAdmin() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const { streets } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const replyOf = (intent: string) => (result?.intent === intent ? result.reply : null);
  const doneOf = (intent: string) => (result?.intent === intent ? result.done : undefined);
  return (
    <div className="stack">
      <h1>{t('admin.platform.title')}</h1>
      <Section title={t('admin.platform.streetOffices')} id="streets">
        {streets.length === 0 ? <p>{t('admin.platform.none')}</p> : null}
        <ul className="people">
          {streets.map((s) => (
            <li key={s.id}>
              <span className="person-name">{nameIn(lang, s)}</span>
              <span className="person-role">
                {s.slug} · {t('admin.platform.communities', { count: s.communities })}
              </span>
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t('admin.platform.createStreet')} id="new-street">
        <Done text={doneOf('street')} />
        <StreetForm lastResult={replyOf('street')} />
      </Section>
      {streets.length ? (
        <Section title={t('admin.platform.createAdmin')} id="new-staff">
          <Done text={doneOf('staff')} />
          <StaffForm lastResult={replyOf('staff')} streets={streets.map((s) => ({ value: s.id, label: nameIn(lang, s) }))} />
        </Section>
      ) : null}
      <p>
        <Link to="/">← {t('app.home')}</Link>
      </p>
    </div>
  );
}

function StreetForm({ lastResult }: { lastResult: LastResult }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(streetOfficeSchema, {
    id: 'street',
    lastResult,
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="street" />
      <Field meta={fields.slug} label={t('admin.street.slug')} required />
      <Field meta={fields.nameZh} label={t('admin.street.nameZh')} required />
      <Field meta={fields.nameEn} label={t('admin.street.nameEn')} required />
      <button type="submit">{t('admin.platform.submit')}</button>
    </Form>
  );
}

function StaffForm({ lastResult, streets }: { lastResult: LastResult; streets: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(streetOfficeAdminFormSchema, {
    id: 'staff',
    lastResult,
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="staff" />
      <SelectField meta={fields.streetOfficeId} label={t('admin.platform.street')} options={streets} />
      <Field meta={fields.username} label={t('admin.platform.username')} required autoComplete="off" />
      <Field meta={fields.displayName} label={t('admin.platform.displayName')} required />
      <Field meta={fields.password} type="password" label={t('admin.platform.password')} required autoComplete="new-password" />
      <button type="submit">{t('admin.platform.submit')}</button>
    </Form>
  );
}
