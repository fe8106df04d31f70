import consultationStyles from '~/components/consultation/consultation.css';
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { parseWithZod } from '@conform-to/zod/v4';
import type { SubmissionResult } from '@conform-to/react';
import { requireRole } from '~/auth.server';
import { CatalogueItemCard, DiffView, Notice, useDates } from '~/components/consultation/ui';
import { DraftSection, ImportForm, type CatalogueResult } from '~/components/consultation/CatalogueDraft';
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
import { catalogueImportSchema, catalogueNoteSchema, catalogueRemoveSchema, catalogueReturnSchema } from '../../domain/consultation';
import { readForm } from '~/forms.server';
import { YearPicker } from '~/components/consultation/YearPicker';

type Reply = SubmissionResult<string[]>;

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

export async function action({ request, params }: ActionFunctionArgs) {
  // Before the body is read: the catalogue's editors and approvers only, and only editors send files.
  const multipart = (request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data');
  await requireRole(request, params.communityId, multipart ? GUARDS.editCatalogue : [...GUARDS.editCatalogue, ...GUARDS.approveCatalogue]);
  const { formData: form, files, fileError } = await readForm(request, { files: { field: 'file', kind: 'spreadsheet', maxBytes: MAX_IMPORT_BYTES } });
  const intent = String(form.get('intent') ?? '');
  const guard = intent === 'approve' || intent === 'return' ? GUARDS.approveCatalogue : GUARDS.editCatalogue;
  const caller = callerOf(await requireRole(request, params.communityId, guard));
  const year = Number(form.get('year'));
  const refused = (r: Omit<CatalogueResult, 'intent'>, status = 400) => data<CatalogueResult>({ intent, ...r }, { status });
  if (!Number.isInteger(year) || year < 2000 || year > 2100) return refused({ error: { key: 'consultation.errors.badYear', params: { value: String(form.get('year')) } } });
  const back = (done: string) => redirect(`/c/${params.communityId}/catalogue?year=${year}&done=${done}`);
  const outcome = (r: { ok: true } | { ok: false; key: string; params?: Record<string, string | number> }, done: string, reply?: Reply) =>
    r.ok ? back(done) : refused({ error: r, ...(reply ? { reply } : {}) });
  switch (intent) {
    case 'saveNote': {
      const submission = parseWithZod(form, { schema: catalogueNoteSchema });
      if (submission.status !== 'success') return refused({ reply: submission.reply() });
      return outcome(await saveChangeNote(caller, year, submission.value.changeNote), 'saved', submission.reply());
    }
    case 'removeItem': {
      const submission = parseWithZod(form, { schema: catalogueRemoveSchema });
      if (submission.status !== 'success') return refused({ error: { key: 'consultation.ui.errors.itemNotFound' } });
      return outcome(await removeCatalogueItem(caller, year, submission.value.code), 'saved');
    }
    case 'submit':
      return outcome(await submitCatalogue(caller, year), 'submitted');
    case 'approve': {
      const r = await approveCatalogue(caller, year);
      return r.ok ? back(`published-${r.version}`) : refused({ error: r });
    }
    case 'return': {
      const submission = parseWithZod(form, { schema: catalogueReturnSchema });
      if (submission.status !== 'success') return refused({ reply: submission.reply() });
      return outcome(await returnCatalogue(caller, year, submission.value.note), 'returned', submission.reply());
    }
    case 'discard':
      return outcome(await discardCatalogueDraft(caller, year), 'discarded');
    case 'import':
      return importAction({ caller, year, form, file: files[0], fileError, back, refused });
    default:
      return refused({ error: { key: 'consultation.ui.errors.badForm' } });
  }
}

/** The import: a missing, unreadable or too large file beside the file field; bad rows named, nothing imported. */
async function importAction(a: {
  caller: ReturnType<typeof callerOf>;
  year: number;
  form: FormData;
  file: { filename: string; content: Uint8Array } | undefined;
  fileError: string | undefined;
  back: (done: string) => Response;
  refused: (r: Omit<CatalogueResult, 'intent'>, status?: number) => ReturnType<typeof data<CatalogueResult>>;
}) {
  const submission = parseWithZod(a.form, { schema: catalogueImportSchema });
  const fileKey = a.fileError === 'attachments.errors.tooLarge' ? 'consultation.ui.errors.fileTooLarge' : a.fileError ? 'forms.errors.spreadsheetType' : !a.file?.content.length ? 'consultation.ui.errors.fileMissing' : null;
  if (fileKey) return a.refused({ reply: submission.reply({ fieldErrors: { file: [fileKey] } }) }, a.fileError === 'attachments.errors.tooLarge' ? 413 : 400);
  if (submission.status !== 'success') return a.refused({ reply: submission.reply() });
  const r = await importCatalogue(a.caller, a.year, { name: a.file!.filename, bytes: a.file!.content }, submission.value.mode);
  if (r.ok) return a.back(`imported-${r.imported}`);
  return a.refused({ error: { key: r.key, params: { count: r.errors.length, ...r.params } }, importErrors: r.errors, importWarnings: r.warnings, rowsRead: r.rowsRead, reply: submission.reply() });
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

/** The line a redirect's `done` stands for. */
function doneText(t: TFunction, done: string): string {
  if (done.startsWith('published-')) return t('consultation.ui.draft.published', { version: done.slice(10) });
  if (done.startsWith('imported-')) return t('consultation.ui.import.done', { count: Number(done.slice(9)) });
  const texts: Record<string, () => string> = {
    saved: () => t('consultation.ui.draft.saved'),
    submitted: () => t('consultation.ui.draft.submittedOk'),
    returned: () => t('consultation.ui.draft.returnedOk'),
    discarded: () => t('consultation.ui.draft.discarded'),
  };
  return texts[done]?.() ?? '';
}

export default function CataloguePage() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as CatalogueResult | undefined;
  const ctx = { slug: d.community.slug, year: d.year, busy: useNavigation().state === 'submitting', result };
  const current = d.versions[d.versions.length - 1];
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${d.community.slug}`}>{t('consultation.ui.nav.back')}</Link>
      </p>
      <h1>{t('consultation.ui.catalogue.title', { year: d.year })}</h1>
      <p className="muted">{t('consultation.ui.catalogue.intro')}</p>
      <Notice>{doneText(t, d.done ?? '')}</Notice>
      <YearPicker year={d.year} years={d.years} />
      <p>
        <Link to={`/p/${d.community.slug}/catalogue?year=${d.year}`}>{t('consultation.ui.catalogue.publicLink')}</Link>
        {' · '}
        <Link to={`/c/${d.community.slug}/consultations`}>{t('consultation.ui.nav.consultations')}</Link>
      </p>
      {d.mayEdit || d.mayApprove || d.draft ? (
        <section className="card" aria-labelledby="draft-h">
          <h2 id="draft-h">{t('consultation.ui.draft.title')}</h2>
          <p className="muted">{t('consultation.ui.draft.intro')}</p>
          <DraftSection ctx={ctx} draft={d.draft} diff={d.draftDiff} hasCurrent={Boolean(current)} mayEdit={d.mayEdit} mayApprove={d.mayApprove} />
        </section>
      ) : null}
      {d.mayEdit ? (
        <section className="card" aria-labelledby="import-h">
          <h2 id="import-h">{t('consultation.ui.import.title')}</h2>
          <p className="muted">{t('consultation.ui.import.hint')}</p>
          <ImportForm ctx={ctx} />
        </section>
      ) : null}
      <CurrentVersion year={d.year} current={current} />
      <VersionList slug={d.community.slug} year={d.year} versions={d.versions} />
    </div>
  );
}

type Version = ReturnType<typeof useLoaderData<typeof loader>>['versions'][number];

function CurrentVersion({ year, current }: { year: number; current: Version | undefined }) {
  const { t } = useTranslation();
  const { date } = useDates();
  return (
    <section aria-labelledby="current-h">
      <h2 id="current-h">{current ? t('consultation.ui.catalogue.current', { version: current.version }) : t('consultation.ui.catalogue.title', { year })}</h2>
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
  );
}

function VersionList({ slug, year, versions }: { slug: string; year: number; versions: readonly Version[] }) {
  const { t } = useTranslation();
  const { date } = useDates();
  if (versions.length <= 1) return null;
  return (
    <section aria-labelledby="versions-h">
      <h2 id="versions-h">{t('consultation.ui.catalogue.versions')}</h2>
      <ol className="version-list" reversed>
        {[...versions].reverse().map((v) => (
          <li key={v.version}>
            <Link to={`/p/${slug}/catalogue?year=${year}&v=${v.version}`}>{t('consultation.ui.catalogue.versionLabel', { version: v.version })}</Link> {date(v.publishedAt)} — {v.changeNote}
            {v.diff ? <DiffView diff={v.diff} title={t('consultation.ui.catalogue.diffTitle', { prev: v.version - 1 })} /> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
