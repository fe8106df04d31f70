/** One person of the register: edit (phone never shown in full), end (moved away / deceased), sign-in. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { editPerson, endPerson, lockedPasswordHash, personById, roleHistory, setSignIn, todayInShanghai } from '~/admin.server';
import { done, invalid, refused, tOf } from '~/admin-forms.server';
import { hashPassword, requireRole } from '~/auth.server';
import { Checkbox, Input, Reply, Section, Select, type FormReply } from '~/components/admin/forms';
import { PersonFields } from '~/components/admin/PersonFields';
import { db } from '~/data.server';
import { endPersonSchema, personSchema } from '../../domain/admin/people';
import { PEOPLE_ADMINS } from '../../domain/admin/roles';
import { passwordSchema, usernameSchema } from '../../domain/admin/tenancy';
import { tk } from '../i18n/keys';

export const meta: MetaFunction = () => [{ title: '居民信息 · 民议' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireRole(request, params.communityId, PEOPLE_ADMINS);
  const person = await personById(db(), community.id, params.personId ?? '');
  if (!person) throw new Response('Not Found', { status: 404 });
  const roles = (await roleHistory(db(), community.id)).filter((m) => m.personId === person.id);
  return { slug: community.slug, person, roles, today: todayInShanghai() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, community } = await requireRole(request, params.communityId, PEOPLE_ADMINS);
  const t = await tOf(request);
  const form = await request.formData();
  const intent = String(form.get('intent'));
  const personId = params.personId ?? '';
  if (!/^[0-9a-f-]{36}$/.test(personId)) throw new Response('Not Found', { status: 404 });
  if (intent === 'edit') {
    const p = personSchema.safeParse(Object.fromEntries(form));
    if (!p.success) return invalid(t, intent, form, p.error);
    const keepPhone = p.data.phone === null && form.get('clearPhone') !== 'on';
    const r = await editPerson(db(), community.id, personId, p.data, user.id, { keepPhone });
    return r.ok ? done(intent, t('admin.people.saved')) : refused(t, intent, form, r);
  }
  if (intent === 'end') {
    const p = endPersonSchema.safeParse(Object.fromEntries(form));
    if (!p.success) return invalid(t, intent, form, p.error);
    const r = await endPerson(db(), community.id, personId, p.data, { actor: user.id, lockedHash: await lockedPasswordHash() });
    return r.ok
      ? done(intent, t('admin.people.endedNotice', { reason: t(`admin.people.${p.data.reason}`), date: p.data.endedOn, roles: r.endedRoles }))
      : refused(t, intent, form, r);
  }
  if (intent === 'signin') {
    const u = usernameSchema.safeParse(form.get('username') ?? '');
    if (!u.success) return invalid(t, intent, form, u.error);
    const pw = passwordSchema.safeParse(form.get('password') ?? '');
    if (!pw.success) return invalid(t, intent, form, pw.error);
    const r = await setSignIn(db(), community.id, personId, { username: u.data, passwordHash: await hashPassword(pw.data) }, user.id);
    return r.ok ? done(intent, t('admin.people.signInSet')) : refused(t, intent, form, r);
  }
  throw new Response('Bad Request', { status: 400 });
}

export default function Person() {
  const { t } = useTranslation();
  const { slug, person, roles, today } = useLoaderData<typeof loader>();
  const reply = useActionData<FormReply>();
  const active = person.status === 'active';
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${slug}/people`}>{t('admin.people.back')}</Link>
      </p>
      <h1>{person.name}</h1>
      <dl className="facts">
        <div>
          <dt>{t('admin.people.status')}</dt>
          <dd>{active ? t('admin.people.active') : `${t(`admin.people.${person.status}`)} ${person.endedOn ?? ''}`}</dd>
        </div>
        <div>
          <dt>{t('admin.people.phone')}</dt>
          <dd>{person.phoneMasked ?? ''}</dd>
        </div>
        <div>
          <dt>{t('admin.people.signIn')}</dt>
          <dd>{person.hasSignIn ? tk(t, 'admin.people.hasSignIn', { username: person.username }) : t('admin.people.noSignIn')}</dd>
        </div>
      </dl>
      <Section title={t('admin.people.roles')} id="roles">
        <ul className="people">
          {roles.map((m) => (
            <li key={m.id}>
              <span className="person-role">{t(`roles.${m.role}`)}</span>
              <span>{t('admin.roles.term', { start: m.startsOn, end: m.endsOn ?? t('admin.roles.openEnd') })}</span>
            </li>
          ))}
        </ul>
        <p>
          <Link to={`/c/${slug}/roles`}>{t('admin.nav.roles')}</Link>
        </p>
      </Section>
      {active ? (
        <>
          <Section title={t('admin.people.edit')} id="edit">
            <Reply reply={reply} intent="edit" />
            <Form method="post" className="form">
              <input type="hidden" name="intent" value="edit" />
              <PersonFields reply={reply} intent="edit" person={person} phoneMasked={person.phoneMasked} />
              <Checkbox name="clearPhone" label={`${t('admin.people.phone')} ×`} />
              <button type="submit">{t('admin.people.save')}</button>
            </Form>
          </Section>
          <Section title={t('admin.people.signInTitle')} id="signin">
            <Reply reply={reply} intent="signin" />
            <Form method="post" className="form">
              <input type="hidden" name="intent" value="signin" />
              <Input name="username" label={t('admin.people.username')} reply={reply} intent="signin" defaultValue={person.username} autoComplete="off" required />
              <Input name="password" type="password" label={t('admin.people.password')} reply={reply} intent="signin" autoComplete="new-password" required />
              <button type="submit">{t('admin.people.signInSubmit')}</button>
            </Form>
          </Section>
          <Section title={t('admin.people.endTitle')} id="end">
            <Reply reply={reply} intent="end" />
            <Form method="post" className="form">
              <input type="hidden" name="intent" value="end" />
              <Select
                name="reason"
                label={t('admin.people.endReason')}
                reply={reply}
                intent="end"
                options={[
                  { value: 'moved_away', label: t('admin.people.moved_away') },
                  { value: 'deceased', label: t('admin.people.deceased') },
                ]}
              />
              <Input name="endedOn" type="date" label={t('admin.people.endedOn')} reply={reply} intent="end" defaultValue={today} required />
              <Input name="note" label={t('admin.people.note')} reply={reply} intent="end" />
              <button type="submit">{t('admin.people.endSubmit')}</button>
            </Form>
          </Section>
        </>
      ) : (
        <Reply reply={reply} />
      )}
    </div>
  );
}
