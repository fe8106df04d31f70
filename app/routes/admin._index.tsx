/** 平台管理: the operator creates street offices and their staff accounts. No community content here. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createStreetOffice, createStreetOfficeAdmin, listStreetOffices, requirePlatformAdmin } from '~/admin.server';
import { done, invalid, refused, tOf } from '~/admin-forms.server';
import { hashPassword } from '~/auth.server';
import { Input, Reply, Section, Select, type FormReply } from '~/components/admin/forms';
import { db } from '~/data.server';
import { nameIn } from '~/i18n/names';
import type { loader as rootLoader } from '~/root';
import { accountSchema, streetOfficeSchema } from '../../domain/admin/tenancy';

export const meta: MetaFunction = () => [{ title: '平台管理 · 民议' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request);
  return { streets: await listStreetOffices(db()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const t = await tOf(request);
  const form = await request.formData();
  const intent = String(form.get('intent'));
  if (intent === 'street') {
    const p = streetOfficeSchema.safeParse(Object.fromEntries(form));
    if (!p.success) return invalid(t, intent, form, p.error);
    const r = await createStreetOffice(db(), { ...p.data, actor: user.id });
    return r.ok ? done(intent, t('admin.street.created')) : refused(t, intent, form, r);
  }
  if (intent === 'staff') {
    const p = accountSchema.safeParse(Object.fromEntries(form));
    if (!p.success) return invalid(t, intent, form, p.error);
    const streetId = String(form.get('streetOfficeId') ?? '');
    const street = (await listStreetOffices(db())).find((s) => s.id === streetId);
    if (!street) return refused(t, intent, form, { key: 'admin.errors.streetOfficeNotFound' });
    const r = await createStreetOfficeAdmin(db(), { username: p.data.username, displayName: p.data.displayName, passwordHash: await hashPassword(p.data.password), streetOfficeId: street.id, actor: user.id });
    return r.ok ? done(intent, t('admin.street.created')) : refused(t, intent, form, r);
  }
  throw new Response('Bad Request', { status: 400 });
}

export default function PlatformAdmin() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const { streets } = useLoaderData<typeof loader>();
  const reply = useActionData<FormReply>();
  // After a success the forms start empty again (the typed password must not stay on the screen).
  const [resets, setResets] = useState(0);
  useEffect(() => {
    if (reply?.ok) setResets((n) => n + 1);
  }, [reply]);
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
        <Reply reply={reply} intent="street" />
        <Form method="post" className="form" key={`street-${resets}`}>
          <input type="hidden" name="intent" value="street" />
          <Input name="slug" label={t('admin.street.slug')} reply={reply} intent="street" required />
          <Input name="nameZh" label={t('admin.street.nameZh')} reply={reply} intent="street" required />
          <Input name="nameEn" label={t('admin.street.nameEn')} reply={reply} intent="street" required />
          <button type="submit">{t('admin.platform.submit')}</button>
        </Form>
      </Section>
      {streets.length ? (
        <Section title={t('admin.platform.createAdmin')} id="new-staff">
          <Reply reply={reply} intent="staff" />
          <Form method="post" className="form" key={`staff-${resets}`}>
            <input type="hidden" name="intent" value="staff" />
            <Select name="streetOfficeId" label={t('admin.platform.street')} reply={reply} intent="staff" options={streets.map((s) => ({ value: s.id, label: nameIn(lang, s) }))} />
            <Input name="username" label={t('admin.platform.username')} reply={reply} intent="staff" required autoComplete="off" />
            <Input name="displayName" label={t('admin.platform.displayName')} reply={reply} intent="staff" required />
            <Input name="password" type="password" label={t('admin.platform.password')} reply={reply} intent="staff" required autoComplete="new-password" />
            <button type="submit">{t('admin.platform.submit')}</button>
          </Form>
        </Section>
      ) : null}
      <p>
        <Link to="/">← {t('app.home')}</Link>
      </p>
    </div>
  );
}
