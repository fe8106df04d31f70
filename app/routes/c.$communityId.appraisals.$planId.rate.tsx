/**
 * The rater's form, one subject per screen, then confirmed in words (DOMAIN.md §7.6): a cadre
 * appraisal's criteria and overall grade per committee member (never oneself), or a household's
 * grade per service unit. Plain forms: the grades chosen so far travel in hidden fields, read with
 * one schema (components/appraisal/rating.ts).
 */
import { tk } from '~/i18n/keys';
import appraisalStyles from '~/components/appraisal/appraisal.css';
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { castRating, rateServices } from '~/appraisal.server';
import { planPage } from '~/appraisal-pages.server';
import { requireRole } from '~/auth.server';
import { cadreBallotOf, carriedFields, commentField, gradeField, rateFormOf, serviceRatingsOf, subjectComplete } from '~/components/appraisal/rating';
import { ErrorSummary } from '~/components/ErrorSummary';
import { idParam, readForm } from '~/forms.server';
import { tOf } from '~/lang.server';
import { GRADES } from '../../domain/appraisal';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: appraisalStyles }];
export const meta: MetaFunction = () => [{ title: '民主评议 · 民议' }];

type Screen = { id: string; name: string };

async function load(request: Request, params: LoaderFunctionArgs['params']) {
  const { user, community, roles } = await requireRole(request, params.communityId);
  const page = await planPage(community.id, idParam(params.planId), user.id);
  if (!page) throw new Response('Not Found', { status: 404 });
  const cadre = page.cadre;
  const screens: Screen[] = cadre
    ? cadre.subjects.filter((x) => !x.left && x.userId !== user.id).map((x) => ({ id: x.userId, name: x.name }))
    : page.service!.subjects.map((x) => ({ id: x.id, name: x.name }));
  const open = page.stage === 'rating' || page.stage === 'surveying';
  return { user, community, roles, page, screens, open, criteria: cadre?.criteria ?? [], scale: cadre?.scale ?? 'satisfaction' };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community, page, screens, open, criteria, scale } = await load(request, params);
  return { slug: community.slug, id: page.id, title: page.title, kind: page.kind, screens, open, criteria, scale, isRater: page.kind === 'service' || !!page.isRater, done: new URL(request.url).searchParams.has('done') };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, community, roles, page, screens, criteria } = await load(request, params);
  const t = await tOf(request);
  const { formData } = await readForm(request);
  const rated = { subjectIds: screens.map((s) => s.id), criteria: criteria.length };
  const form = rateFormOf(formData, rated);
  const values = carriedFields(form.grades);
  const { step, intent } = form;
  if (intent === 'back') return { step: Math.max(step - 1, 0), values, error: null };
  if (intent === 'next') {
    const s = screens[step];
    if (s && !subjectComplete(form.grades[s.id])) return data({ step, values, error: t('appraisal.errors.criteriaIncomplete') }, { status: 400 });
    return { step: step + 1, values, error: null };
  }
  const caller = { userId: user.id, roles, communityId: community.id };
  let r;
  if (page.kind === 'cadre') {
    const { ballot, complete } = cadreBallotOf(form, rated);
    r = complete ? await castRating(caller, page.id, ballot) : { ok: false as const, key: 'appraisal.errors.ballotIncomplete' };
  } else {
    r = await rateServices(caller, page.id, serviceRatingsOf(form, rated));
  }
  if (!r.ok) return data({ step, values, error: tk(t, r.key, 'params' in r ? r.params : undefined) }, { status: 400 });
  throw redirect(`/c/${community.slug}/appraisals/${page.id}/rate?done=1`);
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function Rate() {
  const { t } = useTranslation();
  const { slug, id, title, kind, screens, open, criteria, scale, isRater, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const step = reply?.step ?? 0;
  const values = new Map(reply?.values ?? []);
  const g = (k: string) => tk(t, `appraisal.grade.${scale}.${k}`);
  const back = <p><Link to={`/c/${slug}/appraisals/${id}`}>← {title}</Link></p>;
  if (done) return <div className="stack">{back}<p className="card big-choice" role="status">{t('appraisal.rate.done')}</p></div>;
  if (!open || !isRater) return <div className="stack">{back}<p className="notice">{t(!open ? 'appraisal.rate.closed' : 'appraisal.rate.notRater')}</p></div>;
  const hidden = (except?: string) =>
    [...values].filter(([k]) => !except || (!k.startsWith(`g.${except}.`) && k !== commentField(except))).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />);
  const current = screens[step];
  return (
    <div className="stack">
      {back}
      <h1>{t('appraisal.rate.title')}</h1>
      <p className="muted">{kind === 'cadre' ? t('appraisal.rate.secret') : t('appraisal.rate.serviceIntro')}</p>
      {reply?.error ? <ErrorSummary formErrors={[reply.error]} labelOf={(x) => x} /> : null}
      {current ? (
        <Form method="post" className="form">
          {hidden(current.id)}
          <input type="hidden" name="step" value={step} />
          <p className="muted">{t('appraisal.rate.step', { n: step + 1, total: screens.length })}</p>
          <h2 className="big-choice">{current.name}</h2>
          {[...criteria.map((c, i) => ({ key: i as number | 'o', label: c })), { key: 'o' as const, label: t('appraisal.rate.overall') }].map((q) => (
            <fieldset key={q.key}>
              <legend>{q.label}</legend>
              <div className="choice-list">
                {GRADES.map((gr) => (
                  <label key={gr}><input type="radio" name={gradeField(current.id, q.key)} value={gr} required defaultChecked={values.get(gradeField(current.id, q.key)) === gr} />{g(gr)}</label>
                ))}
              </div>
            </fieldset>
          ))}
          {kind === 'service' ? <label>{t('appraisal.rate.comment')}<textarea name={commentField(current.id)} rows={2} maxLength={300} defaultValue={values.get(commentField(current.id)) ?? ''} /></label> : null}
          <button type="submit" name="intent" value="next">{t('appraisal.rate.next')}</button>
          {step > 0 ? <button type="submit" name="intent" value="back" className="secondary" formNoValidate>{t('appraisal.rate.back')}</button> : null}
        </Form>
      ) : (
        <Form method="post" className="form">
          {hidden()}
          <input type="hidden" name="step" value={step} />
          <h2>{t('appraisal.rate.confirmTitle')}</h2>
          <ul className="card">
            {screens.map((s) => <li key={s.id} className="big-choice">{t('appraisal.rate.confirmLine', { name: s.name, grade: g(values.get(gradeField(s.id, 'o')) ?? '') })}</li>)}
          </ul>
          <p>{t('appraisal.rate.confirmAsk')}</p>
          <button type="submit" name="intent" value="submit">{t('appraisal.rate.submit')}</button>
          <button type="submit" name="intent" value="back" className="secondary">{t('appraisal.rate.change')}</button>
        </Form>
      )}
    </div>
  );
}
