import { useTranslation } from 'react-i18next';
import { Field } from '~/components/Field';
import { SelectField } from '~/components/FieldKit';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the register fields of the add and the edit form
type Fields = Record<'name' | 'gender' | 'birthYear' | 'groupName' | 'building' | 'unit' | 'phone' | 'email', any>;

/**
 * The register fields DOMAIN.md §7.1 allows: name, gender, birth year, group, building, unit, phone
 * (and, when a person is added, an email for notices). conform fields of `personSchema`.
 */
export function PersonFields({ fields, phoneMasked, withEmail = false }: { fields: Fields; phoneMasked?: string | null; withEmail?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Field meta={fields.name} label={t('admin.people.name')} required />
      <SelectField
        meta={fields.gender}
        label={t('admin.people.gender')}
        options={[
          { value: '', label: t('admin.people.unknown') },
          { value: 'male', label: t('admin.people.male') },
          { value: 'female', label: t('admin.people.female') },
        ]}
      />
      <Field meta={fields.birthYear} type="number" inputMode="numeric" label={t('admin.people.birthYear')} />
      <Field meta={fields.groupName} label={t('admin.people.groupName')} />
      <Field meta={fields.building} label={t('admin.people.building')} />
      <Field meta={fields.unit} label={t('admin.people.unit')} />
      <Field
        meta={fields.phone}
        type="tel"
        inputMode="tel"
        label={t('admin.people.phone')}
        hint={phoneMasked ? `${phoneMasked} · ${t('admin.people.phoneHint')}` : t('admin.people.phoneHint')}
      />
      {withEmail ? <Field meta={fields.email} type="email" inputMode="email" autoComplete="off" label={t('admin.people.email')} hint={t('admin.people.emailHint')} /> : null}
    </>
  );
}
