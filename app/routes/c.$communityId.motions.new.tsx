import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENTS_FIELD, storeAttachments } from '~/attachments.server';
import { requireRole } from '~/auth.server';
import { FormErrors } from '~/components/Field';
import { readForm } from '~/forms.server';
import { DraftFields } from '~/components/motion/DraftFields';
import { catalogueItemsFor } from '~/consultations.server';
import { createMotion } from '~/motions.server';
import { tOf } from '~/lang.server';
import { draftMotionSchema } from '../../domain/motion/schemas';
import { tk } from '../i18n/keys';
import { useZodForm } from '~/components/useZodForm';

export const meta: MetaFunction = () => [{ title: '提出新议题 · 民议' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireRole(request, params.communityId, ['party_secretary']);
  return {
    community: { slug: community.slug },
    idempotencyKey: crypto.randomUUID(),
    catalogueItems: await catalogueItemsFor(community.id),
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
  const { community, idempotencyKey, catalogueItems } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const [form, fields] = useZodForm(draftMotionSchema, {
    lastResult,
  });
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${community.slug}/motions`}>← {t('motionUi.listTitle')}</Link>
      </p>
      <h1>{t('motionUi.newMotion')}</h1>
      <Form method="post" encType="multipart/form-data" className="form" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <DraftFields fields={fields as never} defaults={(lastResult?.initialValue as never) ?? {}} catalogueItems={catalogueItems} />
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
