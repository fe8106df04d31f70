/**
 * 社区设置: periods, thresholds, online voting (street office, with its approval) and the day length
 * (drill communities only), each checked against its statutory floor; every change is a version.
 */
import { getFormProps, type FieldMetadata, type SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { communitySettings, saveSettings, settingsVersions } from '~/admin.server';
import { invalidReply, outcomeReply, tOf, translateParams, type IntentReply } from '~/admin-forms.server';
import { requireRole } from '~/auth.server';
import { Done, Section } from '~/components/admin/forms';
import { Field, FormErrors } from '~/components/Field';
import { CheckboxField } from '~/components/FieldKit';
import { db } from '~/data.server';
import { readForm } from '~/forms.server';
import { NUMBER_SETTINGS, ONLINE_VOTING_APPROVERS, SETTINGS_EDITORS, applySettings, settingsFormSchema, settingsValuesOf, type SettingsValues } from '../../domain/admin/settings';
import { hasAnyRole } from '../../domain/roles';
import { tk } from '../i18n/keys';
import { useZodForm } from '~/components/useZodForm';

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
  const submission = parseWithZod((await readForm(request)).formData, { schema: settingsFormSchema });
  if (submission.status !== 'success') return invalidReply('settings', submission);
  const { baseVersion, reason, approvalRef, ...raw } = submission.value;
  const s = await communitySettings(db(), community.id);
  const r = applySettings(s.settings, raw, { isDrill: s.isDrill, roles, approvalRef: approvalRef || null });
  if (!r.ok) {
    // Each value refused beside its field, with the source of its floor (translated here: it has parameters).
    const fieldErrors: Record<string, string[]> = {};
    for (const x of r.refusals) (fieldErrors[x.field] ??= []).push(tk(t, x.key, translateParams(t, x.params)));
    return data<IntentReply>({ intent: 'settings', reply: submission.reply({ fieldErrors }) }, { status: 400 });
  }
  const saved = await saveSettings(db(), community.id, { baseVersion, settings: r.settings, changed: r.changed, reason, approvalRef: approvalRef || null, actor: user.id });
  return outcomeReply(t, 'settings', submission, saved, () => t('admin.settings.saved', { version: saved.ok ? saved.version : 0 }));
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function Settings() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${d.slug}`}>← {t('app.home')}</Link>
      </p>
      <h1>{t('admin.settings.title')}</h1>
      <p className="muted">{t('admin.settings.intro')}</p>
      <Done text={result?.done} />
      <SettingsForm key={d.version} d={d} lastResult={result?.reply ?? null} />
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

type Page = { version: number; values: SettingsValues; mayEdit: boolean; mayApproveOnline: boolean; isDrill: boolean };

/** The values as they stand (a new version remounts the form with them), each with its range and source. */
function SettingsForm({ d, lastResult }: { d: Page; lastResult: SubmissionResult<string[]> | null }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(settingsFormSchema, {
    id: 'settings',
    lastResult,
    defaultValue: { ...Object.fromEntries(NUMBER_SETTINGS.map((s) => [s.id, String(d.values[s.id])])), dayMs: String(d.values.dayMs), onlineVotingAllowed: d.values.onlineVotingAllowed === 1 ? 'on' : '' },
  });
  // The number fields are built from NUMBER_SETTINGS, so their names are not in the schema's type.
  const numbers = fields as unknown as Record<string, FieldMetadata<string>>;
  const number = (name: string, label: string, hint?: string) => (
    <Field key={name} meta={numbers[name]!} type="number" inputMode="numeric" label={label} required {...(hint ? { hint } : {})} />
  );
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="baseVersion" value={d.version} />
      {NUMBER_SETTINGS.map((s) => number(s.id, tk(t, `admin.settings.${s.id}`), `${t('admin.settings.range', { min: s.min, max: s.max })} · ${t(`admin.basis.${s.basis}`)}`))}
      {d.mayApproveOnline ? (
        <>
          <CheckboxField meta={fields.onlineVotingAllowed} label={t('admin.settings.onlineVotingAllowed')} />
          <Field meta={fields.approvalRef} label={t('admin.settings.approvalRef')} />
        </>
      ) : (
        <>
          {d.values.onlineVotingAllowed === 1 ? <input type="hidden" name="onlineVotingAllowed" value="on" /> : null}
          <p>
            {t('admin.settings.onlineVotingAllowed')}：{d.values.onlineVotingAllowed === 1 ? '✓' : '✗'}
          </p>
          <FormErrors errors={fields.onlineVotingAllowed.errors} />
        </>
      )}
      {d.isDrill ? number('dayMs', t('admin.settings.dayMs')) : null}
      <Field meta={fields.reason} label={t('admin.settings.reason')} required />
      {d.mayEdit ? <button type="submit">{t('admin.settings.save')}</button> : null}
    </Form>
  );
}
