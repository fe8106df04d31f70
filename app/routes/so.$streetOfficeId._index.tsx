/** 街道管理: a street office's staff create its communities (name zh/en, web name, households, drill flag). */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { communitiesOfStreet, createCommunity, requireStreetOfficeAdmin } from '~/admin.server';
import { done, invalid, refused, tOf } from '~/admin-forms.server';
import { Checkbox, Input, Reply, Section, type FormReply } from '~/components/admin/forms';
import { db } from '~/data.server';
import { nameIn } from '~/i18n/names';
import type { loader as rootLoader } from '~/root';
import { communitySchema } from '../../domain/admin/tenancy';

export const meta: MetaFunction = () => [{ title: '街道管理 · 民议' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { street } = await requireStreetOfficeAdmin(request, params.streetOfficeId);
  return { street, communities: await communitiesOfStreet(db(), street.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, street } = await requireStreetOfficeAdmin(request, params.streetOfficeId);
  const t = await tOf(request);
  const form = await request.formData();
  const p = communitySchema.safeParse(Object.fromEntries(form));
  if (!p.success) return invalid(t, 'community', form, p.error);
  const r = await createCommunity(db(), { ...p.data, streetOfficeId: street.id, settings: {}, actor: user.id });
  return r.ok ? done('community', t('admin.street.created')) : refused(t, 'community', form, r);
}

export default function StreetOffice() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const { street, communities } = useLoaderData<typeof loader>();
  const reply = useActionData<FormReply>();
  return (
    <div className="stack">
      <h1>
        {t('admin.street.title')}：{nameIn(lang, street)}
      </h1>
      <p><Link to="appraisals">{t('appraisal.street.link')}</Link></p>
      <Section title={t('admin.street.communities')} id="communities">
        {communities.length === 0 ? <p>{t('admin.street.none')}</p> : null}
        <ul className="link-list">
          {communities.map((c) => (
            <li key={c.id}>
              <Link to={`/c/${c.slug}`}>
                {nameIn(lang, c)} · {t('admin.street.people', { count: c.people })}
              </Link>
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t('admin.street.create')} id="new-community">
        <Reply reply={reply} intent="community" />
        <Form method="post" className="form">
          <Input name="slug" label={t('admin.street.slug')} reply={reply} intent="community" required />
          <Input name="nameZh" label={t('admin.street.nameZh')} reply={reply} intent="community" required />
          <Input name="nameEn" label={t('admin.street.nameEn')} reply={reply} intent="community" required />
          <Input name="households" type="number" inputMode="numeric" min={0} label={t('admin.street.households')} reply={reply} intent="community" />
          <Checkbox name="isDrill" label={t('admin.street.isDrill')} />
          <button type="submit">{t('admin.street.submit')}</button>
        </Form>
      </Section>
    </div>
  );
}
