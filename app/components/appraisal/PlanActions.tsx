/**
 * The supervision committee's forms on the plan page, by stage: conform's on
 * domain/appraisal/plan-page-forms.ts where there is something to fill in, one button otherwise.
 * A refusal stands in the form it is about.
 */
import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppraisalState } from '../../../domain/appraisal';
import { cancelFormSchema, paperFormsFormSchema, paperTotalsFormSchema, questionFormSchema, reportFormSchema } from '../../../domain/appraisal/plan-page-forms';
import { Field, FormErrors } from '../Field';
import { ChoiceGroupField, HiddenFields, SelectField, TextAreaField } from '../FieldKit';
import { useZodForm } from '../useZodForm';

type Person = { id: string; name: string };
type Reply = SubmissionResult<string[]> | null;
export type ReplyTo = (formId: string) => Reply;

/** A step that is only a button; a refusal of it is shown above the button. */
export function Step({ intent, label, lastResult }: { intent: string; label: string; lastResult: Reply }) {
  return (
    <Form method="post" className="form card">
      <FormErrors errors={lastResult?.error?.[''] ?? null} />
      <button type="submit" name="intent" value={intent}>
        {label}
      </button>
    </Form>
  );
}

/** A step with fields: conform's form props and errors, its hidden intent, the fields, the button. */
function Filled({ form, intent, label, children }: { form: { props: ReturnType<typeof getFormProps>; errors: string[] | undefined }; intent: ReactNode; label: string; children: ReactNode }) {
  return (
    <Form method="post" className="form card" {...form.props}>
      <FormErrors errors={form.errors} />
      {intent}
      {children}
      <button type="submit">{label}</button>
    </Form>
  );
}

function ReportForm({ subjects, mine, lastResult }: { subjects: { userId: string; name: string }[]; mine: string | undefined; lastResult: Reply }) {
  const { t } = useTranslation();
  const [form, f] = useZodForm(reportFormSchema, { id: 'submitReport', lastResult, defaultValue: { intent: 'submitReport', subjectId: mine ?? subjects[0]?.userId } });
  return (
    <Filled form={{ props: getFormProps(form), errors: form.errors }} intent={<HiddenFields fields={{ intent: f.intent }} />} label={t('appraisal.page.submitReport')}>
      <SelectField meta={f.subjectId} label={t('appraisal.page.subject')} options={subjects.map((x) => ({ value: x.userId, label: x.name }))} />
      <TextAreaField meta={f.text} rows={6} maxLength={5000} label={t('appraisal.page.reportText')} />
    </Filled>
  );
}

function QuestionForm({ subjects, lastResult }: { subjects: { userId: string; name: string }[]; lastResult: Reply }) {
  const { t } = useTranslation();
  const [form, f] = useZodForm(questionFormSchema, { id: 'recordQuestion', lastResult, defaultValue: { intent: 'recordQuestion', subjectId: subjects[0]?.userId } });
  return (
    <Filled form={{ props: getFormProps(form), errors: form.errors }} intent={<HiddenFields fields={{ intent: f.intent }} />} label={t('appraisal.page.recordQuestion')}>
      <SelectField meta={f.subjectId} label={t('appraisal.page.subject')} options={subjects.map((x) => ({ value: x.userId, label: x.name }))} />
      <TextAreaField meta={f.question} rows={2} maxLength={1000} label={t('appraisal.page.question')} />
      <TextAreaField meta={f.answer} rows={2} maxLength={1000} label={t('appraisal.page.answer')} />
    </Filled>
  );
}

function PaperFormsForm({ raters, lastResult }: { raters: Person[]; lastResult: Reply }) {
  const { t } = useTranslation();
  const [form, f] = useZodForm(paperFormsFormSchema, { id: 'issuePaperForms', lastResult, defaultValue: { intent: 'issuePaperForms' } });
  return (
    <Filled form={{ props: getFormProps(form), errors: form.errors }} intent={<HiddenFields fields={{ intent: f.intent }} />} label={t('appraisal.page.issuePaper')}>
      <ChoiceGroupField meta={f.raterIds} legend={t('appraisal.page.issuePaperTo')} options={raters.map((r) => ({ value: r.id, label: r.name }))} listClassName="choice-list" />
    </Filled>
  );
}

function PaperTotalsForm({ subjects, grade, lastResult }: { subjects: { userId: string; name: string }[]; grade: (k: 'good' | 'fair' | 'poor') => string; lastResult: Reply }) {
  const { t } = useTranslation();
  const zero = { good: '0', fair: '0', poor: '0' };
  const [form, f] = useZodForm(paperTotalsFormSchema, {
    id: 'recordPaperTotals',
    lastResult,
    defaultValue: { intent: 'recordPaperTotals', void: '0', p: Object.fromEntries(subjects.map((x) => [x.userId, zero])) },
  });
  const bySubject = f.p.getFieldset();
  const number = { inputMode: 'numeric' } as const;
  return (
    <Filled form={{ props: getFormProps(form), errors: form.errors }} intent={<HiddenFields fields={{ intent: f.intent }} />} label={t('appraisal.page.enterTotals')}>
      <h3>{t('appraisal.page.paperTotals')}</h3>
      <div className="appraisal-grid">
        <Field meta={f.returned} {...number} label={t('appraisal.page.paperReturned')} />
        <Field meta={f.void} {...number} label={t('appraisal.page.paperVoid')} />
      </div>
      {subjects.map((x) => {
        const counts = bySubject[x.userId]!.getFieldset();
        return (
          <fieldset key={x.userId}>
            <legend>{x.name}</legend>
            <div className="appraisal-grid">
              {(['good', 'fair', 'poor'] as const).map((k) => (
                <Field key={k} meta={counts[k]} {...number} label={grade(k)} />
              ))}
            </div>
          </fieldset>
        );
      })}
    </Filled>
  );
}

function CancelForm({ lastResult }: { lastResult: Reply }) {
  const { t } = useTranslation();
  const [form, f] = useZodForm(cancelFormSchema, { id: 'cancel', lastResult, defaultValue: { intent: 'cancel' } });
  return (
    <Filled form={{ props: getFormProps(form), errors: form.errors }} intent={<HiddenFields fields={{ intent: f.intent }} />} label={t('appraisal.page.cancel')}>
      <Field meta={f.reason} maxLength={500} label={t('appraisal.page.reason')} />
    </Filled>
  );
}

export function CadreActions({ s, raters, isSupervisor, viewerId, replyTo }: { s: AppraisalState; raters: Person[]; isSupervisor: boolean; viewerId: string; replyTo: ReplyTo }) {
  const { t } = useTranslation();
  const rated = s.subjects.filter((x) => !x.left);
  const mine = s.subjects.find((x) => x.userId === viewerId);
  const g = (k: 'good' | 'fair' | 'poor') => t(`appraisal.grade.${s.scale}.${k}`);
  const step = (intent: string, label: string) => <Step intent={intent} label={label} lastResult={replyTo(intent)} />;
  return (
    <>
      {s.stage === 'planned' && (isSupervisor || mine) ? (
        <ReportForm subjects={s.subjects.filter((x) => isSupervisor || x.userId === viewerId)} mine={mine?.userId} lastResult={replyTo('submitReport')} />
      ) : null}
      {!isSupervisor ? null : (
        <>
          {s.stage === 'planned' ? step('deliverReports', t('appraisal.page.deliver')) : null}
          {s.stage === 'reports_delivered' ? step('openMeeting', t('appraisal.page.openMeeting')) : null}
          {s.stage === 'meeting' ? (
            <>
              <QuestionForm subjects={rated} lastResult={replyTo('recordQuestion')} />
              {step('openRating', t('appraisal.page.openRating'))}
            </>
          ) : null}
          {s.stage === 'rating' ? <PaperFormsForm raters={raters.filter((r) => !s.paperIssued.includes(r.id))} lastResult={replyTo('issuePaperForms')} /> : null}
          {(s.stage === 'rating' || s.stage === 'counting') && s.paperIssued.length > 0 && !s.paper?.confirmedBy ? (
            <>
              <PaperTotalsForm subjects={rated} grade={g} lastResult={replyTo('recordPaperTotals')} />
              {s.paper && s.paper.enteredBy !== viewerId ? step('confirmPaperTotals', t('appraisal.page.confirm')) : null}
            </>
          ) : null}
          {s.stage === 'rating' ? step('closeRating', t('appraisal.page.close')) : null}
          {s.stage === 'counting' ? step('tally', t('appraisal.page.tally')) : null}
          {s.stage === 'tallied' ? step('publish', t('appraisal.page.publish')) : null}
          {['planned', 'reports_delivered', 'meeting'].includes(s.stage) ? <CancelForm lastResult={replyTo('cancel')} /> : null}
        </>
      )}
    </>
  );
}
