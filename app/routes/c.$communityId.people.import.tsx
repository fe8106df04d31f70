/**
 * 居民信息导入: upload an XLSX/CSV file with an optional header mapping; the page then shows the
 * import's progress (refreshing itself every 2 s while it runs — no JavaScript needed) and every
 * bad row by number and field. All or nothing.
 */
import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { readForm } from '~/forms.server';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { lockedPasswordHash } from '~/admin.server';
import { invalidReply, tOf, type IntentReply } from '~/admin-forms.server';
import { requireRole } from '~/auth.server';
import { Section } from '~/components/admin/forms';
import { Field, FormErrors } from '~/components/Field';
import { SpreadsheetField } from '~/components/FieldKit';
import { useZodForm } from '~/components/useZodForm';
import { db, peopleImports, queuePeopleImport } from '~/admin-import.server';
import { IMPORT_FIELDS, IMPORT_MAX_BYTES, importFormSchema } from '../../domain/admin/people';
import { PEOPLE_ADMINS } from '../../domain/admin/roles';
import { tk } from '../i18n/keys';

const RUNNING = new Set(['queued', 'checking', 'storing']);

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: '导入居民 · 民议' },
  ...(d?.running ? [{ httpEquiv: 'refresh', content: '2' } as const] : []),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireRole(request, params.communityId, PEOPLE_ADMINS);
  const imports = (await peopleImports(db(), community.id)).map((i) => ({ ...i, errors: i.errors.slice(0, 200), errorCount: i.errors.length }));
  return { slug: community.slug, imports, running: imports.some((i) => RUNNING.has(i.status)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, community } = await requireRole(request, params.communityId, PEOPLE_ADMINS);
  const t = await tOf(request);
  // One upload path for every file (decision 007): capped, checked by content, refused in words.
  const { formData: form, files, fileError } = await readForm(request, { files: { field: 'file', kind: 'spreadsheet', maxBytes: IMPORT_MAX_BYTES } });
  const submission = parseWithZod(form, { schema: importFormSchema });
  const file = files[0];
  const refusal =
    fileError === 'attachments.errors.tooLarge'
      ? tk(t, 'admin.errors.importTooLarge', { maxMb: IMPORT_MAX_BYTES / 1024 / 1024 })
      : fileError
        ? tk(t, fileError)
        : !file || file.content.length === 0
          ? t('admin.errors.importEmpty')
          : null;
  if (refusal) return data<IntentReply>({ intent: 'import', reply: submission.reply({ fieldErrors: { file: [refusal] } }) }, { status: 409 });
  if (submission.status !== 'success') return invalidReply('import', submission);
  await queuePeopleImport({
    communityId: community.id,
    filename: file!.filename,
    bytes: Buffer.from(file!.content),
    mapping: submission.value.map,
    actor: user.id,
    lockedHash: await lockedPasswordHash(),
  });
  throw redirect(`/c/${community.slug}/people/import`);
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function PeopleImport() {
  const { t } = useTranslation();
  const { slug, imports } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${slug}/people`}>{t('admin.people.back')}</Link>
      </p>
      <h1>{t('admin.import.title')}</h1>
      <p>{t('admin.import.intro')}</p>
      <UploadForm lastResult={result?.reply ?? null} />
      <Section title={t('admin.import.history')} id="imports">
        <ul className="cards">
          {imports.map((i) => (
            <li key={i.id} className="card" aria-live="polite">
              <p>
                <strong>{i.filename}</strong> · {t(`admin.import.statuses.${i.status}`)}
              </p>
              {RUNNING.has(i.status) ? (
                <>
                  <progress value={i.processedRows} max={Math.max(i.totalRows ?? 0, 1)} aria-label={t(`admin.import.statuses.${i.status}`)} />
                  <p>{t('admin.import.progress', { done: i.processedRows, total: i.totalRows ?? 0 })}</p>
                  <p>
                    <Link to=".">{t('admin.import.refresh')}</Link>
                  </p>
                </>
              ) : null}
              {i.status === 'imported' ? <p role="status">✓ {t('admin.import.imported', { count: i.importedCount })}</p> : null}
              {i.failureKey ? (
                <p className="form-error" role="alert">
                  {tk(t, i.failureKey, i.failureParams ?? {})}
                </p>
              ) : null}
              {i.status === 'rejected' ? (
                <div className="form-error" role="alert">
                  <p>{t('admin.errors.importRowErrors', { count: i.errorCount })}</p>
                  <ul className="plain-list">
                    {i.errors.map((e, n) => (
                      <li key={n}>
                        {t('admin.import.rowError', { row: e.row, field: e.field ? t(`admin.people.${e.field}`) : '', message: tk(t, e.key, e.params ?? {}) })}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      </Section>
    </div>
  );
}

/** The file and, for a file with its own headers, which header holds each field. */
function UploadForm({ lastResult }: { lastResult: SubmissionResult<string[]> | null }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(importFormSchema, { id: 'import', lastResult });
  const map = fields.map.getFieldset();
  const fileError = lastResult?.error?.file?.[0];
  return (
    <Form method="post" encType="multipart/form-data" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <SpreadsheetField id="import-file" label={t('admin.import.file')} error={fileError} />
      <fieldset>
        <legend>{t('admin.import.mapping')}</legend>
        {IMPORT_FIELDS.map((f) => (
          <Field key={f} meta={map[f]} label={t(`admin.people.${f}`)} />
        ))}
      </fieldset>
      <button type="submit">{t('admin.import.submit')}</button>
    </Form>
  );
}
