import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import consultationStyles from '~/components/consultation/consultation.css';
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/auth.server';
import { FormErrors } from '~/components/Field';
import {
  GUARDS,
  callerOf,
  catalogueItemById,
  catalogueItemsFor,
  motionSummary,
  startConsultation,
  startConsultationForMotion,
} from '~/consultations.server';
import { proposeTopicFormSchema } from '../../domain/consultation';
import { useZodForm } from '~/components/useZodForm';
import { readForm } from '~/forms.server';
import { tOf } from '~/lang.server';
import { tk } from '../i18n/keys';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: consultationStyles }];

export const meta: MetaFunction = () => [{ title: '提出协商议题 · 民议' }];

const schema = proposeTopicFormSchema;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requireRole(request, params.communityId, GUARDS.startConsultation);
  const motionId = new URL(request.url).searchParams.get('motion');
  const motion = motionId ? await motionSummary(auth.community.id, motionId) : null;
  if (motionId && !motion) throw new Response('Not Found', { status: 404 });
  const motionItem = motion?.catalogueItemId ? await catalogueItemById(motion.catalogueItemId) : null;
  return {
    community: { slug: auth.community.slug },
    consultationId: crypto.randomUUID(),
    items: await catalogueItemsFor(auth.community.id),
    motion,
    motionItem: motionItem ? { code: motionItem.code, title: motionItem.title } : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const auth = await requireRole(request, params.communityId, GUARDS.startConsultation);
  const submission = parseWithZod((await readForm(request)).formData, { schema });
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 });
  const v = submission.value;
  const caller = callerOf(auth);
  const input = { consultationId: v.consultationId, title: v.title, description: v.description, origin: v.origin };
  const r = v.motionId
    ? await startConsultationForMotion(caller, v.motionId, input)
    : await startConsultation(caller, { ...input, catalogueItemId: v.catalogueItemId || null });
  if (!r.ok) return data(submission.reply({ formErrors: [tk(await tOf(request), r.key, r.params ?? {})] }), { status: 400 });
  throw redirect(`/c/${params.communityId}/consultations/${r.id}`);
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function NewConsultation() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const [form, fields] = useZodForm(schema, { lastResult });
  const fieldError = (errs: string[] | undefined, id: string) =>
    errs?.length ? (
      <p className="field-error" id={id}>
        {tk(t, errs[0]!)}
      </p>
    ) : null;
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${d.community.slug}/consultations`}>{t('consultation.ui.nav.back')}</Link>
      </p>
      <h1>{t('consultation.ui.new.title')}</h1>
      {d.motion ? <p className="notice">{t('consultation.ui.new.forMotion', { title: d.motion.title, number: d.motion.number })}</p> : null}
      <Form method="post" className="form card" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <input type="hidden" name="consultationId" value={d.consultationId} />
        {d.motion ? <input type="hidden" name="motionId" value={d.motion.id} /> : null}
        <div>
          <label htmlFor={fields.title.id}>{t('consultation.ui.new.topic')}</label>
          <input id={fields.title.id} name={fields.title.name} type="text" maxLength={80} defaultValue={d.motion?.title ?? ''} aria-describedby={fields.title.errors ? fields.title.errorId : undefined} />
          {fieldError(fields.title.errors, fields.title.errorId)}
        </div>
        <div>
          <label htmlFor={fields.description.id}>{t('consultation.ui.new.description')}</label>
          <textarea id={fields.description.id} name={fields.description.name} maxLength={4000} rows={6} aria-describedby={fields.description.errors ? fields.description.errorId : undefined} />
          {fieldError(fields.description.errors, fields.description.errorId)}
        </div>
        <div>
          <label htmlFor={fields.origin.id}>{t('consultation.ui.new.origin')}</label>
          <select id={fields.origin.id} name={fields.origin.name} defaultValue={d.motion ? 'party_organization' : 'committee'}>
            {(['party_organization', 'committee', 'petition'] as const).map((o) => (
              <option key={o} value={o}>
                {t(`consultation.origin.${o}`)}
              </option>
            ))}
          </select>
        </div>
        {d.motion ? (
          <p>{d.motionItem ? t('consultation.ui.new.itemLocked', d.motionItem) : t('consultation.ui.detail.noItem')}</p>
        ) : (
          <div>
            <label htmlFor="catalogueItemId">{t('consultation.ui.new.item')}</label>
            <select id="catalogueItemId" name="catalogueItemId" defaultValue="">
              <option value="">{t('consultation.ui.new.noItem')}</option>
              {d.items.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.code} {i.title}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" disabled={busy}>
          {t('consultation.ui.new.submit')}
        </button>
      </Form>
    </div>
  );
}
