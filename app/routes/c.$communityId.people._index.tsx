/** 居民信息: the register of a community — list (phones masked), find, register one person. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { addPerson, listPeople, lockedPasswordHash } from '~/admin.server';
import { invalid, refused, tOf } from '~/admin-forms.server';
import { hashPassword, requireRole } from '~/auth.server';
import { Input, Reply, Section, type FormReply } from '~/components/admin/forms';
import { PersonFields } from '~/components/admin/PersonFields';
import { db } from '~/data.server';
import { personSchema } from '../../domain/admin/people';
import { PEOPLE_ADMINS } from '../../domain/admin/roles';
import { passwordSchema, usernameSchema } from '../../domain/admin/tenancy';
import { tk } from '../i18n/keys';

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
  const form = await request.formData();
  const p = personSchema.safeParse(Object.fromEntries(form));
  if (!p.success) return invalid(t, 'add', form, p.error);
  let signIn;
  const username = String(form.get('username') ?? '').trim();
  if (username) {
    const u = usernameSchema.safeParse(username);
    const pw = passwordSchema.safeParse(form.get('password') ?? '');
    if (!u.success) return invalid(t, 'add', form, u.error);
    if (!pw.success) return invalid(t, 'add', form, pw.error);
    signIn = { username: u.data, passwordHash: await hashPassword(pw.data) };
  }
  const r = await addPerson(db(), community.id, { ...p.data, ...(signIn ? { signIn } : {}) }, { actor: user.id, lockedHash: await lockedPasswordHash() });
  if (!r.ok) return refused(t, 'add', form, r);
  throw redirect(`/c/${community.slug}/people/${r.ids[0]}`);
}

export default function People() {
  const { t } = useTranslation();
  const { slug, status, search, people } = useLoaderData<typeof loader>();
  const reply = useActionData<FormReply>();
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
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t('admin.people.add')} id="add">
        <Reply reply={reply} intent="add" />
        <Form method="post" className="form">
          <PersonFields reply={reply} intent="add" />
          <Input name="username" label={`${t('admin.people.signIn')}：${t('admin.people.username')}`} reply={reply} intent="add" autoComplete="off" />
          <Input name="password" type="password" label={t('admin.people.password')} reply={reply} intent="add" autoComplete="new-password" />
          <button type="submit">{t('admin.people.add')}</button>
        </Form>
      </Section>
    </div>
  );
}
