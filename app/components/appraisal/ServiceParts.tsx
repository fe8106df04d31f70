/**
 * The service appraisal's part of the plan page: results, comments to moderate, codes, replies.
 * The forms with something to fill in are conform's (domain/appraisal/plan-page-forms.ts).
 */
import { getFormProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { replyRequested, type ServiceState } from '../../../domain/appraisal';
import { codesFormSchema, unitReplyFormSchema } from '../../../domain/appraisal/plan-page-forms';
import { Field, FormErrors } from '../Field';
import { HiddenFields, TextAreaField } from '../FieldKit';
import { useZodForm } from '../useZodForm';
import { Step, type ReplyTo } from './PlanActions';
import { ResultChart } from './ResultChart';

type Comment = { id: string; subjectId: string; body: string; status: string };

function CodesForm({ codes, replyTo }: { codes: string[] | undefined; replyTo: ReplyTo }) {
  const { t } = useTranslation();
  const [form, f] = useZodForm(codesFormSchema, { id: 'issueCodes', lastResult: replyTo('issueCodes'), defaultValue: { intent: 'issueCodes', count: '10' } });
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <h2>{t('appraisal.page.codes')}</h2>
      {codes?.length ? <><p>{t('appraisal.page.codesShown')}</p><ul>{codes.map((c) => <li key={c}><code>{c}</code></li>)}</ul></> : null}
      <FormErrors errors={form.errors} />
      <HiddenFields fields={{ intent: f.intent }} />
      <Field meta={f.count} inputMode="numeric" label={t('appraisal.page.codeCount')} />
      <button type="submit">{t('appraisal.page.issueCodes')}</button>
    </Form>
  );
}

function UnitReplyForm({ subjectId, replyTo }: { subjectId: string; replyTo: ReplyTo }) {
  const { t } = useTranslation();
  const [form, f] = useZodForm(unitReplyFormSchema, { id: `recordReply-${subjectId}`, lastResult: replyTo(`recordReply-${subjectId}`), defaultValue: { intent: 'recordReply', subjectId } });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <HiddenFields fields={{ intent: f.intent, subjectId: f.subjectId }} />
      <TextAreaField meta={f.text} rows={4} maxLength={3000} label={t('appraisal.page.reply')} />
      <button type="submit">{t('appraisal.page.recordReply')}</button>
    </Form>
  );
}

export function ServiceParts({ s, comments, mayRun, codes, date, replyTo }: { s: ServiceState; comments: Comment[]; mayRun: boolean; codes?: string[] | undefined; date: (ms: number) => string; replyTo: ReplyTo }) {
  const { t } = useTranslation();
  const name = (id: string) => s.subjects.find((x) => x.id === id)?.name ?? '';
  return (
    <>
      {s.results ? (
        <ResultChart
          scale="satisfaction"
          rows={s.subjects.map((x) => {
            const r = s.results![x.id]!;
            return { name: x.name, counts: r.counts, ratePermille: r.result.kind === 'rated' ? r.result.satisfactionPermille : null, ...(r.result.kind === 'tooFew' ? { note: t('appraisal.page.tooFew') } : {}) };
          })}
        />
      ) : null}
      {mayRun && s.stage === 'surveying' ? <CodesForm codes={codes} replyTo={replyTo} /> : null}
      {mayRun && comments.length ? (
        <section className="card">
          <h2>{t('appraisal.page.comments')}</h2>
          <ul className="cards">
            {comments.map((c) => (
              <li key={c.id}>
                <p>{name(c.subjectId)}：{c.body}</p>
                {c.status === 'pending' ? (
                  <Form method="post" className="inline-choices">
                    <FormErrors errors={replyTo(`moderate-${c.id}`)?.error?.[''] ?? null} />
                    <input type="hidden" name="commentId" value={c.id} />
                    <button type="submit" name="intent" value="approve">{t('appraisal.page.approve')}</button>
                    <button type="submit" name="intent" value="reject" className="secondary">{t('appraisal.page.reject')}</button>
                  </Form>
                ) : <p className="muted">{t(c.status === 'approved' ? 'appraisal.page.approve' : 'appraisal.page.reject')}</p>}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {mayRun && s.stage === 'surveying' ? <Step intent="closeSurvey" label={t('appraisal.page.closeSurvey')} lastResult={replyTo('closeSurvey')} /> : null}
      {mayRun && s.stage === 'closed' && s.results ? <Step intent="publishResults" label={t('appraisal.page.publishResults')} lastResult={replyTo('publishResults')} /> : null}
      {s.stage === 'published' || s.stage === 'finished'
        ? s.subjects.filter((x) => replyRequested(s, x.id)).map((x) => (
            <section key={x.id} className="card">
              <h2>{x.name} · {t('appraisal.page.reply')}</h2>
              {s.replies[x.id] ? <p className="prose">{s.replies[x.id]!.text}</p> : <p>{t('appraisal.page.replyDue', { date: date(s.replyDueAt ?? 0) })}</p>}
              {mayRun && !s.replies[x.id] ? (
                <UnitReplyForm subjectId={x.id} replyTo={replyTo} />
              ) : null}
            </section>
          ))
        : null}
    </>
  );
}
