import { getFormProps, getInputProps, getSelectProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { Field, FormErrors } from '~/components/Field';
import { manualVoterSchema } from '../../../domain/election/forms';
import { useZodForm } from '~/components/useZodForm';

/** One voter added by hand (during registration, or to carry out an upheld objection). */
export function AddVoter({ keyValue, lastResult, objectionId, action }: { keyValue: string; lastResult: unknown; objectionId?: string; action?: string }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(manualVoterSchema, {
    lastResult: lastResult as never,
    defaultValue: { key: keyValue, basis: 'local_hukou', gender: '女', objectionId },
  });
  return (
    <Form method="post" action={action} className="form el-form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input {...getInputProps(fields.key, { type: 'hidden' })} />
      {objectionId ? <input {...getInputProps(fields.objectionId, { type: 'hidden' })} /> : null}
      <Field meta={fields.name} label={t('election.fields.name')} />
      <Field meta={fields.idNumber} label={t('election.fields.idNumber')} autoComplete="off" />
      <div>
        <label htmlFor={fields.gender.id}>{t('election.fields.gender')}</label>
        <select {...getSelectProps(fields.gender)}>
          <option value="女">{t('election.genders.female')}</option>
          <option value="男">{t('election.genders.male')}</option>
        </select>
      </div>
      <Field meta={fields.group} label={t('election.fields.group')} />
      <Field meta={fields.householdId} label={t('election.fields.householdId')} />
      <Field meta={fields.phone} label={t('election.fields.phone')} type="tel" inputMode="tel" />
      <div>
        <label htmlFor={fields.basis.id}>{t('election.fields.basis')}</label>
        <select {...getSelectProps(fields.basis)}>
          {(['local_hukou', 'long_term_resident', 'community_worker'] as const).map((b) => (
            <option key={b} value={b}>
              {t(`election.bases.${b}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" name="intent" value="add">
        {objectionId ? t('electionUi.register.viaObjection') : t('electionUi.register.addButton')}
      </button>
    </Form>
  );
}

