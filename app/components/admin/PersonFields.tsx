import { useTranslation } from 'react-i18next';
import { Input, Select, type FormReply } from './forms';

type Person = { name?: string; gender?: string | null; birthYear?: number | null; groupName?: string | null; building?: string | null; unit?: string | null };

/** The register fields DOMAIN.md §7.1 allows: name, gender, birth year, group, building, unit, phone. */
export function PersonFields({ reply, intent, person = {}, phoneMasked }: { reply?: FormReply | undefined; intent: string; person?: Person; phoneMasked?: string | null }) {
  const { t } = useTranslation();
  return (
    <>
      <Input name="name" label={t('admin.people.name')} reply={reply} intent={intent} defaultValue={person.name} required />
      <Select
        name="gender"
        label={t('admin.people.gender')}
        reply={reply}
        intent={intent}
        defaultValue={person.gender ?? ''}
        options={[
          { value: '', label: t('admin.people.unknown') },
          { value: 'male', label: t('admin.people.male') },
          { value: 'female', label: t('admin.people.female') },
        ]}
      />
      <Input name="birthYear" type="number" inputMode="numeric" label={t('admin.people.birthYear')} reply={reply} intent={intent} defaultValue={person.birthYear} />
      <Input name="groupName" label={t('admin.people.groupName')} reply={reply} intent={intent} defaultValue={person.groupName} />
      <Input name="building" label={t('admin.people.building')} reply={reply} intent={intent} defaultValue={person.building} />
      <Input name="unit" label={t('admin.people.unit')} reply={reply} intent={intent} defaultValue={person.unit} />
      <Input
        name="phone"
        type="tel"
        inputMode="tel"
        label={t('admin.people.phone')}
        reply={reply}
        intent={intent}
        hint={phoneMasked ? `${phoneMasked} · ${t('admin.people.phoneHint')}` : t('admin.people.phoneHint')}
      />
    </>
  );
}
