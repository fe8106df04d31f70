/**
 * 社区设置: periods, thresholds, online voting (street office, with its approval) and the day length
 * (drill communities only), each checked against its statutory floor; every change is a version.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { communitySettings, saveSettings, settingsVersions } from '~/admin.server';
import { done, formValues, refused, tOf, translateParams } from '~/admin-forms.server';
import { requireRole } from '~/auth.server';
import { Checkbox, Input, Reply, Section, type FormReply } from '~/components/admin/forms';
import { db } from '~/data.server';
import { NUMBER_SETTINGS, ONLINE_VOTING_APPROVERS, SETTINGS_EDITORS, applySettings, settingsValuesOf } from '../../domain/admin/settings';
import { hasAnyRole } from '../../domain/roles';
import { tk } from '../i18n/keys';

export const meta: MetaFunction = () => [{ title: '社区设置 · 民议' }];

const READERS = [...SETTINGS_EDITORS, 'supervisor'] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community, roles } = await requireRole(request, params.communityId, READERS);
  const s = await communitySettings(db(), community.id);
  return {
    slug: community.slug,
    mayEdit: hasAnyRole(roles, SETTINGS_EDITORS),
    mayApproveOnline: hasAnyRole(roles, ONLINE_VOTING_APPROVERS),
    isDrill: s.isDrill,
    version: s.version,
    values: settingsValuesOf(s.settings),
    versions: (await settingsVersions(db(), community.id)).map((v) => ({ ...v, changedAt: v.changedAt.toISOString() })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, community, roles } = await requireRole(request, params.communityId, SETTINGS_EDITORS);
  const t = await tOf(request);
  const form = await request.formData();
  const reason = String(form.get('reason') ?? '').trim();
  const approvalRef = String(form.get('approvalRef') ?? '').trim().slice(0, 200) || null;
  if (!reason || reason.length > 500) {
    return data<FormReply>({ ok: false, intent: 'settings', fieldErrors: { reason: t(reason ? 'form.tooLong' : 'admin.errors.reasonRequired') }, values: formValues(form) }, { status: 400 });
  }
  const s = await communitySettings(db(), community.id);
  const raw = Object.fromEntries(form);
  const r = applySettings(s.settings, raw, { isDrill: s.isDrill, roles, approvalRef });
  if (!r.ok) {
    const fieldErrors: Record<string, string> = {};
    for (const x of r.refusals) fieldErrors[x.field] = tk(t, x.key, translateParams(t, x.params));
    return data<FormReply>({ ok: false, intent: 'settings', fieldErrors, values: formValues(form) }, { status: 400 });
  }
  const saved = await saveSettings(db(), community.id, { baseVersion: Number(form.get('baseVersion')), settings: r.settings, changed: r.changed, reason, approvalRef, actor: user.id });
  return saved.ok ? done('settings', t('admin.settings.saved', { version: saved.version })) : refused(t, 'settings', form, saved);
}

export default function Settings() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<FormReply>();
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${d.slug}`}>← {t('app.home')}</Link>
      </p>
      <h1>{t('admin.settings.title')}</h1>
      <p className="muted">{t('admin.settings.intro')}</p>
      <Reply reply={reply} intent="settings" />
      <Form method="post" className="form">
        <input type="hidden" name="baseVersion" value={d.version} />
        {NUMBER_SETTINGS.map((s) => (
          <Input
            key={`${s.id}-${d.version}`}
            name={s.id}
            type="number"
            inputMode="numeric"
            label={tk(t, `admin.settings.${s.id}`)}
            hint={`${t('admin.settings.range', { min: s.min, max: s.max })} · ${t(`admin.basis.${s.basis}`)}`}
            reply={reply}
            intent="settings"
            defaultValue={d.values[s.id]}
            required
          />
        ))}
        {d.mayApproveOnline ? (
          <>
            <Checkbox name="onlineVotingAllowed" label={t('admin.settings.onlineVotingAllowed')} defaultChecked={d.values.onlineVotingAllowed === 1} />
            <Input name="approvalRef" label={t('admin.settings.approvalRef')} reply={reply} intent="settings" />
          </>
        ) : (
          <>
            {d.values.onlineVotingAllowed === 1 ? <input type="hidden" name="onlineVotingAllowed" value="1" /> : null}
            <p>
              {t('admin.settings.onlineVotingAllowed')}：{d.values.onlineVotingAllowed === 1 ? '✓' : '✗'}
            </p>
          </>
        )}
        {d.isDrill ? (
          <Input name="dayMs" type="number" inputMode="numeric" label={t('admin.settings.dayMs')} reply={reply} intent="settings" defaultValue={d.values.dayMs} />
        ) : null}
        <Input name="reason" label={t('admin.settings.reason')} reply={reply} intent="settings" required />
        {d.mayEdit ? <button type="submit">{t('admin.settings.save')}</button> : null}
      </Form>
      <Section title={t('admin.settings.versions')} id="versions">
        <ul className="cards">
          {d.versions.map((v) => (
            <li key={v.version} className="card">
              <p>
                <strong>{t('admin.settings.version', { version: v.version })}</strong>
              </p>
              <p className="small">{t('admin.settings.changedBy', { name: v.changedBy ?? '—', at: new Date(v.changedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }), reason: v.reason })}</p>
              {v.approvalRef ? <p className="small">{v.approvalRef}</p> : null}
            </li>
          ))}
        </ul>
      </Section>
    </div>
  );
}
