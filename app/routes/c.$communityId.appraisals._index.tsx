/** 民主评议: the community's appraisals, and the plan forms (supervision committee; residents' committee). */
import { tk } from '~/i18n/keys';
import appraisalStyles from '~/components/appraisal/appraisal.css';
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CADRE_RUNNERS, SERVICE_RUNNERS, startCadreAppraisal, startServiceAppraisal } from '~/appraisal.server';
import { cadrePlanFrom, servicePlanFrom } from '~/appraisal-forms.server';
import { appraisalList, planChoices } from '~/appraisal-pages.server';
import { requireRole } from '~/auth.server';
import { ErrorSummary } from '~/components/ErrorSummary';
import { readForm } from '~/forms.server';
import { tOf } from '~/lang.server';
import { DEFAULT_CRITERIA, SERVICE_KINDS } from '../../domain/appraisal';
import { hasAnyRole } from '../../domain/roles';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: appraisalStyles }];
export const meta: MetaFunction = () => [{ title: '民主评议 · 民议' }];

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community, roles } = await requireRole(request, params.communityId);
  const mayCadre = hasAnyRole(roles, CADRE_RUNNERS);
  return {
    slug: community.slug,
    list: await appraisalList(community.id),
    mayCadre,
    mayService: hasAnyRole(roles, SERVICE_RUNNERS),
    choices: mayCadre ? await planChoices(community.id, today()) : { members: [], raters: [] },
    today: today(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, community, roles } = await requireRole(request, params.communityId, [...CADRE_RUNNERS, ...SERVICE_RUNNERS]);
  const t = await tOf(request);
  const { formData: f } = await readForm(request);
  const caller = { userId: user.id, roles, communityId: community.id };
  const intent = f.get('intent');
  const r = intent === 'service' ? await startServiceAppraisal(caller, servicePlanFrom(f)) : await startCadreAppraisal(caller, cadrePlanFrom(f));
  if (!r.ok) return data({ intent, error: tk(t, r.key, r.params) }, { status: 400 });
  throw redirect(`/c/${community.slug}/appraisals/${r.id}`);
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function Appraisals() {
  const { t } = useTranslation();
  const { slug, list, mayCadre, mayService, choices, today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const error = (intent: string) => (reply && reply.intent === intent ? <ErrorSummary formErrors={[reply.error]} labelOf={(x) => x} /> : null);
  return (
    <div className="stack">
      <p><Link to={`/c/${slug}`}>←</Link></p>
      <h1>{t('appraisal.list.title')}</h1>
      <p className="muted">{t('appraisal.list.intro')}</p>
      {list.length === 0 ? <p>{t('appraisal.list.none')}</p> : null}
      <ul className="card-list">
        {list.map((a) => (
          <li key={a.id} className="card">
            <p className="muted">{a.year} · {t(`appraisal.kind.${a.kind}`)}</p>
            <h2 className="card-title"><Link to={a.id}>{a.title}</Link></h2>
            <p className="badge">{tk(t, `appraisal.stage.${a.stage}`)}</p>
          </li>
        ))}
      </ul>
      {mayCadre ? (
        <details className="card" open={reply?.intent === 'cadre'}>
          <summary><h2>{t('appraisal.plan.cadreTitle')}</h2></summary>
          <Form method="post" className="form">
            {error('cadre')}
            <label>{t('appraisal.plan.title')}<input name="title" maxLength={80} required defaultValue={`${today.slice(0, 4)}年度社区居委会成员述职述廉与民主评议`} /></label>
            <label>{t('appraisal.plan.year')}<input name="year" inputMode="numeric" required defaultValue={today.slice(0, 4)} /></label>
            <label>{t('appraisal.plan.planDate')}<input name="planDate" type="date" required defaultValue={today} /></label>
            <label>{t('appraisal.plan.meetingAt')}<input name="meetingAt" type="datetime-local" step="1" required /></label>
            <label>{t('appraisal.plan.windowHours')}<input name="windowHours" inputMode="numeric" required defaultValue="24" /></label>
            <fieldset>
              <legend>{t('appraisal.plan.scale')}</legend>
              <div className="choice-list">
                {(['satisfaction', 'competence'] as const).map((s, i) => (
                  <label key={s}><input type="radio" name="scale" value={s} defaultChecked={i === 0} />{t(`appraisal.grade.${s}.good`)} / {t(`appraisal.grade.${s}.fair`)} / {t(`appraisal.grade.${s}.poor`)}</label>
                ))}
              </div>
            </fieldset>
            <label>{t('appraisal.plan.criteria')}<textarea name="criteria" rows={7} maxLength={400} defaultValue={DEFAULT_CRITERIA.join('\n')} /></label>
            <fieldset>
              <legend>{t('appraisal.plan.subjects')}</legend>
              <div className="choice-list">
                {choices.members.map((m) => <label key={m.id}><input type="checkbox" name="subjectIds" value={m.id} defaultChecked />{m.name}</label>)}
              </div>
            </fieldset>
            <fieldset>
              <legend>{t('appraisal.plan.raters')}</legend>
              <div className="choice-list">
                {choices.raters.map((m) => <label key={m.id}><input type="checkbox" name="raterIds" value={m.id} defaultChecked />{m.name}</label>)}
              </div>
            </fieldset>
            <button type="submit" name="intent" value="cadre">{t('appraisal.plan.submit')}</button>
          </Form>
        </details>
      ) : null}
      {mayService ? (
        <details className="card" open={reply?.intent === 'service'}>
          <summary><h2>{t('appraisal.plan.serviceTitle')}</h2></summary>
          <Form method="post" className="form">
            {error('service')}
            <label>{t('appraisal.plan.title')}<input name="title" maxLength={80} required defaultValue={`${today.slice(0, 4)}年度服务单位民主评议`} /></label>
            <label>{t('appraisal.plan.year')}<input name="year" inputMode="numeric" required defaultValue={today.slice(0, 4)} /></label>
            <label>{t('appraisal.plan.surveyDays')}<input name="surveyDays" inputMode="numeric" required defaultValue="7" /></label>
            <label>{t('appraisal.plan.units')}<textarea name="units" rows={4} maxLength={2000} required /></label>
            <label>{t('appraisal.plan.unitKind')}
              <select name="unitKind" defaultValue="utility">
                {SERVICE_KINDS.map((k) => <option key={k} value={k}>{t(`appraisal.unitKind.${k}`)}</option>)}
              </select>
            </label>
            <button type="submit" name="intent" value="service">{t('appraisal.plan.submitService')}</button>
          </Form>
        </details>
      ) : null}
    </div>
  );
}
