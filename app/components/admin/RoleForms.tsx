/**
 * The roles page's forms (组织与身份), each on conform with the zod schema the action parses:
 * grant a role, end one (a form per held role), record a recall. Field errors stand beside their
 * fields, a refusal at the form's top, and what was typed stays — with or without JavaScript.
 */
import { getFormProps, type FieldMetadata, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { Field, FormErrors } from '~/components/Field';
import { CheckboxField, SelectField } from '~/components/FieldKit';
import { COMMITTEE_OFFICES, endRoleSchema, grantSchema } from '../../../domain/admin/roles';
import { PETITION_BASES, recallSchema } from '../../../domain/admin/recall';
import { COMMUNITY_ROLES } from '../../../domain/roles';
import { useZodForm } from '~/components/useZodForm';

type Reply = SubmissionResult<string[]> | null;
type Option = { value: string; label: string };

export function GrantForm({ people, today, lastResult }: { people: readonly Option[]; today: string; lastResult: Reply }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(grantSchema, {
    id: 'grant',
    lastResult,
    defaultValue: { office: 'member', fullMember: 'on', startsOn: today },
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="grant" />
      <SelectField meta={fields.personId} label={t('admin.roles.person')} options={[{ value: '', label: '—' }, ...people]} />
      <SelectField meta={fields.role} label={t('admin.roles.role')} options={COMMUNITY_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
      <SelectField meta={fields.office} label={t('admin.roles.office')} options={COMMITTEE_OFFICES.map((o) => ({ value: o, label: t(`admin.roles.offices.${o}`) }))} />
      <Field meta={fields.constituency} label={t('admin.roles.constituency')} />
      <CheckboxField meta={fields.fullMember} label={t('admin.roles.fullMember')} />
      <CheckboxField meta={fields.isChair} label={t('admin.roles.isChair')} />
      <Field meta={fields.startsOn} type="date" label={t('admin.roles.startsOn')} required />
      <Field meta={fields.endsOn} type="date" label={t('admin.roles.endsOn')} />
      <Field meta={fields.reason} label={t('admin.roles.reason')} required />
      <button type="submit">{t('admin.roles.submit')}</button>
    </Form>
  );
}

/** Ends one held role on a date (its last day in office); `label` names the person and the role. */
export function EndRoleForm({ membershipId, label, today, lastResult }: { membershipId: string; label: string; today: string; lastResult: Reply }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(endRoleSchema, {
    id: `end-${membershipId}`,
    lastResult,
    defaultValue: { membershipId, endsOn: today },
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="end" />
      <input type="hidden" name={fields.membershipId.name} value={membershipId} />
      <Field meta={fields.endsOn} type="date" label={`${t('admin.roles.end')}：${label}`} required />
      <Field meta={fields.reason} label={t('admin.roles.reason')} required />
      <button type="submit" className="secondary">
        {t('admin.roles.endSubmit')}
      </button>
    </Form>
  );
}

export function RecallForm({ members, today, lastResult }: { members: readonly Option[]; today: string; lastResult: Reply }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(recallSchema, {
    id: 'recall',
    lastResult,
    defaultValue: { meetingOn: today },
  });
  // z.coerce.number's input is `unknown`; the control is a text box like any other.
  const count = (name: 'petitionSigners' | 'petitionBase' | 'meetingMembers' | 'present' | 'yes', label: string) => (
    <Field meta={fields[name] as FieldMetadata<string>} type="number" inputMode="numeric" label={label} required />
  );
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="recall" />
      <SelectField meta={fields.membershipId} label={t('admin.recall.member')} options={[{ value: '', label: '—' }, ...members]} />
      <SelectField meta={fields.petitionBasis} label={t('admin.recall.petitionBasis')} options={PETITION_BASES.map((b) => ({ value: b, label: t(`admin.recall.bases.${b}`) }))} />
      {count('petitionSigners', t('admin.recall.petitionSigners'))}
      {count('petitionBase', t('admin.recall.petitionBase'))}
      <Field meta={fields.memberReply} label={t('admin.recall.memberReply')} required />
      <Field meta={fields.meetingOn} type="date" label={t('admin.recall.meetingOn')} required />
      {count('meetingMembers', t('admin.recall.meetingMembers'))}
      {count('present', t('admin.recall.present'))}
      {count('yes', t('admin.recall.yes'))}
      <button type="submit">{t('admin.recall.submit')}</button>
    </Form>
  );
}
