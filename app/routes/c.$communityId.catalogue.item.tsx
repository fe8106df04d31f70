import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import consultationStyles from '~/components/consultation/consultation.css';
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/auth.server';
import { FormErrors } from '~/components/Field';
import { GUARDS, callerOf, cataloguePage, saveCatalogueItem } from '~/consultations.server';
import {
  CATEGORIES,
  FORMS,
  MIN_COMMENT_DAYS,
  PARTY_TYPES,
  SCOPES,
  catalogueItemSchema,
  codeKey,
  type CatalogueItem,
} from '../../domain/consultation';
import { readForm } from '~/forms.server';
import { tk } from '../i18n/keys';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: consultationStyles }];

export const meta: MetaFunction = () => [{ title: '协商事项 · 民议' }];

function yearOf(url: URL): number {
  const y = Number(url.searchParams.get('year'));
  return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requireRole(request, params.communityId, GUARDS.editCatalogue);
  const url = new URL(request.url);
  const year = yearOf(url);
  const code = url.searchParams.get('code');
  const page = await cataloguePage(auth.community.id, year, true);
  const items: readonly CatalogueItem[] = page.draft?.items ?? page.versions[page.versions.length - 1]?.items ?? [];
  const item = code ? items.find((i) => codeKey(i.code) === codeKey(code)) : undefined;
  if (code && !item) throw new Response('Not Found', { status: 404 });
  return { community: { slug: auth.community.slug }, year, item: item ?? null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const auth = await requireRole(request, params.communityId, GUARDS.editCatalogue);
  const { formData } = await readForm(request);
  const year = Number(formData.get('year'));
  const originalCode = String(formData.get('originalCode') ?? '') || undefined;
  const submission = parseWithZod(formData, { schema: catalogueItemSchema });
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 });
  const r = await saveCatalogueItem(callerOf(auth), year, submission.value, originalCode);
  if (!r.ok) {
    const field = 'field' in r && r.field ? r.field : null;
    return data(field ? submission.reply({ fieldErrors: { [field]: [r.key] } }) : submission.reply({ formErrors: [r.key] }), {
      status: 400,
    });
  }
  throw redirect(`/c/${params.communityId}/catalogue?year=${year}&done=saved`);
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function CatalogueItemForm() {
  const { t } = useTranslation();
  const { community, year, item } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const [form] = useForm({ lastResult, shouldValidate: 'onSubmit' });
  const values = (lastResult?.initialValue ?? {}) as Record<string, unknown>;
  const v = (name: string, fallback: unknown) => (name in values ? values[name] : fallback);
  const list = (name: string, fallback: readonly string[]) => {
    const x = v(name, fallback);
    return Array.isArray(x) ? (x as string[]) : typeof x === 'string' ? [x] : [];
  };
  const triggers = (values.triggers ?? {}) as Record<string, string>;
  const errorOf = (name: string) => {
    const errs = form.allErrors[name];
    if (!errs?.length) return null;
    const params = { value: String(v(name, '') ?? ''), min: MIN_COMMENT_DAYS, code: String(v('code', '')), title: String(v('title', '')) };
    return (
      <p className="field-error" id={`${name}-error`}>
        {tk(t, errs[0]!, params)}
      </p>
    );
  };
  const describedBy = (name: string) => (form.allErrors[name]?.length ? `${name}-error` : undefined);
  const parties = list('parties', item?.parties ?? []);
  const forms = list('forms', item?.forms ?? []);
  const checked = (name: string, fallback: boolean) => {
    const x = v(name, undefined);
    return x === undefined ? fallback : x === 'on' || x === true || x === 'true';
  };
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${community.slug}/catalogue?year=${year}`}>{t('consultation.ui.nav.back')}</Link>
      </p>
      <h1>{item ? t('consultation.ui.item.editTitle', { code: item.code }) : t('consultation.ui.item.newTitle')}</h1>
      <p className="muted">{t('consultation.ui.catalogue.title', { year })}</p>
      <Form method="post" className="form card" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <input type="hidden" name="year" value={year} />
        {item ? <input type="hidden" name="originalCode" value={item.code} /> : null}
        <div>
          <label htmlFor="code">{t('consultation.field.code')}</label>
          <input id="code" name="code" type="text" defaultValue={String(v('code', item?.code ?? ''))} aria-describedby={describedBy('code') ?? 'code-hint'} autoCapitalize="characters" />
          <p className="muted hint" id="code-hint">
            {t('consultation.ui.item.codeHint')}
          </p>
          {errorOf('code')}
        </div>
        <div>
          <label htmlFor="title">{t('consultation.field.title')}</label>
          <input id="title" name="title" type="text" defaultValue={String(v('title', item?.title ?? ''))} aria-describedby={describedBy('title')} />
          {errorOf('title')}
        </div>
        <div>
          <label htmlFor="category">{t('consultation.field.category')}</label>
          <select id="category" name="category" defaultValue={String(v('category', item?.category ?? ''))} aria-describedby={describedBy('category')}>
            <option value="">—</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`consultation.category.${c}`)}
              </option>
            ))}
          </select>
          {errorOf('category')}
        </div>
        <div>
          <label htmlFor="scope">{t('consultation.field.scope')}</label>
          <select id="scope" name="scope" defaultValue={String(v('scope', item?.scope ?? 'community'))}>
            {SCOPES.map((s) => (
              <option key={s} value={s}>
                {t(`consultation.scope.${s}`)}
              </option>
            ))}
          </select>
          {errorOf('scope')}
        </div>
        <fieldset aria-describedby={describedBy('parties')}>
          <legend>
            {t('consultation.field.parties')}（{t('consultation.ui.item.chooseAll')}）
          </legend>
          {PARTY_TYPES.map((p) => (
            <label key={p} className="choice">
              <input type="checkbox" name="parties" value={p} defaultChecked={parties.includes(p)} /> {t(`consultation.party.${p}`)}
            </label>
          ))}
          {errorOf('parties')}
        </fieldset>
        <fieldset aria-describedby={describedBy('forms')}>
          <legend>
            {t('consultation.field.forms')}（{t('consultation.ui.item.chooseAll')}）
          </legend>
          {FORMS.map((f) => (
            <label key={f} className="choice">
              <input type="checkbox" name="forms" value={f} defaultChecked={forms.includes(f)} /> {t(`consultation.form.${f}`)}
            </label>
          ))}
          {errorOf('forms')}
        </fieldset>
        <label className="choice">
          <input type="checkbox" name="mandatory" defaultChecked={checked('mandatory', item?.mandatory ?? false)} /> {t('consultation.ui.item.mandatoryLabel')}
        </label>
        <label className="choice">
          <input type="checkbox" name="requiresFourDeliberations" defaultChecked={checked('requiresFourDeliberations', item?.requiresFourDeliberations ?? false)} />{' '}
          {t('consultation.ui.item.fourLabel')}
        </label>
        <div>
          <label htmlFor="minCommentDays">{t('consultation.field.minCommentDays')}</label>
          <input
            id="minCommentDays"
            name="minCommentDays"
            type="number"
            inputMode="numeric"
            min={MIN_COMMENT_DAYS}
            defaultValue={String(v('minCommentDays', item?.minCommentDays ?? MIN_COMMENT_DAYS))}
            aria-describedby={describedBy('minCommentDays')}
          />
          {errorOf('minCommentDays')}
        </div>
        <fieldset>
          <legend>{t('consultation.ui.item.triggers')}</legend>
          <label htmlFor="budget">{t('consultation.field.budgetAtLeastCny')}</label>
          <input id="budget" name="triggers.budgetAtLeastCny" type="number" inputMode="numeric" defaultValue={triggers.budgetAtLeastCny ?? item?.triggers.budgetAtLeastCny ?? ''} />
          {errorOf('triggers.budgetAtLeastCny')}
          <label htmlFor="households">{t('consultation.field.householdsAffectedOver')}</label>
          <input id="households" name="triggers.householdsAffectedOver" type="number" inputMode="numeric" defaultValue={triggers.householdsAffectedOver ?? item?.triggers.householdsAffectedOver ?? ''} />
          {errorOf('triggers.householdsAffectedOver')}
        </fieldset>
        <div>
          <label htmlFor="sourceRef">{t('consultation.field.sourceRef')}</label>
          <input id="sourceRef" name="sourceRef" type="text" defaultValue={String(v('sourceRef', item?.sourceRef ?? ''))} />
          {errorOf('sourceRef')}
        </div>
        <button type="submit" disabled={busy}>
          {t('consultation.ui.item.save')}
        </button>
        <Link to={`/c/${community.slug}/catalogue?year=${year}`} className="button secondary">
          {t('consultation.ui.item.cancel')}
        </Link>
      </Form>
    </div>
  );
}
