/** 选举结果确认: the street office certifies a published result; the committee is handed over (§4.8). */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { certifiableResult, certificationOf, certifyElection, lockedPasswordHash, todayInShanghai } from '~/admin.server';
import { done, refused, tOf } from '~/admin-forms.server';
import { requireRole } from '~/auth.server';
import { Input, Reply, Section, type FormReply } from '~/components/admin/forms';
import { db } from '~/data.server';
import { tk } from '../i18n/keys';

export const meta: MetaFunction = () => [{ title: '确认选举结果 · 民议' }];

const CERTIFIERS = ['street_office_admin'] as const;
const uuid = (v: string | undefined) => (v && /^[0-9a-f-]{36}$/i.test(v) ? v : null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireRole(request, params.communityId, CERTIFIERS);
  const electionId = uuid(params.electionId);
  if (!electionId) throw new Response('Not Found', { status: 404 });
  const t = await tOf(request);
  const [result, cert] = await Promise.all([certifiableResult(db(), community.id, electionId), certificationOf(db(), electionId)]);
  if (!result.ok && result.key === 'admin.errors.electionNotFound') throw new Response('Not Found', { status: 404 });
  return {
    slug: community.slug,
    electionId,
    today: todayInShanghai(),
    blocked: result.ok ? null : tk(t, result.key),
    winners: result.ok ? result.winners : [],
    certified: cert ? { ...cert, certifiedAt: cert.certifiedAt.toISOString() } : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, community } = await requireRole(request, params.communityId, CERTIFIERS);
  const electionId = uuid(params.electionId);
  if (!electionId) throw new Response('Not Found', { status: 404 });
  const t = await tOf(request);
  const form = await request.formData();
  const termStartsOn = String(form.get('termStartsOn') ?? '');
  const note = String(form.get('note') ?? '').trim().slice(0, 500) || null;
  const r = await certifyElection(db(), { communityId: community.id, electionId, termStartsOn, note, actor: user.id, lockedHash: await lockedPasswordHash() });
  return r.ok ? done('certify', t('admin.certify.done', { count: r.members, date: termStartsOn, ended: r.ended })) : refused(t, 'certify', form, r);
}

export default function Certify() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<FormReply>();
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${d.slug}/elections/${d.electionId}`}>← {t('community.elections')}</Link>
      </p>
      <h1>{t('admin.certify.title')}</h1>
      <p className="muted">{t('admin.certify.intro')}</p>
      <Reply reply={reply} intent="certify" />
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
        <p role="status">{t('admin.certify.certified', { at: new Date(d.certified.certifiedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) })}</p>
      ) : d.blocked ? (
        <p className="form-error">{d.blocked}</p>
      ) : (
        <Form method="post" className="form">
          <Input name="termStartsOn" type="date" label={t('admin.certify.termStartsOn')} defaultValue={d.today} required />
          <Input name="note" label={t('admin.certify.note')} />
          <button type="submit">{t('admin.certify.submit')}</button>
        </Form>
      )}
    </div>
  );
}
