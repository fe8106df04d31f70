/** 街道管理: a street office's staff create its communities (name zh/en, web name, households, drill flag). */
import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { communitiesOfStreet, createCommunity, requireStreetOfficeAdmin } from '~/admin.server';
import { invalidReply, outcomeReply, tOf } from '~/admin-forms.server';
import { Done, Section } from '~/components/admin/forms';
import { Field, FormErrors } from '~/components/Field';
import { CheckboxField } from '~/components/FieldKit';
import { db } from '~/data.server';
import { readForm } from '~/forms.server';
import { nameIn } from '~/i18n/names';
import type { loader as rootLoader } from '~/root';
import { communitySchema } from '../../domain/admin/tenancy';
import { useZodForm } from '~/components/useZodForm';

export const meta: MetaFunction = () => [{ title: '街道管理 · 民议' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { street } = await requireStreetOfficeAdmin(request, params.streetOfficeId);
  return { street, communities: await communitiesOfStreet(db(), street.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, street } = await requireStreetOfficeAdmin(request, params.streetOfficeId);
  const t = await tOf(request);
  const submission = parseWithZod((await readForm(request)).formData, { schema: communitySchema });
  if (submission.status !== 'success') return invalidReply('community', submission);
  const r = await createCommunity(db(), { ...submission.value, streetOfficeId: street.id, settings: {}, actor: user.id });
  return outcomeReply(t, 'community', submission, r, () => t('admin.street.created'));
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function StreetOffice() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const { street, communities } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
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
        <Done text={result?.done} />
        <CommunityForm lastResult={result?.reply ?? null} />
      </Section>
    </div>
  );
}

/** A new community: its names, web name, households and whether it is a drill (a refusal keeps what was typed). */
function CommunityForm({ lastResult }: { lastResult: SubmissionResult<string[]> | null }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(communitySchema, {
    id: 'community',
    lastResult,
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <Field meta={fields.slug} label={t('admin.street.slug')} required />
      <Field meta={fields.nameZh} label={t('admin.street.nameZh')} required />
      <Field meta={fields.nameEn} label={t('admin.street.nameEn')} required />
      <Field meta={fields.households} type="number" inputMode="numeric" min={0} label={t('admin.street.households')} />
      <CheckboxField meta={fields.isDrill} label={t('admin.street.isDrill')} />
      <button type="submit">{t('admin.street.submit')}</button>
    </Form>
  );
}
