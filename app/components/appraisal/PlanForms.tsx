/**
 * The two plan forms of the appraisal list page, conform's on domain/appraisal/page-forms.ts: the
 * supervision committee's cadre appraisal (§9.2 step 1) and the residents' committee's survey of
 * service units (§9.3). Every field keeps what was typed after a refusal, which stands in its form.
 */
import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_CRITERIA, SERVICE_KINDS } from '../../../domain/appraisal';
import { cadrePlanFormSchema, servicePlanFormSchema } from '../../../domain/appraisal/page-forms';
import { Field, FormErrors } from '../Field';
import { ChoiceGroupField, HiddenFields, SelectField, TextAreaField } from '../FieldKit';
import { useZodForm } from '../useZodForm';

type Reply = SubmissionResult<string[]> | null;
type Person = { id: string; name: string };

export function CadrePlanForm({ today, members, raters, lastResult }: { today: string; members: Person[]; raters: Person[]; lastResult: Reply }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(cadrePlanFormSchema, {
    id: 'cadre',
    lastResult,
    defaultValue: {
      intent: 'cadre',
      title: `${today.slice(0, 4)}年度社区居委会成员述职述廉与民主评议`,
      year: today.slice(0, 4),
      planDate: today,
      windowHours: '24',
      scale: 'satisfaction',
      criteria: DEFAULT_CRITERIA.join('\n'),
      subjectIds: members.map((m) => m.id),
      raterIds: raters.map((m) => m.id),
    },
  });
  const scales = (['satisfaction', 'competence'] as const).map((s) => ({
    value: s,
    label: `${t(`appraisal.grade.${s}.good`)} / ${t(`appraisal.grade.${s}.fair`)} / ${t(`appraisal.grade.${s}.poor`)}`,
  }));
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <HiddenFields fields={{ intent: fields.intent }} />
      <Field meta={fields.title} label={t('appraisal.plan.title')} />
      <Field meta={fields.year} inputMode="numeric" label={t('appraisal.plan.year')} />
      <Field meta={fields.planDate} type="date" label={t('appraisal.plan.planDate')} />
      <Field meta={fields.meetingAt} type="datetime-local" step="1" label={t('appraisal.plan.meetingAt')} />
      <Field meta={fields.windowHours} inputMode="numeric" label={t('appraisal.plan.windowHours')} />
      <ChoiceGroupField meta={fields.scale} type="radio" legend={t('appraisal.plan.scale')} options={scales} listClassName="choice-list" />
      <TextAreaField meta={fields.criteria} rows={7} maxLength={400} label={t('appraisal.plan.criteria')} />
      <ChoiceGroupField meta={fields.subjectIds} legend={t('appraisal.plan.subjects')} options={members.map((m) => ({ value: m.id, label: m.name }))} listClassName="choice-list" />
      <ChoiceGroupField meta={fields.raterIds} legend={t('appraisal.plan.raters')} options={raters.map((m) => ({ value: m.id, label: m.name }))} listClassName="choice-list" />
      <button type="submit">{t('appraisal.plan.submit')}</button>
    </Form>
  );
}

export function ServicePlanForm({ today, lastResult }: { today: string; lastResult: Reply }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(servicePlanFormSchema, {
    id: 'service',
    lastResult,
    defaultValue: { intent: 'service', title: `${today.slice(0, 4)}年度服务单位民主评议`, year: today.slice(0, 4), surveyDays: '7', unitKind: 'utility' },
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <HiddenFields fields={{ intent: fields.intent }} />
      <Field meta={fields.title} label={t('appraisal.plan.title')} />
      <Field meta={fields.year} inputMode="numeric" label={t('appraisal.plan.year')} />
      <Field meta={fields.surveyDays} inputMode="numeric" label={t('appraisal.plan.surveyDays')} />
      <TextAreaField meta={fields.units} rows={4} maxLength={2000} label={t('appraisal.plan.units')} />
      <SelectField meta={fields.unitKind} label={t('appraisal.plan.unitKind')} options={SERVICE_KINDS.map((k) => ({ value: k, label: t(`appraisal.unitKind.${k}`) }))} />
      <button type="submit">{t('appraisal.plan.submitService')}</button>
    </Form>
  );
}
