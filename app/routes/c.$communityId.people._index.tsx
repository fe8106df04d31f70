import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
/** 居民信息: the register of a community — list (phones masked), find, register one person. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { addPerson, listPeople, lockedPasswordHash } from '~/admin.server';
import { tOf, translateParams } from '~/admin-forms.server';
import { hashPassword, requireRole } from '~/auth.server';
import { Input, Section } from '~/components/admin/forms';
import { Field, FormErrors } from '~/components/Field';
import { PersonFields } from '~/components/admin/PersonFields';
import { db } from '~/data.server';
import { addPersonFormFields, addPersonFormSchema } from '../../domain/admin/people';
import { readForm } from '~/forms.server';
import { PEOPLE_ADMINS } from '../../domain/admin/roles';
import { tk } from '../i18n/keys';
import { useZodForm } from '~/components/useZodForm';

export const meta: MetaFunction = () => [{ title: '居民信息 · 民议' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireRole(request, params.communityId, PEOPLE_ADMINS);
  const url = new URL(request.url);
  const status = url.searchParams.get('status') === 'ended' ? 'ended' : 'active';
  const search = (url.searchParams.get('q') ?? '').trim().slice(0, 50);
  return { slug: community.slug, status, search, people: await listPeople(db(), community.id, { status, search }) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, community } = await requireRole(request, params.communityId, PEOPLE_ADMINS);
  const t = await tOf(request);
  const submission = parseWithZod((await readForm(request)).formData, { schema: addPersonFormSchema });
  if (submission.status !== 'success') return data(submission.reply({ hideFields: ['password'] }), { status: 400 });
  const { person, signIn } = submission.value;
  const r = await addPerson(
    db(),
    community.id,
    { ...person, ...(signIn ? { signIn: { username: signIn.username, passwordHash: await hashPassword(signIn.password) } } : {}) },
    { actor: user.id, lockedHash: await lockedPasswordHash() },
  );
  if (!r.ok) return data(submission.reply({ formErrors: [tk(t, r.key, translateParams(t, r.params))], hideFields: ['password'] }), { status: 409 });
  throw redirect(`/c/${community.slug}/people/${r.ids[0]}`);
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function People() {
  const { t } = useTranslation();
  const { slug, status, search, people } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(addPersonFormSchema, {
    id: 'add',
    lastResult,
    constraintSchema: addPersonFormFields,
  });
  const gender = (g: string | null) => (g ? tk(t, `admin.people.${g}`) : t('admin.people.unknown'));
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${slug}`}>← {t('app.home')}</Link>
      </p>
      <h1>{t('admin.people.title')}</h1>
      <p>
        <Link to="import" className="button secondary">
          {t('admin.people.import')}
        </Link>
      </p>
      <nav aria-label={t('admin.people.status')} className="inline">
        <Link to="?status=active">{t('admin.people.active')}</Link> · <Link to="?status=ended">{t('admin.people.ended')}</Link>
      </nav>
      <Form method="get" className="form" role="search">
        <input type="hidden" name="status" value={status} />
        <Input name="q" label={t('admin.people.search')} defaultValue={search} />
        <button type="submit" className="secondary">
          {t('admin.people.searchButton')}
        </button>
      </Form>
      <Section title={status === 'ended' ? t('admin.people.ended') : t('admin.people.active')} id="register">
        <p className="muted">
          {t('admin.people.count', { count: people.length })} · {t('admin.people.phoneHint')}
        </p>
        {people.length === 0 ? <p>{t('admin.people.none')}</p> : null}
        <ul className="people">
          {people.map((p) => (
            <li key={p.id}>
              <Link className="person-name" to={p.id}>
                {p.name}
              </Link>
              <span className="person-role">
                {gender(p.gender)}
                {p.birthYear ? ` · ${p.birthYear}` : ''} · {[p.groupName, p.building, p.unit].filter(Boolean).join(' ')}
              </span>
              <span className="person-phone">
                <span className="visually-hidden">{t('admin.people.phone')}：</span>
                <span>{p.phoneMasked ?? ''}</span>
              </span>
              {p.emailMasked ? (
                <span className="person-email">
                  <span className="visually-hidden">{t('admin.people.email')}：</span>
                  <span>{p.emailMasked}</span>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t('admin.people.add')} id="add">
        <Form method="post" className="form" {...getFormProps(form)}>
          <FormErrors errors={form.errors} />
          <PersonFields fields={fields} withEmail />
          <Field meta={fields.username} label={`${t('admin.people.signIn')}：${t('admin.people.username')}`} autoComplete="off" />
          <Field meta={fields.password} type="password" label={t('admin.people.password')} autoComplete="new-password" />
          <button type="submit">{t('admin.people.add')}</button>
        </Form>
      </Section>
    </div>
  );
}
