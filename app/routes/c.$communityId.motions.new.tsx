import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENTS_FIELD, storeAttachments } from '~/attachments.server';
import { requireRole } from '~/auth.server';
import { FormErrors } from '~/components/Field';
import { TextAreaField } from '~/components/FieldKit';
import { readForm } from '~/forms.server';
import { DraftFields } from '~/components/motion/DraftFields';
import { catalogueItemsFor } from '~/consultations.server';
import { createMotion, motionDetail, type Caller } from '~/motions.server';
import { tOf } from '~/lang.server';
import { LIMITS, draftMotionSchema } from '../../domain/motion/schemas';
import { newMotionBasis } from '../../domain/motion/snapshot';
import { tk } from '../i18n/keys';
import { useZodForm } from '~/components/useZodForm';

export const meta: MetaFunction = () => [{ title: '提出新议题 · 民议' }];

/** `?amends=<id>` or `?supersedes=<id>`: the earlier motion, its text as the form's defaults; 404 when it cannot be the basis. */
async function basisOf(url: URL, caller: Caller) {
  const amends = url.searchParams.get('amends');
  const supersedes = url.searchParams.get('supersedes');
  const id = amends ?? supersedes;
  if (!id) return null;
  const kind = amends ? ('amends' as const) : ('supersedes' as const);
  const detail = await motionDetail(caller.communityId, id, caller);
  if (!detail || newMotionBasis({ state: detail.motion.state, paused: detail.snapshot.paused }) !== kind) throw new Response('Not Found', { status: 404 });
  const m = detail.motion;
  return {
    kind,
    id: m.id,
    number: m.number,
    title: m.title,
    state: m.state,
    defaults: {
      title: m.title, category: m.category, majorReasons: m.majorReasons, background: m.background, proposalText: m.proposalText,
      estimatedCostYuan: m.estimatedCostYuan, fundingSource: m.fundingSource ?? '', scope: m.scope, scopeDetail: m.scopeDetail ?? '',
      catalogueItemId: m.catalogueItemId ?? '', consultOptIn: m.consultOptIn, resolutionBody: m.resolutionBody,
    },
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community, roles } = await requireRole(request, params.communityId, ['party_secretary']);
  const caller = { userId: user.id, displayName: user.displayName, roles, communityId: community.id };
  return {
    community: { slug: community.slug },
    idempotencyKey: crypto.randomUUID(),
    catalogueItems: await catalogueItemsFor(community.id),
    basis: await basisOf(new URL(request.url), caller),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, community, roles } = await requireRole(request, params.communityId, ['party_secretary']);
  const t = await tOf(request);
  const { formData, files, fileError } = await readForm(request, { files: ATTACHMENTS_FIELD });
  const submission = parseWithZod(formData, { schema: draftMotionSchema });
  if (submission.status !== 'success' || fileError) {
    return data(submission.reply(fileError ? { formErrors: [tk(t, fileError)] } : undefined), { status: 400 });
  }
  const result = await createMotion(
    { userId: user.id, displayName: user.displayName, roles, communityId: community.id },
    submission.value,
  );
  if (!result.ok) return data(submission.reply({ formErrors: [tk(t, result.key, result.params)] }), { status: 409 });
  await storeAttachments(files, {
    communityId: community.id,
    uploadedBy: user.id,
    subjectType: 'motion',
    subjectId: result.motionId,
  });
  throw redirect(`/c/${community.slug}/motions/${result.motionId}`);
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function NewMotion() {
  const { t } = useTranslation();
  const { community, idempotencyKey, catalogueItems, basis } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const [form, fields] = useZodForm(draftMotionSchema, { lastResult });
  const basisField = basis ? (basis.kind === 'amends' ? 'amendsMotionId' : 'supersedesMotionId') : null;
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${community.slug}/motions`}>← {t('motionUi.listTitle')}</Link>
      </p>
      <h1>{t('motionUi.newMotion')}</h1>
      <Form method="post" encType="multipart/form-data" className="form" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        {basis && basisField ? (
          <>
            <p className="notice">{t(`motionUi.basis.${basis.kind}`, { number: basis.number, title: basis.title, state: t(`motion.state.${basis.state}`) })}</p>
            <input type="hidden" name={basisField} value={basis.id} />
          </>
        ) : null}
        <DraftFields fields={fields as never} defaults={(lastResult?.initialValue as never) ?? basis?.defaults ?? {}} catalogueItems={catalogueItems} />
        {basis ? (
          <TextAreaField meta={fields.changeNote} label={t('motionUi.basis.changeNote')} maxLength={LIMITS.text} required />
        ) : null}
        <div>
          <label htmlFor="f-attachments">{t('attachments.label')}</label>
          <input id="f-attachments" name="attachments" type="file" multiple accept=".pdf,.jpg,.jpeg,.png,.webp,.docx,.xlsx" />
        </div>
        <button type="submit" disabled={busy}>
          {t('motionUi.submit')}
        </button>
      </Form>
    </div>
  );
}
