/**
 * The catalogue page's working parts (协商事项目录): the draft with its items and the forms that move
 * it (change note, submit, approve, return, discard), and the spreadsheet import. The forms with
 * fields are on conform with the schemas the action parses (domain/consultation/forms.ts): a field's
 * error stands beside it and what was typed stays, with or without JavaScript; a refusal of the
 * command itself is announced above the form's button.
 */
import { getFormProps, getTextareaProps, type SubmissionResult } from '@conform-to/react';
import { Form, Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FieldError } from '~/components/FieldKit';
import { FormErrors } from '~/components/Field';
import { CatalogueItemCard, DiffView, Refusal, useDates, type Refused } from '~/components/consultation/ui';
import { ImportErrors } from '~/components/consultation/ImportErrors';
import { tk } from '~/i18n/keys';
import { catalogueImportSchema, catalogueNoteSchema, catalogueReturnSchema, type CatalogueDiff, type CatalogueItem, type ImportIssue } from '../../../domain/consultation';
import { useZodForm } from '~/components/useZodForm';

type Reply = SubmissionResult<string[]> | null;

/** What the action answered, for the form that sent it (`intent`). */
export type CatalogueResult = {
  intent: string;
  error?: Refused;
  reply?: SubmissionResult<string[]>;
  importErrors?: ImportIssue[];
  importWarnings?: ImportIssue[];
  rowsRead?: number;
};

export type DraftView = {
  items: readonly CatalogueItem[];
  changeNote: string;
  updatedByName: string | null;
  updatedAt: number;
  returnedNote: string | null;
  submittedAt: number | null;
  submittedByName: string | null;
};

type Ctx = { slug: string; year: number; busy: boolean; result: CatalogueResult | undefined };

const errorOf = (ctx: Ctx, intent: string) => (ctx.result?.intent === intent ? ctx.result.error : null);
const replyOf = (ctx: Ctx, intent: string): Reply => (ctx.result?.intent === intent ? (ctx.result.reply ?? null) : null);

/** A form that only sends its intent for the year (submit, approve, discard). */
function IntentButton({ ctx, intent, label, className, plain }: { ctx: Ctx; intent: string; label: string; className?: string; plain?: boolean }) {
  return (
    <Form method="post" className={plain ? undefined : 'form'}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="year" value={ctx.year} />
      {plain ? null : <Refusal error={errorOf(ctx, intent)} />}
      <button type="submit" className={className} disabled={ctx.busy && !plain}>
        {label}
      </button>
    </Form>
  );
}

/** The draft: its items (each editable and removable), its change note, and who moves it on. */
export function DraftSection({ ctx, draft, diff, hasCurrent, mayEdit, mayApprove }: { ctx: Ctx; draft: DraftView | null; diff: CatalogueDiff | null; hasCurrent: boolean; mayEdit: boolean; mayApprove: boolean }) {
  const { t } = useTranslation();
  const { dateTime } = useDates();
  const itemLink = (code?: string) => `/c/${ctx.slug}/catalogue/item?year=${ctx.year}${code ? `&code=${encodeURIComponent(code)}` : ''}`;
  if (!draft)
    return (
      <>
        <p>{t('consultation.ui.draft.none')}</p>
        {mayEdit ? (
          <Link to={itemLink()} className="button">
            {hasCurrent ? t('consultation.ui.draft.start') : t('consultation.ui.draft.addItem')}
          </Link>
        ) : null}
      </>
    );
  const submitted = Boolean(draft.submittedAt);
  return (
    <>
      <p className="muted">{t('consultation.ui.draft.updated', { name: draft.updatedByName, date: dateTime(draft.updatedAt) })}</p>
      {draft.returnedNote ? <p className="form-error">{t('consultation.ui.draft.returned', { note: draft.returnedNote })}</p> : null}
      {submitted ? <p className="notice">{t('consultation.ui.draft.submitted', { name: draft.submittedByName, date: dateTime(draft.submittedAt) })}</p> : null}
      {diff ? <DiffView diff={diff} title={t('consultation.ui.draft.diffTitle')} /> : null}
      {draft.items.length === 0 ? <p>{t('consultation.ui.draft.empty')}</p> : null}
      {draft.items.map((item) => (
        <CatalogueItemCard key={item.code} item={item}>
          {mayEdit ? (
            <div className="row-actions">
              <Link className="button secondary" to={itemLink(item.code)}>
                {t('consultation.ui.draft.edit')}
              </Link>
              <Form method="post">
                <input type="hidden" name="intent" value="removeItem" />
                <input type="hidden" name="year" value={ctx.year} />
                <input type="hidden" name="code" value={item.code} />
                <button type="submit" className="secondary" aria-label={t('consultation.ui.draft.removeConfirm', { title: item.title })}>
                  {t('consultation.ui.draft.remove')}
                </button>
              </Form>
            </div>
          ) : null}
        </CatalogueItemCard>
      ))}
      <Refusal error={errorOf(ctx, 'removeItem')} />
      {mayEdit ? (
        <>
          <p>
            <Link to={itemLink()} className="button secondary">
              {t('consultation.ui.draft.addItem')}
            </Link>
          </p>
          <NoteForm ctx={ctx} note={draft.changeNote} first={!hasCurrent} />
          {!submitted ? <IntentButton ctx={ctx} intent="submit" label={t('consultation.ui.draft.submit')} /> : null}
        </>
      ) : null}
      {mayApprove && submitted ? (
        <>
          <IntentButton ctx={ctx} intent="approve" label={t('consultation.ui.draft.approve')} />
          <ReturnForm ctx={ctx} />
        </>
      ) : null}
      {mayEdit ? <IntentButton ctx={ctx} intent="discard" label={t('consultation.ui.draft.discard')} className="button-link" plain /> : null}
    </>
  );
}

/** A text area bound to a conform field, its error beside it. */
function TextArea({ meta, label }: { meta: Parameters<typeof getTextareaProps>[0]; label: string }) {
  return (
    <div>
      <label htmlFor={meta.id}>{label}</label>
      <textarea {...getTextareaProps(meta)} key={meta.key} />
      <FieldError meta={meta} />
    </div>
  );
}

function NoteForm({ ctx, note, first }: { ctx: Ctx; note: string; first: boolean }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(catalogueNoteSchema, {
    id: 'note',
    lastResult: replyOf(ctx, 'saveNote'),
    defaultValue: { changeNote: note },
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="saveNote" />
      <input type="hidden" name="year" value={ctx.year} />
      <TextArea meta={fields.changeNote} label={first ? t('consultation.ui.draft.changeNoteFirst') : t('consultation.ui.draft.changeNote')} />
      <Refusal error={errorOf(ctx, 'saveNote')} />
      <button type="submit" className="secondary" disabled={ctx.busy}>
        {t('consultation.ui.draft.saveNote')}
      </button>
    </Form>
  );
}

function ReturnForm({ ctx }: { ctx: Ctx }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(catalogueReturnSchema, {
    id: 'return',
    lastResult: replyOf(ctx, 'return'),
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="return" />
      <input type="hidden" name="year" value={ctx.year} />
      <TextArea meta={fields.note} label={t('consultation.ui.draft.returnNote')} />
      <Refusal error={errorOf(ctx, 'return')} />
      <button type="submit" className="secondary" disabled={ctx.busy}>
        {t('consultation.ui.draft.return')}
      </button>
    </Form>
  );
}

/** The spreadsheet import into the draft: the file (its error beside it), replace or append, every bad row. */
export function ImportForm({ ctx }: { ctx: Ctx }) {
  const { t } = useTranslation();
  const lastResult = replyOf(ctx, 'import');
  const [form, fields] = useZodForm(catalogueImportSchema, {
    id: 'import',
    lastResult,
    defaultValue: { mode: 'replace' },
  });
  const fileError = lastResult?.error?.file?.[0];
  const result = ctx.result?.intent === 'import' ? ctx.result : null;
  const mode = fields.mode.initialValue ?? 'replace';
  return (
    <Form method="post" encType="multipart/form-data" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="import" />
      <input type="hidden" name="year" value={ctx.year} />
      <div>
        <label htmlFor="file">{t('consultation.ui.import.file')}</label>
        <input
          id="file"
          name="file"
          type="file"
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          aria-invalid={fileError ? true : undefined}
          aria-describedby={fileError ? 'file-error' : undefined}
        />
        {fileError ? <FileError id="file-error" message={fileError} /> : null}
      </div>
      <fieldset>
        <legend>{t('consultation.ui.import.mode')}</legend>
        {(['replace', 'append'] as const).map((m) => (
          <label key={m} className="choice">
            <input type="radio" name={fields.mode.name} value={m} defaultChecked={mode === m} key={`${fields.mode.key ?? ''}-${m}`} /> {t(`consultation.ui.import.${m}`)}
          </label>
        ))}
        <FieldError meta={fields.mode} />
      </fieldset>
      <Refusal error={result?.error ?? null} />
      {result && !result.reply?.error?.file ? <ImportErrors errors={result.importErrors ?? []} warnings={result.importWarnings ?? []} rowsRead={result.rowsRead ?? 0} /> : null}
      <button type="submit" disabled={ctx.busy}>
        {t('consultation.ui.import.submit')}
      </button>
    </Form>
  );
}

function FileError({ id, message }: { id: string; message: string }) {
  const { t } = useTranslation();
  return (
    <p className="field-error" id={id}>
      {tk(t, message)}
    </p>
  );
}
