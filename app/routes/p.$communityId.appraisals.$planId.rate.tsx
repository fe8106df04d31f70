/**
 * A household without an account rates the service units with its one-time code (DOMAIN.md §9.3):
 * choose a grade per unit, confirm in words, submit. Plain forms; throttled per code and address.
 */
import { tk } from '~/i18n/keys';
import appraisalStyles from '~/components/appraisal/appraisal.css';
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { rateServicesWithCode } from '~/appraisal.server';
import { clientOf } from '~/client.server';
import { carriedFields, commentField, gradeField, rateFormOf, serviceRatingsOf } from '~/components/appraisal/rating';
import { ErrorSummary } from '~/components/ErrorSummary';
import { communityBySlug, db } from '~/data.server';
import { idParam, readForm } from '~/forms.server';
import { tOf } from '~/lang.server';
import { serviceSurvey } from '~/appraisal-pages.server';
import { GRADES } from '../../domain/appraisal';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: appraisalStyles }];
export const meta: MetaFunction = () => [{ title: '服务单位测评 · 民议' }];

async function load(params: LoaderFunctionArgs['params']) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  const row = await serviceSurvey(community.id, idParam(params.planId));
  if (!row) throw new Response('Not Found', { status: 404 });
  return { community, row, subjects: row.subjects, open: row.open };
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { community, row, subjects, open } = await load(params);
  return { slug: community.slug, id: row.id, title: row.title, subjects, open, done: new URL(request.url).searchParams.has('done') };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { community, row, subjects } = await load(params);
  const t = await tOf(request);
  const { formData } = await readForm(request);
  const rated = { subjectIds: subjects.map((s) => s.id), criteria: 0 };
  const form = rateFormOf(formData, rated);
  const values = carriedFields(form.grades);
  const { code } = form;
  const ratings = serviceRatingsOf(form, rated);
  if (form.intent === 'confirm') {
    if (!ratings.length) return data({ confirm: false, values, code, error: t('appraisal.errors.ballotEmpty') }, { status: 400 });
    return { confirm: true, values, code, error: null };
  }
  if (form.intent === 'back') return { confirm: false, values, code, error: null };
  const r = await rateServicesWithCode(community.id, row.id, code, ratings, clientOf(context));
  if (!r.ok) return data({ confirm: false, values, code, error: tk(t, r.key, r.params) }, { status: 400 });
  throw redirect(`/p/${community.slug}/appraisals/${row.id}/rate?done=1`);
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function RateWithCode() {
  const { t } = useTranslation();
  const { slug, title, subjects, open, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const values = new Map(reply?.values ?? []);
  const g = (k: string) => tk(t, `appraisal.grade.satisfaction.${k}`);
  const back = <p><Link to={`/p/${slug}`}>{t('board.back')}</Link></p>;
  if (done) return <div className="stack">{back}<p className="card big-choice" role="status">{t('appraisal.rate.done')}</p></div>;
  if (!open) return <div className="stack">{back}<p className="notice">{t('appraisal.errors.surveyClosed')}</p></div>;
  if (reply?.confirm) {
    return (
      <div className="stack">
        {back}
        <h1>{t('appraisal.rate.confirmTitle')}</h1>
        <Form method="post" className="form">
          {[...values].map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
          <input type="hidden" name="code" value={reply.code} />
          <ul className="card">
            {subjects.filter((s) => values.get(gradeField(s.id, 'o'))).map((s) => <li key={s.id} className="big-choice">{s.name}：{g(values.get(gradeField(s.id, 'o'))!)}</li>)}
          </ul>
          <p>{t('appraisal.rate.confirmAsk')}</p>
          <button type="submit" name="intent" value="submit">{t('appraisal.rate.submit')}</button>
          <button type="submit" name="intent" value="back" className="secondary">{t('appraisal.rate.change')}</button>
        </Form>
      </div>
    );
  }
  return (
    <div className="stack">
      {back}
      <h1>{title}</h1>
      <p className="muted">{t('appraisal.rate.serviceIntro')}</p>
      {reply?.error ? <ErrorSummary formErrors={[reply.error]} labelOf={(x) => x} /> : null}
      <Form method="post" className="form">
        <label>{t('appraisal.rate.code')}<input name="code" required maxLength={20} autoComplete="off" defaultValue={reply?.code ?? ''} /></label>
        {subjects.map((s) => (
          <fieldset key={s.id}>
            <legend className="big-choice">{s.name}</legend>
            <div className="choice-list">
              {GRADES.map((gr) => <label key={gr}><input type="radio" name={gradeField(s.id, 'o')} value={gr} defaultChecked={values.get(gradeField(s.id, 'o')) === gr} />{g(gr)}</label>)}
            </div>
            <label>{t('appraisal.rate.comment')}<textarea name={commentField(s.id)} rows={2} maxLength={300} defaultValue={values.get(commentField(s.id)) ?? ''} /></label>
          </fieldset>
        ))}
        <button type="submit" name="intent" value="confirm">{t('appraisal.rate.next')}</button>
      </Form>
    </div>
  );
}
