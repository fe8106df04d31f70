import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
/** One person of the register: edit (phone never shown in full), end (moved away / deceased), sign-in. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { editPerson, endPerson, lockedPasswordHash, personById, roleHistory, setSignIn, todayInShanghai } from '~/admin.server';
import { tOf, translateParams } from '~/admin-forms.server';
import { hashPassword, requireRole } from '~/auth.server';
import { Section } from '~/components/admin/forms';
import { Field, FormErrors } from '~/components/Field';
import { CheckboxField, SelectField } from '~/components/FieldKit';
import { idParam, readForm } from '~/forms.server';
import { PersonFields } from '~/components/admin/PersonFields';
import { db } from '~/data.server';
import { endPersonSchema, personSchema } from '../../domain/admin/people';
import { PEOPLE_ADMINS } from '../../domain/admin/roles';
import { passwordSchema, usernameSchema } from '../../domain/admin/tenancy';
import { tk } from '../i18n/keys';
import { useZodForm } from '~/components/useZodForm';

export const meta: MetaFunction = () => [{ title: '居民信息 · 民议' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireRole(request, params.communityId, PEOPLE_ADMINS);
  const person = await personById(db(), community.id, idParam(params.personId));
  if (!person) throw new Response('Not Found', { status: 404 });
  const roles = (await roleHistory(db(), community.id)).filter((m) => m.personId === person.id);
  return { slug: community.slug, person, roles, today: todayInShanghai() };
}

const editSchema = personSchema.extend({ clearPhone: z.boolean().default(false) });
const signInSchema = z.object({ username: usernameSchema, password: passwordSchema });
type Reply = SubmissionResult<string[]>;
type ActionResult = { intent: string; reply: Reply; done?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, community } = await requireRole(request, params.communityId, PEOPLE_ADMINS);
  const personId = idParam(params.personId);
  const t = await tOf(request);
  const { formData: form } = await readForm(request);
  const intent = String(form.get('intent'));
  const answer = (submission: { reply: (o?: object) => Reply }, r: { ok: true } | { ok: false; key: string; params?: Record<string, string | number> }, done: () => string) =>
    r.ok
      ? data<ActionResult>({ intent, reply: submission.reply({ resetForm: true }), done: done() })
      : data<ActionResult>({ intent, reply: submission.reply({ formErrors: [tk(t, r.key, translateParams(t, r.params))], hideFields: ['password'] }) }, { status: 409 });
  if (intent === 'edit') {
    const submission = parseWithZod(form, { schema: editSchema });
    if (submission.status !== 'success') return data<ActionResult>({ intent, reply: submission.reply() }, { status: 400 });
    const { clearPhone, ...p } = submission.value;
    const r = await editPerson(db(), community.id, personId, p, user.id, { keepPhone: p.phone === null && !clearPhone });
    return answer(submission, r, () => t('admin.people.saved'));
  }
  if (intent === 'end') {
    const submission = parseWithZod(form, { schema: endPersonSchema });
    if (submission.status !== 'success') return data<ActionResult>({ intent, reply: submission.reply() }, { status: 400 });
    const e = submission.value;
    const r = await endPerson(db(), community.id, personId, e, { actor: user.id, lockedHash: await lockedPasswordHash() });
    return answer(submission, r, () => t('admin.people.endedNotice', { reason: t(`admin.people.${e.reason}`), date: e.endedOn, roles: r.ok ? r.endedRoles : 0 }));
  }
  if (intent === 'signin') {
    const submission = parseWithZod(form, { schema: signInSchema });
    if (submission.status !== 'success') return data<ActionResult>({ intent, reply: submission.reply({ hideFields: ['password'] }) }, { status: 400 });
    const r = await setSignIn(db(), community.id, personId, { username: submission.value.username, passwordHash: await hashPassword(submission.value.password) }, user.id);
    return answer(submission, r, () => t('admin.people.signInSet'));
  }
  throw new Response('Bad Request', { status: 400 });
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function Person() {
  const { t } = useTranslation();
  const { slug, person, roles, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const replyOf = (intent: string) => (result?.intent === intent ? result.reply : null);
  const doneOf = (intent: string) => (result?.intent === intent && result.done ? <Done text={result.done} /> : null);
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
            {doneOf('edit')}
            <EditForm person={person} lastResult={replyOf('edit')} />
          </Section>
          <Section title={t('admin.people.signInTitle')} id="signin">
            {doneOf('signin')}
            <SignInForm username={person.username} lastResult={replyOf('signin')} />
          </Section>
          <Section title={t('admin.people.endTitle')} id="end">
            {doneOf('end')}
            <EndForm today={today} lastResult={replyOf('end')} />
          </Section>
        </>
      ) : (
        doneOf('end')
      )}
    </div>
  );
}

function Done({ text }: { text: string }) {
  return (
    <p role="status" className="card">
      ✓ {text}
    </p>
  );
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['person'];

function EditForm({ person, lastResult }: { person: Row; lastResult: Reply | null }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(editSchema, {
    id: 'edit',
    lastResult,
    defaultValue: { name: person.name, gender: person.gender ?? '', birthYear: person.birthYear ?? '', groupName: person.groupName ?? '', building: person.building ?? '', unit: person.unit ?? '' },
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="edit" />
      <PersonFields fields={fields} phoneMasked={person.phoneMasked} />
      <CheckboxField meta={fields.clearPhone} label={`${t('admin.people.phone')} ×`} />
      <button type="submit">{t('admin.people.save')}</button>
    </Form>
  );
}

function SignInForm({ username, lastResult }: { username: string | null; lastResult: Reply | null }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(signInSchema, {
    id: 'signin',
    lastResult,
    defaultValue: { username: username ?? '' },
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="signin" />
      <Field meta={fields.username} label={t('admin.people.username')} autoComplete="off" />
      <Field meta={fields.password} type="password" label={t('admin.people.password')} autoComplete="new-password" />
      <button type="submit">{t('admin.people.signInSubmit')}</button>
    </Form>
  );
}

function EndForm({ today, lastResult }: { today: string; lastResult: Reply | null }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(endPersonSchema, {
    id: 'end',
    lastResult,
    defaultValue: { reason: 'moved_away', endedOn: today },
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="end" />
      <SelectField
        meta={fields.reason}
        label={t('admin.people.endReason')}
        options={[
          { value: 'moved_away', label: t('admin.people.moved_away') },
          { value: 'deceased', label: t('admin.people.deceased') },
        ]}
      />
      <Field meta={fields.endedOn} type="date" label={t('admin.people.endedOn')} />
      <Field meta={fields.note} label={t('admin.people.note')} />
      <button type="submit">{t('admin.people.endSubmit')}</button>
    </Form>
  );
}
