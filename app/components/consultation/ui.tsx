/** Small building blocks of the consultation pages: refusals, state badges, catalogue items, diffs. */
import { useRouteLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatShanghaiDate, formatShanghaiDateTime } from '../../../domain/calendar';
import type { CatalogueDiff, CatalogueItem, ConsultationState } from '../../../domain/consultation';
import type { Lang } from '~/i18n/config';
import { dataT, tk } from '../../i18n/keys';

export type Refused = { key: string; params?: Record<string, string | number> } | null | undefined;

export function useLang(): Lang {
  const root = useRouteLoaderData('root') as { lang: Lang } | undefined;
  return root?.lang ?? 'zh-CN';
}

export function useDates() {
  const lang = useLang();
  return {
    date: (ms: number | null | undefined) => (ms === null || ms === undefined ? '' : formatShanghaiDate(ms, lang)),
    dateTime: (ms: number | null | undefined) => (ms === null || ms === undefined ? '' : formatShanghaiDateTime(ms, lang)),
  };
}

/** A refusal (i18n key + params) as a visible alert. */
export function Refusal({ error, id }: { error: Refused; id?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p className="form-error" role="alert" id={id}>
      {tk(t, error.key, error.params ?? {})}
    </p>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}

/** The state in words (colour is never the only signal). */
export function StateBadge({ state }: { state: ConsultationState }) {
  const { t } = useTranslation();
  const tone = state === 'cancelled' ? 'off' : state === 'closed' || state === 'outcome_published' || state === 'feedback' ? 'done' : 'on';
  return <span className={`badge badge-${tone}`}>{t(`consultation.state.${state}`)}</span>;
}

type ItemLike = Omit<CatalogueItem, 'triggers'> & { triggers?: CatalogueItem['triggers'] };

/** One catalogue item, readable on a phone: code and title, then its facts as a short list. */
export function CatalogueItemCard({ item, children }: { item: ItemLike; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <article className="item-card" aria-labelledby={`item-${item.code}`}>
      <h3 id={`item-${item.code}`}>
        <span className="code">{item.code}</span> {item.title}
      </h3>
      <ul className="tags">
        {item.mandatory ? <li className="tag tag-strong">{t('consultation.ui.catalogue.mandatory')}</li> : null}
        {item.requiresFourDeliberations ? <li className="tag tag-strong">{t('consultation.ui.catalogue.four')}</li> : null}
        <li className="tag">{t('consultation.ui.catalogue.minDays', { days: item.minCommentDays })}</li>
      </ul>
      <dl className="facts">
        <dt>{t('consultation.ui.catalogue.category')}</dt>
        <dd>{t(`consultation.category.${item.category}`)}</dd>
        <dt>{t('consultation.ui.catalogue.scope')}</dt>
        <dd>{t(`consultation.scope.${item.scope}`)}</dd>
        <dt>{t('consultation.ui.catalogue.parties')}</dt>
        <dd>{item.parties.map((p) => t(`consultation.party.${p}`)).join('、')}</dd>
        <dt>{t('consultation.ui.catalogue.forms')}</dt>
        <dd>{item.forms.map((f) => t(`consultation.form.${f}`)).join('、')}</dd>
        {item.triggers?.budgetAtLeastCny !== undefined ? (
          <>
            <dt>{t('consultation.ui.item.triggers')}</dt>
            <dd>{t('consultation.ui.catalogue.triggerBudget', { amount: item.triggers.budgetAtLeastCny })}</dd>
          </>
        ) : null}
        {item.triggers?.householdsAffectedOver !== undefined ? (
          <>
            <dt>{t('consultation.ui.item.triggers')}</dt>
            <dd>{t('consultation.ui.catalogue.triggerHouseholds', { count: item.triggers.householdsAffectedOver })}</dd>
          </>
        ) : null}
        {item.sourceRef ? (
          <>
            <dt>{t('consultation.field.sourceRef')}</dt>
            <dd>{item.sourceRef}</dd>
          </>
        ) : null}
      </dl>
      {children}
    </article>
  );
}

/** What changed between two versions, item by item. */
export function DiffView({ diff, title }: { diff: CatalogueDiff; title: string }) {
  const { t } = useTranslation();
  const none = diff.added.length + diff.removed.length + diff.changed.length === 0;
  return (
    <section className="diff" aria-label={title}>
      <h3>{title}</h3>
      {none ? <p>{t('consultation.ui.catalogue.noDiff')}</p> : null}
      <ul className="diff-list">
        {diff.added.map((i) => (
          <li key={`a-${i.code}`} className="diff-added">
            <strong>{t('consultation.ui.catalogue.added')}</strong> {i.code} {i.title}
          </li>
        ))}
        {diff.removed.map((i) => (
          <li key={`r-${i.code}`} className="diff-removed">
            <strong>{t('consultation.ui.catalogue.removed')}</strong> <del>{i.code} {i.title}</del>
          </li>
        ))}
        {diff.changed.map((c) => (
          <li key={`c-${c.code}`} className="diff-changed">
            <strong>{t('consultation.ui.catalogue.changed')}</strong> {c.code} {c.after.title}
            <br />
            <span className="muted">
              {t('consultation.ui.catalogue.fieldsChanged', {
                fields: c.fields.map((f) => tk(t, `consultation.field.${f}`)).join('、'),
              })}
            </span>
            <ul className="diff-fields">
              {c.fields.map((f) => (
                <li key={f}>
                  {tk(t, `consultation.field.${f}`)}：<del>{show(dataT(t), f, c.before[f])}</del> → <ins>{show(dataT(t), f, c.after[f])}</ins>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {diff.unchanged ? <p className="muted">{t('consultation.ui.catalogue.unchanged', { count: diff.unchanged })}</p> : null}
    </section>
  );
}

function show(t: (k: string, o?: Record<string, unknown>) => string, field: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return t('consultation.ui.none');
  if (typeof value === 'boolean') return value ? t('consultation.ui.yes') : t('consultation.ui.no');
  if (field === 'category') return t(`consultation.category.${value as string}`);
  if (field === 'scope') return t(`consultation.scope.${value as string}`);
  if (field === 'parties') return (value as string[]).map((p) => t(`consultation.party.${p}`)).join('、');
  if (field === 'forms') return (value as string[]).map((f) => t(`consultation.form.${f}`)).join('、');
  if (field === 'triggers') {
    const tr = value as CatalogueItem['triggers'];
    const parts = [
      tr.budgetAtLeastCny !== undefined ? t('consultation.ui.catalogue.triggerBudget', { amount: tr.budgetAtLeastCny }) : '',
      tr.householdsAffectedOver !== undefined ? t('consultation.ui.catalogue.triggerHouseholds', { count: tr.householdsAffectedOver }) : '',
    ].filter(Boolean);
    return parts.length ? parts.join('；') : t('consultation.ui.none');
  }
  return String(value);
}

/** The value an `<input type="datetime-local" step="1">` shows for an instant, in Asia/Shanghai. */
export function toLocalDateTime(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
