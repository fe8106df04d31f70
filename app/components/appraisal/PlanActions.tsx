/** The supervision committee's forms on the plan page, by stage (plain forms; one intent each). */
import { Form } from '@remix-run/react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppraisalState } from '../../../domain/appraisal';

type Person = { id: string; name: string };

function Intent({ intent, label, children }: { intent: string; label: string; children?: React.ReactNode }) {
  return (
    <Form method="post" className="form card">
      {children}
      <button type="submit" name="intent" value={intent}>{label}</button>
    </Form>
  );
}

export function CadreActions({ s, raters, isSupervisor, viewerId }: { s: AppraisalState; raters: Person[]; isSupervisor: boolean; viewerId: string }) {
  const { t } = useTranslation();
  const ids = useId();
  const rated = s.subjects.filter((x) => !x.left);
  const mine = s.subjects.find((x) => x.userId === viewerId);
  const g = (k: 'good' | 'fair' | 'poor') => t(`appraisal.grade.${s.scale}.${k}`);
  return (
    <>
      {s.stage === 'planned' && (isSupervisor || mine) ? (
        <Intent intent="submitReport" label={t('appraisal.page.submitReport')}>
          {/* A label of its own: wrapped, the select's name would include the chosen option's text. */}
          <label htmlFor={`${ids}-report-subject`}>{t('appraisal.page.subject')}</label>
          <select id={`${ids}-report-subject`} name="subjectId" defaultValue={mine?.userId}>
            {s.subjects.filter((x) => isSupervisor || x.userId === viewerId).map((x) => <option key={x.userId} value={x.userId}>{x.name}</option>)}
          </select>
          <label>{t('appraisal.page.reportText')}<textarea name="text" rows={6} maxLength={5000} required /></label>
        </Intent>
      ) : null}
      {!isSupervisor ? null : (
        <>
          {s.stage === 'planned' ? <Intent intent="deliverReports" label={t('appraisal.page.deliver')} /> : null}
          {s.stage === 'reports_delivered' ? <Intent intent="openMeeting" label={t('appraisal.page.openMeeting')} /> : null}
          {s.stage === 'meeting' ? (
            <>
              <Intent intent="recordQuestion" label={t('appraisal.page.recordQuestion')}>
                <label htmlFor={`${ids}-question-subject`}>{t('appraisal.page.subject')}</label>
                <select id={`${ids}-question-subject`} name="subjectId">{rated.map((x) => <option key={x.userId} value={x.userId}>{x.name}</option>)}</select>
                <label>{t('appraisal.page.question')}<textarea name="question" rows={2} maxLength={1000} required /></label>
                <label>{t('appraisal.page.answer')}<textarea name="answer" rows={2} maxLength={1000} required /></label>
              </Intent>
              <Intent intent="openRating" label={t('appraisal.page.openRating')} />
            </>
          ) : null}
          {s.stage === 'rating' ? (
            <Intent intent="issuePaperForms" label={t('appraisal.page.issuePaper')}>
              <fieldset>
                <legend>{t('appraisal.page.issuePaperTo')}</legend>
                <div className="choice-list">
                  {raters.filter((r) => !s.paperIssued.includes(r.id)).map((r) => <label key={r.id}><input type="checkbox" name="raterIds" value={r.id} />{r.name}</label>)}
                </div>
              </fieldset>
            </Intent>
          ) : null}
          {(s.stage === 'rating' || s.stage === 'counting') && s.paperIssued.length > 0 && !s.paper?.confirmedBy ? (
            <>
              <Intent intent="recordPaperTotals" label={t('appraisal.page.enterTotals')}>
                <h3>{t('appraisal.page.paperTotals')}</h3>
                <div className="appraisal-grid">
                  <label>{t('appraisal.page.paperReturned')}<input name="returned" inputMode="numeric" required /></label>
                  <label>{t('appraisal.page.paperVoid')}<input name="void" inputMode="numeric" required defaultValue="0" /></label>
                </div>
                {rated.map((x) => (
                  <fieldset key={x.userId}>
                    <legend>{x.name}</legend>
                    <div className="appraisal-grid">
                      {(['good', 'fair', 'poor'] as const).map((k) => <label key={k}>{g(k)}<input name={`p.${x.userId}.${k}`} inputMode="numeric" required defaultValue="0" /></label>)}
                    </div>
                  </fieldset>
                ))}
              </Intent>
              {s.paper && s.paper.enteredBy !== viewerId ? <Intent intent="confirmPaperTotals" label={t('appraisal.page.confirm')} /> : null}
            </>
          ) : null}
          {s.stage === 'rating' ? <Intent intent="closeRating" label={t('appraisal.page.close')} /> : null}
          {s.stage === 'counting' ? <Intent intent="tally" label={t('appraisal.page.tally')} /> : null}
          {s.stage === 'tallied' ? <Intent intent="publish" label={t('appraisal.page.publish')} /> : null}
          {['planned', 'reports_delivered', 'meeting'].includes(s.stage) ? (
            <Intent intent="cancel" label={t('appraisal.page.cancel')}>
              <label>{t('appraisal.page.reason')}<input name="reason" maxLength={500} required /></label>
            </Intent>
          ) : null}
        </>
      )}
    </>
  );
}
