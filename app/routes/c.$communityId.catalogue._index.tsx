import consultationStyles from '~/components/consultation/consultation.css';
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/auth.server';
import { CatalogueItemCard, DiffView, Notice, Refusal, useDates, type Refused } from '~/components/consultation/ui';
import { ImportErrors } from '~/components/consultation/ImportErrors';
import {
  GUARDS,
  MAX_IMPORT_BYTES,
  approveCatalogue,
  callerOf,
  cataloguePage,
  defaultCatalogueYear,
  discardCatalogueDraft,
  importCatalogue,
  removeCatalogueItem,
  returnCatalogue,
  saveChangeNote,
  submitCatalogue,
} from '~/consultations.server';
import { hasAnyRole } from '../../domain/roles';
import type { ImportIssue } from '../../domain/consultation';
import { readForm } from '~/forms.server';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: consultationStyles }];

export const meta: MetaFunction = () => [{ title: '协商事项目录 · 民议' }];

function yearOf(request: Request): number | null {
  const y = Number(new URL(request.url).searchParams.get('year'));
  return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requireRole(request, params.communityId);
  const { community, roles } = auth;
  const year = yearOf(request) ?? (await defaultCatalogueYear(community.id));
  const mayViewDraft = hasAnyRole(roles, GUARDS.viewDraft);
  const page = await cataloguePage(community.id, year, mayViewDraft);
  return {
    community: { slug: community.slug, nameZh: community.nameZh },
    year,
    ...page,
    draft: page.draft
      ? { ...page.draft, updatedAt: new Date(page.draft.updatedAt).getTime(), submittedAt: page.draft.submittedAt ? new Date(page.draft.submittedAt).getTime() : null }
      : null,
    mayEdit: hasAnyRole(roles, GUARDS.editCatalogue),
    mayApprove: hasAnyRole(roles, GUARDS.approveCatalogue),
    done: new URL(request.url).searchParams.get('done'),
  };
}

type ActionResult = {
  intent: string;
  error?: Refused;
  importErrors?: ImportIssue[];
  importWarnings?: ImportIssue[];
  rowsRead?: number;
  imported?: number;
};

export async function action({ request, params }: ActionFunctionArgs) {
  // Before the body is read: the catalogue's editors and approvers only, and only editors send files.
  const multipart = (request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data');
  await requireRole(request, params.communityId, multipart ? GUARDS.editCatalogue : [...GUARDS.editCatalogue, ...GUARDS.approveCatalogue]);
  const { formData: form, files, fileError } = await readForm(request, { files: { field: 'file', kind: 'spreadsheet', maxBytes: MAX_IMPORT_BYTES } });
  const intent = String(form.get('intent') ?? '');
  const guard = intent === 'approve' || intent === 'return' ? GUARDS.approveCatalogue : GUARDS.editCatalogue;
  const caller = callerOf(await requireRole(request, params.communityId, guard));
  const year = Number(form.get('year'));
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    return data<ActionResult>({ intent, error: { key: 'consultation.errors.badYear', params: { value: String(form.get('year')) } } }, { status: 400 });
  const back = (done: string) => redirect(`/c/${params.communityId}/catalogue?year=${year}&done=${done}`);
  switch (intent) {
    case 'saveNote': {
      const r = await saveChangeNote(caller, year, String(form.get('changeNote') ?? ''));
      return r.ok ? back('saved') : data<ActionResult>({ intent, error: r }, { status: 400 });
    }
    case 'removeItem': {
      const r = await removeCatalogueItem(caller, year, String(form.get('code') ?? ''));
      return r.ok ? back('saved') : data<ActionResult>({ intent, error: r }, { status: 400 });
    }
    case 'submit': {
      const r = await submitCatalogue(caller, year);
      return r.ok ? back('submitted') : data<ActionResult>({ intent, error: r }, { status: 400 });
    }
    case 'approve': {
      const r = await approveCatalogue(caller, year);
      return r.ok ? back(`published-${r.version}`) : data<ActionResult>({ intent, error: r }, { status: 400 });
    }
    case 'return': {
      const r = await returnCatalogue(caller, year, String(form.get('note') ?? ''));
      return r.ok ? back('returned') : data<ActionResult>({ intent, error: r }, { status: 400 });
    }
    case 'discard': {
      const r = await discardCatalogueDraft(caller, year);
      return r.ok ? back('discarded') : data<ActionResult>({ intent, error: r }, { status: 400 });
    }
    case 'import': {
      const mode = form.get('mode') === 'append' ? 'append' : 'replace';
      if (fileError) {
        const key = fileError === 'attachments.errors.tooLarge' ? 'consultation.ui.errors.fileTooLarge' : 'forms.errors.spreadsheetType';
        return data<ActionResult>({ intent, error: { key } }, { status: fileError === 'attachments.errors.tooLarge' ? 413 : 400 });
      }
      const bytes = files[0]?.content ?? new Uint8Array();
      const name = files[0]?.filename ?? '';
      const r = await importCatalogue(caller, year, { name, bytes }, mode);
      if (r.ok) return back(`imported-${r.imported}`);
      return data<ActionResult>(
        { intent, error: { key: r.key, params: { count: r.errors.length, ...r.params } }, importErrors: r.errors, importWarnings: r.warnings, rowsRead: r.rowsRead },
        { status: 400 },
      );
    }
    default:
      return data<ActionResult>({ intent, error: { key: 'consultation.ui.errors.badForm' } }, { status: 400 });
  }
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function CataloguePage() {
  const { t } = useTranslation();
  const { dateTime, date } = useDates();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === 'submitting';
  const current = d.versions[d.versions.length - 1];
  const errorFor = (intent: string) => (result?.intent === intent ? result.error : null);
  const done = d.done ?? '';
  const doneText = done.startsWith('published-')
    ? t('consultation.ui.draft.published', { version: done.slice(10) })
    : done.startsWith('imported-')
      ? t('consultation.ui.import.done', { count: Number(done.slice(9)) })
      : done === 'saved'
        ? t('consultation.ui.draft.saved')
        : done === 'submitted'
          ? t('consultation.ui.draft.submittedOk')
          : done === 'returned'
            ? t('consultation.ui.draft.returnedOk')
            : done === 'discarded'
              ? t('consultation.ui.draft.discarded')
              : '';
  const submitted = Boolean(d.draft?.submittedAt);
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${d.community.slug}`}>{t('consultation.ui.nav.back')}</Link>
      </p>
      <h1>{t('consultation.ui.catalogue.title', { year: d.year })}</h1>
      <p className="muted">{t('consultation.ui.catalogue.intro')}</p>
      <Notice>{doneText}</Notice>
      <Form method="get" className="inline-form">
        <label htmlFor="year">{t('consultation.ui.catalogue.year')}</label>
        <select id="year" name="year" defaultValue={d.year}>
          {d.years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary">
          {t('consultation.ui.catalogue.showYear')}
        </button>
      </Form>
      <p>
        <Link to={`/p/${d.community.slug}/catalogue?year=${d.year}`}>{t('consultation.ui.catalogue.publicLink')}</Link>
        {' · '}
        <Link to={`/c/${d.community.slug}/consultations`}>{t('consultation.ui.nav.consultations')}</Link>
      </p>

      {d.mayEdit || d.mayApprove || d.draft ? (
        <section className="card" aria-labelledby="draft-h">
          <h2 id="draft-h">{t('consultation.ui.draft.title')}</h2>
          <p className="muted">{t('consultation.ui.draft.intro')}</p>
          {!d.draft ? (
            <>
              <p>{t('consultation.ui.draft.none')}</p>
              {d.mayEdit ? (
                <Link to={`/c/${d.community.slug}/catalogue/item?year=${d.year}`} className="button">
                  {current ? t('consultation.ui.draft.start') : t('consultation.ui.draft.addItem')}
                </Link>
              ) : null}
            </>
          ) : (
            <>
              <p className="muted">{t('consultation.ui.draft.updated', { name: d.draft.updatedByName, date: dateTime(d.draft.updatedAt) })}</p>
              {d.draft.returnedNote ? <p className="form-error">{t('consultation.ui.draft.returned', { note: d.draft.returnedNote })}</p> : null}
              {submitted ? <p className="notice">{t('consultation.ui.draft.submitted', { name: d.draft.submittedByName, date: dateTime(d.draft.submittedAt) })}</p> : null}
              {d.draftDiff ? <DiffView diff={d.draftDiff} title={t('consultation.ui.draft.diffTitle')} /> : null}
              {d.draft.items.length === 0 ? <p>{t('consultation.ui.draft.empty')}</p> : null}
              {d.draft.items.map((item) => (
                <CatalogueItemCard key={item.code} item={item}>
                  {d.mayEdit ? (
                    <div className="row-actions">
                      <Link className="button secondary" to={`/c/${d.community.slug}/catalogue/item?year=${d.year}&code=${encodeURIComponent(item.code)}`}>
                        {t('consultation.ui.draft.edit')}
                      </Link>
                      <Form method="post">
                        <input type="hidden" name="intent" value="removeItem" />
                        <input type="hidden" name="year" value={d.year} />
                        <input type="hidden" name="code" value={item.code} />
                        <button type="submit" className="secondary" aria-label={t('consultation.ui.draft.removeConfirm', { title: item.title })}>
                          {t('consultation.ui.draft.remove')}
                        </button>
                      </Form>
                    </div>
                  ) : null}
                </CatalogueItemCard>
              ))}
              <Refusal error={errorFor('removeItem')} />
              {d.mayEdit ? (
                <>
                  <p>
                    <Link to={`/c/${d.community.slug}/catalogue/item?year=${d.year}`} className="button secondary">
                      {t('consultation.ui.draft.addItem')}
                    </Link>
                  </p>
                  <Form method="post" className="form">
                    <input type="hidden" name="intent" value="saveNote" />
                    <input type="hidden" name="year" value={d.year} />
                    <div>
                      <label htmlFor="changeNote">{current ? t('consultation.ui.draft.changeNote') : t('consultation.ui.draft.changeNoteFirst')}</label>
                      <textarea id="changeNote" name="changeNote" defaultValue={d.draft.changeNote} maxLength={2000} />
                    </div>
                    <Refusal error={errorFor('saveNote')} />
                    <button type="submit" className="secondary" disabled={busy}>
                      {t('consultation.ui.draft.saveNote')}
                    </button>
                  </Form>
                  {!submitted ? (
                    <Form method="post" className="form">
                      <input type="hidden" name="intent" value="submit" />
                      <input type="hidden" name="year" value={d.year} />
                      <Refusal error={errorFor('submit')} />
                      <button type="submit" disabled={busy}>
                        {t('consultation.ui.draft.submit')}
                      </button>
                    </Form>
                  ) : null}
                </>
              ) : null}
              {d.mayApprove && submitted ? (
                <>
                  <Form method="post" className="form">
                    <input type="hidden" name="intent" value="approve" />
                    <input type="hidden" name="year" value={d.year} />
                    <Refusal error={errorFor('approve')} />
                    <button type="submit" disabled={busy}>
                      {t('consultation.ui.draft.approve')}
                    </button>
                  </Form>
                  <Form method="post" className="form">
                    <input type="hidden" name="intent" value="return" />
                    <input type="hidden" name="year" value={d.year} />
                    <div>
                      <label htmlFor="note">{t('consultation.ui.draft.returnNote')}</label>
                      <textarea id="note" name="note" maxLength={2000} />
                    </div>
                    <Refusal error={errorFor('return')} />
                    <button type="submit" className="secondary" disabled={busy}>
                      {t('consultation.ui.draft.return')}
                    </button>
                  </Form>
                </>
              ) : null}
              {d.mayEdit ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="discard" />
                  <input type="hidden" name="year" value={d.year} />
                  <button type="submit" className="button-link">
                    {t('consultation.ui.draft.discard')}
                  </button>
                </Form>
              ) : null}
            </>
          )}
        </section>
      ) : null}

      {d.mayEdit ? (
        <section className="card" aria-labelledby="import-h">
          <h2 id="import-h">{t('consultation.ui.import.title')}</h2>
          <p className="muted">{t('consultation.ui.import.hint')}</p>
          <Form method="post" encType="multipart/form-data" className="form">
            <input type="hidden" name="intent" value="import" />
            <input type="hidden" name="year" value={d.year} />
            <div>
              <label htmlFor="file">{t('consultation.ui.import.file')}</label>
              <input id="file" name="file" type="file" accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" />
            </div>
            <fieldset>
              <legend>{t('consultation.ui.import.mode')}</legend>
              <label className="choice">
                <input type="radio" name="mode" value="replace" defaultChecked /> {t('consultation.ui.import.replace')}
              </label>
              <label className="choice">
                <input type="radio" name="mode" value="append" /> {t('consultation.ui.import.append')}
              </label>
            </fieldset>
            <Refusal error={errorFor('import')} />
            {result?.intent === 'import' ? (
              <ImportErrors errors={result.importErrors ?? []} warnings={result.importWarnings ?? []} rowsRead={result.rowsRead ?? 0} />
            ) : null}
            <button type="submit" disabled={busy}>
              {t('consultation.ui.import.submit')}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="current-h">
        <h2 id="current-h">{current ? t('consultation.ui.catalogue.current', { version: current.version }) : t('consultation.ui.catalogue.title', { year: d.year })}</h2>
        {!current ? <p>{t('consultation.ui.catalogue.noCatalogue')}</p> : null}
        {current ? (
          <>
            <p className="muted">
              {t('consultation.ui.catalogue.publishedOn', { date: date(current.publishedAt) })}；
              {t('consultation.ui.catalogue.people', { publisher: current.publishedByName, approver: current.approvedByName })}
            </p>
            <p>
              {t('consultation.ui.catalogue.changeNote')}：{current.changeNote}
            </p>
            {current.items.map((item) => (
              <CatalogueItemCard key={item.code} item={item} />
            ))}
          </>
        ) : null}
      </section>

      {d.versions.length > 1 ? (
        <section aria-labelledby="versions-h">
          <h2 id="versions-h">{t('consultation.ui.catalogue.versions')}</h2>
          <ol className="version-list" reversed>
            {[...d.versions].reverse().map((v) => (
              <li key={v.version}>
                <Link to={`/p/${d.community.slug}/catalogue?year=${d.year}&v=${v.version}`}>
                  {t('consultation.ui.catalogue.versionLabel', { version: v.version })}
                </Link>{' '}
                {date(v.publishedAt)} — {v.changeNote}
                {v.diff ? <DiffView diff={v.diff} title={t('consultation.ui.catalogue.diffTitle', { prev: v.version - 1 })} /> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
