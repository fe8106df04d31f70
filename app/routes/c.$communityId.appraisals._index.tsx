/**
 * 民主评议: the community's appraisals, and the plan forms (supervision committee; residents' committee),
 * conform's on domain/appraisal/page-forms.ts (app/components/appraisal/PlanForms.tsx).
 */
import { tk } from '~/i18n/keys';
import appraisalStyles from '~/components/appraisal/appraisal.css';
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CADRE_RUNNERS, SERVICE_RUNNERS, startCadreAppraisal, startServiceAppraisal } from '~/appraisal.server';
import { invalidReply, type IntentReply } from '~/admin-forms.server';
import { parseWithZod } from '@conform-to/zod/v4';
import { appraisalList, planChoices } from '~/appraisal-pages.server';
import { requireRole } from '~/auth.server';
import { CadrePlanForm, ServicePlanForm } from '~/components/appraisal/PlanForms';
import { readForm } from '~/forms.server';
import { tOf } from '~/lang.server';
import { appraisalPlanFormSchema } from '../../domain/appraisal/page-forms';
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
  const submission = parseWithZod((await readForm(request)).formData, { schema: appraisalPlanFormSchema });
  const intent = submission.payload.intent === 'service' ? 'service' : 'cadre';
  if (submission.status !== 'success') return invalidReply(intent, submission);
  const caller = { userId: user.id, roles, communityId: community.id };
  const f = submission.value;
  const r =
    f.intent === 'service'
      ? await startServiceAppraisal(caller, { year: f.year, title: f.title, surveyDays: f.surveyDays, subjects: f.units.map((name) => ({ name, kind: f.unitKind })) })
      : await startCadreAppraisal(caller, { year: f.year, title: f.title, planDate: f.planDate, meetingAt: f.meetingAt, windowHours: f.windowHours, scale: f.scale, criteria: f.criteria, subjectIds: f.subjectIds, raterIds: f.raterIds });
  if (!r.ok) return data<IntentReply>({ intent, reply: submission.reply({ formErrors: [tk(t, r.key, r.params)] }) }, { status: r.key.startsWith('appraisal.errors.notAllowed') ? 403 : 409 });
  throw redirect(`/c/${community.slug}/appraisals/${r.id}`);
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function Appraisals() {
  const { t } = useTranslation();
  const { slug, list, mayCadre, mayService, choices, today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const replyTo = (intent: string) => (reply?.intent === intent ? reply.reply : null);
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
          <CadrePlanForm today={today} members={choices.members} raters={choices.raters} lastResult={replyTo('cadre')} />
        </details>
      ) : null}
      {mayService ? (
        <details className="card" open={reply?.intent === 'service'}>
          <summary><h2>{t('appraisal.plan.serviceTitle')}</h2></summary>
          <ServicePlanForm today={today} lastResult={replyTo('service')} />
        </details>
      ) : null}
    </div>
  );
}
