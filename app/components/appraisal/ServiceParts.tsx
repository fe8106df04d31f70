/** The service appraisal's part of the plan page: results, comments to moderate, codes, replies. */
import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { replyRequested, type ServiceState } from '../../../domain/appraisal';
import { ResultChart } from './ResultChart';

type Comment = { id: string; subjectId: string; body: string; status: string };

export function ServiceParts({ s, comments, mayRun, codes, date }: { s: ServiceState; comments: Comment[]; mayRun: boolean; codes?: string[]; date: (ms: number) => string }) {
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
      {mayRun && s.stage === 'surveying' ? (
        <Form method="post" className="form card">
          <h2>{t('appraisal.page.codes')}</h2>
          {codes?.length ? <><p>{t('appraisal.page.codesShown')}</p><ul>{codes.map((c) => <li key={c}><code>{c}</code></li>)}</ul></> : null}
          <label>{t('appraisal.page.codeCount')}<input name="count" inputMode="numeric" required defaultValue="10" /></label>
          <button type="submit" name="intent" value="issueCodes">{t('appraisal.page.issueCodes')}</button>
        </Form>
      ) : null}
      {mayRun && comments.length ? (
        <section className="card">
          <h2>{t('appraisal.page.comments')}</h2>
          <ul className="cards">
            {comments.map((c) => (
              <li key={c.id}>
                <p>{name(c.subjectId)}：{c.body}</p>
                {c.status === 'pending' ? (
                  <Form method="post" className="inline-choices">
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
      {mayRun && s.stage === 'surveying' ? <Form method="post"><button type="submit" name="intent" value="closeSurvey">{t('appraisal.page.closeSurvey')}</button></Form> : null}
      {mayRun && s.stage === 'closed' && s.results ? <Form method="post"><button type="submit" name="intent" value="publishResults">{t('appraisal.page.publishResults')}</button></Form> : null}
      {s.stage === 'published' || s.stage === 'finished'
        ? s.subjects.filter((x) => replyRequested(s, x.id)).map((x) => (
            <section key={x.id} className="card">
              <h2>{x.name} · {t('appraisal.page.reply')}</h2>
              {s.replies[x.id] ? <p className="prose">{s.replies[x.id]!.text}</p> : <p>{t('appraisal.page.replyDue', { date: date(s.replyDueAt ?? 0) })}</p>}
              {mayRun && !s.replies[x.id] ? (
                <Form method="post" className="form">
                  <input type="hidden" name="subjectId" value={x.id} />
                  <label>{t('appraisal.page.reply')}<textarea name="text" rows={4} maxLength={3000} required /></label>
                  <button type="submit" name="intent" value="recordReply">{t('appraisal.page.recordReply')}</button>
                </Form>
              ) : null}
            </section>
          ))
        : null}
    </>
  );
}
