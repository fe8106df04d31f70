import type { FieldMetadata } from '@conform-to/react';
import { useTranslation } from 'react-i18next';
import { MAJOR_REASONS, MOTION_CATEGORIES, MOTION_SCOPES } from '../../../domain/motion/matters';
import { LIMITS } from '../../../domain/motion/schemas';
import { tk } from '../../i18n/keys';

type Meta = FieldMetadata<unknown>;
export type DraftDefaults = Partial<{
  title: string;
  category: string;
  majorReasons: string[];
  background: string;
  proposalText: string;
  estimatedCostYuan: number;
  fundingSource: string;
  scope: string;
  scopeDetail: string;
  catalogueItemId: string;
  consultOptIn: boolean;
  resolutionBody: string;
  fundRaisingDelegationRef: string;
}>;

function Error({ meta }: { meta: Meta | undefined }) {
  const { t } = useTranslation();
  if (!meta?.errors?.length) return null;
  return (
    <p className="field-error" id={meta.errorId}>
      {tk(t, meta.errors[0]!)}
    </p>
  );
}

const described = (meta: Meta | undefined) =>
  meta?.errors?.length ? { 'aria-invalid': true as const, 'aria-describedby': meta.errorId } : {};

/** The fields of a motion proposal (new motion and "edit draft"), as plain inputs. */
export function DraftFields({
  fields,
  defaults,
  catalogueItems,
}: {
  fields: Record<string, Meta>;
  defaults: DraftDefaults;
  catalogueItems: { id: string; code: string; title: string; mandatory: boolean }[];
}) {
  const { t } = useTranslation();
  const f = (name: string) => fields[name];
  const text = (name: keyof DraftDefaults, max: number, long = false) => (
    <div>
      <label htmlFor={`f-${name}`}>{t(`motionUi.field.${name}`)}</label>
      {long ? (
        <textarea id={`f-${name}`} name={name} maxLength={max} defaultValue={(defaults[name] as string) ?? ''} {...described(f(name))} />
      ) : (
        <input id={`f-${name}`} name={name} type="text" maxLength={max} defaultValue={(defaults[name] as string) ?? ''} {...described(f(name))} />
      )}
      <Error meta={f(name)} />
    </div>
  );
  return (
    <>
      {text('title', LIMITS.title)}
      <div>
        <label htmlFor="f-category">{t('motionUi.field.category')}</label>
        <select id="f-category" name="category" defaultValue={defaults.category ?? ''} {...described(f('category'))}>
          <option value="" disabled>
            —
          </option>
          {MOTION_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`motion.category.${c}`)}
            </option>
          ))}
        </select>
        <Error meta={f('category')} />
      </div>
      <fieldset {...described(f('majorReasons'))}>
        <legend>{t('motionUi.field.majorReasons')}</legend>
        <div className="choice-list">
          {MAJOR_REASONS.map((r) => (
            <label key={r}>
              <input type="checkbox" name="majorReasons" value={r} defaultChecked={defaults.majorReasons?.includes(r)} />
              {t(`motion.majorReason.${r}`)}
            </label>
          ))}
        </div>
        <Error meta={f('majorReasons')} />
      </fieldset>
      {text('background', LIMITS.longText, true)}
      {text('proposalText', LIMITS.longText, true)}
      <div>
        <label htmlFor="f-estimatedCostYuan">{t('motionUi.field.estimatedCostYuan')}</label>
        <input
          id="f-estimatedCostYuan"
          name="estimatedCostYuan"
          type="number"
          inputMode="decimal"
          min={0}
          step="0.01"
          defaultValue={defaults.estimatedCostYuan ?? ''}
          {...described(f('estimatedCostYuan'))}
        />
        <Error meta={f('estimatedCostYuan')} />
      </div>
      {text('fundingSource', LIMITS.shortText)}
      <div>
        <label htmlFor="f-scope">{t('motionUi.field.scope')}</label>
        <select id="f-scope" name="scope" defaultValue={defaults.scope ?? 'community'} {...described(f('scope'))}>
          {MOTION_SCOPES.map((s) => (
            <option key={s} value={s}>
              {t(`motion.scope.${s}`)}
            </option>
          ))}
        </select>
        <Error meta={f('scope')} />
      </div>
      {text('scopeDetail', LIMITS.shortText)}
      <div>
        <label htmlFor="f-catalogueItemId">{t('motionUi.field.catalogueItemId')}</label>
        <select id="f-catalogueItemId" name="catalogueItemId" defaultValue={defaults.catalogueItemId ?? ''}>
          <option value="">{t('motionUi.field.noCatalogueItem')}</option>
          {catalogueItems.map((c) => (
            <option key={c.id} value={c.id}>
              {c.code} {c.title}
              {c.mandatory ? ' ★' : ''}
            </option>
          ))}
        </select>
        <Error meta={f('catalogueItemId')} />
      </div>
      <div className="choice-list">
        <label>
          <input type="checkbox" name="consultOptIn" value="on" defaultChecked={defaults.consultOptIn} />
          {t('motionUi.field.consultOptIn')}
        </label>
      </div>
      <div>
        <label htmlFor="f-resolutionBody">{t('motionUi.field.resolutionBody')}</label>
        <select id="f-resolutionBody" name="resolutionBody" defaultValue={defaults.resolutionBody ?? 'representatives_meeting'} {...described(f('resolutionBody'))}>
          <option value="representatives_meeting">{t('motion.body.representatives_meeting')}</option>
          <option value="residents_meeting">{t('motion.body.residents_meeting')}</option>
        </select>
        <Error meta={f('resolutionBody')} />
      </div>
      {text('fundRaisingDelegationRef', LIMITS.ref)}
    </>
  );
}
