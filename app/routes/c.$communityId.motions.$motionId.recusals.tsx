/**
 * 登记回避 — the director (or a committee member) records who stands aside from a motion's online vote
 * for a conflict of interest (DOMAIN.md §8 #12): they are not offered the item, a vote they cast is not
 * counted, and they leave its denominator. Recorded by guarded SQL (`recordOnlineRecusals`, decision
 * 060), refused once the vote is counted; a recusal cannot be undone.
 */
import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { tOf } from '~/admin-forms.server';
import { requireRole } from '~/auth.server';
import { FormErrors } from '~/components/Field';
import { CheckboxGroupField } from '~/components/FieldKit';
import { useZodForm } from '~/components/useZodForm';
import { readForm } from '~/forms.server';
import { onlineVoteRoster, recordOnlineRecusals } from '~/motions.server';
import { recusalFormSchema } from '../../domain/motion/forms';
import { tk } from '../i18n/keys';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · 民议` : '民议' }];

async function load(request: Request, params: LoaderFunctionArgs['params']) {
  const { user, community, roles } = await requireRole(request, params.communityId, ['committee_member']);
  const caller = { userId: user.id, displayName: user.displayName, roles, communityId: community.id };
  const found = await onlineVoteRoster(caller, params.motionId ?? '');
  if (!found) throw new Response('Not Found', { status: 404 });
  return { caller, community, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community, found } = await load(request, params);
  return { slug: community.slug, motionId: params.motionId!, title: found.title, vote: found.vote };
}

type ActionResult = { reply: SubmissionResult<string[]>; done?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { caller, found } = await load(request, params);
  const t = await tOf(request);
  const { formData } = await readForm(request);
  const submission = parseWithZod(formData, { schema: recusalFormSchema });
  if (submission.status !== 'success') return data<ActionResult>({ reply: submission.reply() }, { status: 400 });
  // The vote is the one open now, read on the server: a stale page cannot name an earlier one.
  const r = await recordOnlineRecusals(caller, params.motionId!, { meetingId: found.vote.meetingId, personIds: submission.value.personIds });
  if (!r.ok) return data<ActionResult>({ reply: submission.reply({ formErrors: [tk(t, r.key, r.params)] }) }, { status: 409 });
  const names = found.vote.people.filter((p) => submission.value.personIds.includes(p.personId)).map((p) => p.name);
  return data<ActionResult>({ reply: submission.reply({ resetForm: true }), done: t('motionUi.recusal.saved', { names: names.join('、') }) });
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function Recusals() {
  const { t } = useTranslation();
  const { slug, motionId, title, vote } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [form, fields] = useZodForm(recusalFormSchema, { id: 'recusals', lastResult: result?.reply });
  const recused = vote.people.filter((p) => p.recused);
  const open = vote.people.filter((p) => !p.recused);
  const label = (p: (typeof open)[number]) => (p.voted ? `${p.name}（${t('motionUi.recusal.voted')}）` : p.name);
  return (
    <article className="stack">
      <p>
        <Link to={`/c/${slug}/motions/${motionId}`}>← {title}</Link>
      </p>
      <h1>{t('motionUi.recusal.title', { title })}</h1>
      <p>{t('motionUi.recusal.intro')}</p>
      {result?.done ? (
        <p className="notice" role="status">
          {result.done}
        </p>
      ) : null}
      {recused.length ? (
        <p>
          <strong>{t('motionUi.recusal.recused')}：</strong>
          {recused.map((p) => p.name).join('、')}
        </p>
      ) : null}
      {vote.sealed ? (
        <p className="notice">{t('motionUi.recusal.sealed')}</p>
      ) : open.length ? (
        <Form method="post" className="form card" {...getFormProps(form)}>
          <FormErrors errors={form.errors} />
          <CheckboxGroupField meta={fields.personIds} legend={t('motionUi.recusal.legend')} options={open.map((p) => ({ value: p.personId, label: label(p) }))} />
          <button type="submit">{t('motionUi.recusal.submit')}</button>
        </Form>
      ) : null}
    </article>
  );
}
