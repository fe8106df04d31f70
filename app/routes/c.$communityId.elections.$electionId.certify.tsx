/** 选举结果确认: the street office certifies a published result; the committee is handed over, or a by-election's winners join it (§4.8). */
import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { certifiableResult, certificationOf, certifyElection, lockedPasswordHash, todayInShanghai } from '~/admin.server';
import { tOf } from '~/admin-forms.server';
import { requireRole } from '~/auth.server';
import { Section } from '~/components/admin/forms';
import { Field, FormErrors } from '~/components/Field';
import { db } from '~/data.server';
import { idParam, readForm } from '~/forms.server';
import { certifyFormSchema } from '../../domain/election/forms';
import { tk } from '../i18n/keys';
import { useZodForm } from '~/components/useZodForm';

export const meta: MetaFunction = () => [{ title: '确认选举结果 · 民议' }];

const CERTIFIERS = ['street_office_admin'] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireRole(request, params.communityId, CERTIFIERS);
  const electionId = idParam(params.electionId);
  const t = await tOf(request);
  const [result, cert] = await Promise.all([certifiableResult(db(), community.id, electionId), certificationOf(db(), electionId)]);
  if (!result.ok && result.key === 'admin.errors.electionNotFound') throw new Response('Not Found', { status: 404 });
  return {
    slug: community.slug,
    electionId,
    today: todayInShanghai(),
    blocked: result.ok ? null : tk(t, result.key),
    winners: result.ok ? result.winners : [],
    byElection: result.ok && result.byElection ? { termEndsOn: result.byElection.termEndsOn } : null,
    certified: cert ? { ...cert, certifiedAt: cert.certifiedAt.toISOString() } : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, community } = await requireRole(request, params.communityId, CERTIFIERS);
  const electionId = idParam(params.electionId);
  const submission = parseWithZod((await readForm(request)).formData, { schema: certifyFormSchema });
  if (submission.status !== 'success') return data({ ...submission.reply(), done: null }, { status: 400 });
  const t = await tOf(request);
  const { termStartsOn, note } = submission.value;
  const r = await certifyElection(db(), { communityId: community.id, electionId, termStartsOn, note: note || null, actor: user.id, lockedHash: await lockedPasswordHash() });
  if (!r.ok) return data({ ...submission.reply({ formErrors: [tk(t, r.key, r.params)] }), done: null }, { status: 409 });
  const done = r.termEndsOn
    ? t('admin.certify.byElectionDone', { count: r.members, date: termStartsOn, termEndsOn: r.termEndsOn })
    : t('admin.certify.done', { count: r.members, date: termStartsOn, ended: r.ended });
  return { ...submission.reply({ resetForm: true }), done };
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function Certify() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const [form, fields] = useZodForm(certifyFormSchema, {
    lastResult: reply,
    defaultValue: { termStartsOn: d.today },
  });
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${d.slug}/elections/${d.electionId}`}>← {t('community.elections')}</Link>
      </p>
      <h1>{t('admin.certify.title')}</h1>
      <p className="muted">{d.byElection ? t('admin.certify.byElectionIntro', { termEndsOn: d.byElection.termEndsOn }) : t('admin.certify.intro')}</p>
      {reply?.done ? <p role="status">{reply.done}</p> : null}
      <Section title={t('admin.certify.winners')} id="winners">
        <ul className="people">
          {d.winners.map((w) => (
            <li key={w.personId}>
              <span className="person-name">{w.name ?? w.personId}</span>
              <span className="person-role">{t(`admin.roles.offices.${w.office === 'deputy' ? 'deputy_director' : w.office}`)}</span>
              <span className="num">{w.votes}</span>
            </li>
          ))}
        </ul>
      </Section>
      {d.certified ? (
        <p role={reply?.done ? undefined : 'status'}>{t('admin.certify.certified', { at: new Date(d.certified.certifiedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) })}</p>
      ) : d.blocked ? (
        <p className="form-error">{d.blocked}</p>
      ) : (
        <Form method="post" className="form" {...getFormProps(form)}>
          <FormErrors errors={form.errors} />
          <Field meta={fields.termStartsOn} type="date" label={t(d.byElection ? 'admin.certify.termStartsOnByElection' : 'admin.certify.termStartsOn')} />
          <Field meta={fields.note} label={t('admin.certify.note')} />
          <button type="submit" disabled={busy}>
            {t(d.byElection ? 'admin.certify.byElectionSubmit' : 'admin.certify.submit')}
          </button>
        </Form>
      )}
    </div>
  );
}
