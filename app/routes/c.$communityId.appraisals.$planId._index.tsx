/**
 * The plan and progress page of one appraisal (supervision committee / residents' committee), with its
 * result. Its forms (app/components/appraisal/PlanActions.tsx, ServiceParts.tsx) are read with one
 * schema per kind (domain/appraisal/plan-page-forms.ts); the workflow checks every command again.
 */
import { tk } from '~/i18n/keys';
import appraisalStyles from '~/components/appraisal/appraisal.css';
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { APPRAISAL_READERS, CADRE_RUNNERS, issueServiceCodes, moderateComment, sendAppraisalCommand, sendServiceCommand, SERVICE_RUNNERS } from '~/appraisal.server';
import { parseWithZod } from '@conform-to/zod/v4';
import { invalidReply, type IntentReply } from '~/admin-forms.server';
import { planPage } from '~/appraisal-pages.server';
import { requireRole } from '~/auth.server';
import { CadreActions } from '~/components/appraisal/PlanActions';
import { ResultChart } from '~/components/appraisal/ResultChart';
import { ServiceParts } from '~/components/appraisal/ServiceParts';
import { idParam, readForm } from '~/forms.server';
import { tOf } from '~/lang.server';
import type { loader as rootLoader } from '~/root';
import { formatShanghaiDate, formatShanghaiDateTime } from '../../domain/calendar';
import { returnsNeeded } from '../../domain/appraisal';
import { appraisalPageFormId, cadrePageFormSchema, servicePageFormSchema, type CadrePageForm, type ServicePageForm } from '../../domain/appraisal/plan-page-forms';
import type { AppraisalWebCommand } from '../../workflows/appraisal/api';
import { hasAnyRole } from '../../domain/roles';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: appraisalStyles }];
export const meta: MetaFunction = () => [{ title: '民主评议 · 民议' }];

async function load(request: Request, params: LoaderFunctionArgs['params']) {
  const { user, community, roles } = await requireRole(request, params.communityId);
  const page = await planPage(community.id, idParam(params.planId), user.id);
  if (!page) throw new Response('Not Found', { status: 404 });
  // Before publication the page is for the committees, the street office and the plan's own people.
  const own = page.kind === 'cadre' && (page.isRater || page.cadre!.subjects.some((x) => x.userId === user.id));
  if (!hasAnyRole(roles, APPRAISAL_READERS) && !own && page.kind === 'cadre') throw new Response('Forbidden', { status: 403 });
  return { user, community, roles, page };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community, roles, page } = await load(request, params);
  return { slug: community.slug, page, viewerId: user.id, isSupervisor: hasAnyRole(roles, CADRE_RUNNERS), mayRunService: hasAnyRole(roles, SERVICE_RUNNERS) };
}

type Reply = IntentReply & { codes?: string[] | undefined };

/** A parsed cadre form as the workflow's command: paper totals per subject still rated, in the plan's order. */
function cadreCommand(f: CadrePageForm, rated: readonly string[]): AppraisalWebCommand {
  switch (f.intent) {
    case 'submitReport':
      return { action: f.intent, subjectId: f.subjectId, text: f.text };
    case 'recordQuestion':
      return { action: f.intent, subjectId: f.subjectId, question: f.question, answer: f.answer };
    case 'issuePaperForms':
      return { action: f.intent, raterIds: f.raterIds };
    case 'recordPaperTotals': {
      const missing = { good: Number.NaN, fair: Number.NaN, poor: Number.NaN }; // a forged post: the workflow's schema refuses it
      return { action: f.intent, totals: { returned: f.returned, void: f.void, subjects: rated.map((subjectId) => ({ subjectId, overall: f.p[subjectId] ?? missing, criteria: [] })) } };
    }
    case 'cancel':
      return { action: f.intent, reason: f.reason };
    default:
      return { action: f.intent };
  }
}

async function serviceCommand(caller: Parameters<typeof sendServiceCommand>[0], planId: string, f: ServicePageForm) {
  switch (f.intent) {
    case 'issueCodes':
      return issueServiceCodes(caller, planId, f.count);
    case 'approve':
    case 'reject':
      return moderateComment(caller, planId, f.commentId, f.intent === 'approve');
    case 'recordReply':
      return sendServiceCommand(caller, planId, { action: f.intent, subjectId: f.subjectId, text: f.text });
    default:
      return sendServiceCommand(caller, planId, { action: f.intent });
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, community, roles, page } = await load(request, params);
  const t = await tOf(request);
  const { formData } = await readForm(request);
  const caller = { userId: user.id, roles, communityId: community.id };
  const submission =
    page.kind === 'cadre' ? parseWithZod(formData, { schema: cadrePageFormSchema }) : parseWithZod(formData, { schema: servicePageFormSchema });
  const formId = appraisalPageFormId(submission.payload);
  if (submission.status !== 'success') return invalidReply(formId, submission);
  const r: { ok: true; codes?: string[] } | { ok: false; key: string; params?: Record<string, string | number> } =
    page.kind === 'cadre'
      ? await sendAppraisalCommand(caller, page.id, cadreCommand(submission.value as CadrePageForm, page.cadre!.subjects.filter((x) => !x.left).map((x) => x.userId)))
      : await serviceCommand(caller, page.id, submission.value as ServicePageForm);
  if (!r.ok) {
    const status = r.key.startsWith('appraisal.errors.notAllowed') ? 403 : 409;
    return data<Reply>({ intent: formId, reply: submission.reply({ formErrors: [tk(t, r.key, r.params)] }) }, { status });
  }
  return data<Reply>({ intent: formId, reply: submission.reply({ resetForm: true }), done: t('appraisal.page.done'), codes: r.codes });
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function AppraisalPage() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const { slug, page, viewerId, isSupervisor, mayRunService } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const replyTo = (formId: string) => (reply?.intent === formId ? reply.reply : null);
  const s = page.cadre;
  return (
    <div className="stack">
      <p><Link to={`/c/${slug}/appraisals`}>{t('appraisal.nav.back')}</Link></p>
      <h1>{page.title}</h1>
      <p className="badge" role="status">{tk(t, `appraisal.stage.${page.stage}`)}</p>
      {reply?.done ? <p className="notice" role="status">{reply.done}</p> : null}
      {page.closesAt && (page.stage === 'rating' || page.stage === 'surveying') ? <p>{t('appraisal.page.closesAt', { at: formatShanghaiDateTime(page.closesAt, lang) })}</p> : null}
      {page.stage === 'published' ? <p><Link to={`/p/${slug}/appraisals/${page.id}`}>{t('appraisal.nav.publicLink')}</Link></p> : null}
      {page.kind === 'service' ? (
        <>
          {page.stage === 'surveying' ? <p><Link className="button" to="rate">{t('appraisal.page.rate')}</Link> <Link to={`/p/${slug}/appraisals/${page.id}/rate`}>{t('appraisal.rate.code')}</Link></p> : null}
          <ServiceParts s={page.service!} comments={page.comments!} mayRun={mayRunService} codes={reply && 'codes' in reply ? (reply.codes as string[] | undefined) : undefined} date={(ms) => formatShanghaiDate(ms, lang)} replyTo={replyTo} />
        </>
      ) : s ? (
        <>
          <section className="card">
            <h2>{t('appraisal.page.progress')}</h2>
            {['planned', 'reports_delivered'].includes(page.stage) ? <p>{t('appraisal.page.meetingAt', { at: formatShanghaiDateTime(s.meetingAt, lang) })}</p> : null}
            <p>{t('appraisal.page.returned', { raters: page.counts!.raters, online: page.counts!.online, paper: page.counts!.paper, needed: returnsNeeded(page.counts!.raters) })}</p>
            {s.paper ? <p>{s.paper.confirmedBy ? t('appraisal.page.paperConfirmed') : t('appraisal.page.paperPending', { by: page.paperEnteredBy ?? '' })}</p> : null}
            {page.isRater && page.stage === 'rating' ? (
              <>
                {page.mine === 'online' ? <p>{t('appraisal.page.rated')}</p> : page.mine === 'paper' ? <p>{t('appraisal.page.paperRated')}</p> : null}
                {page.mine !== 'paper' ? <p><Link className="button" to="rate">{t('appraisal.page.rate')}</Link></p> : null}
              </>
            ) : null}
          </section>
          {s.result ? (
            <section className="card">
              <h2>{t('appraisal.page.result')}</h2>
              <p>{s.result.valid ? t('appraisal.page.valid', { returned: s.result.returned, void: s.result.void }) : t('appraisal.page.invalid', { returned: s.result.returned, needed: s.result.needed })}</p>
              <ResultChart
                scale={s.scale}
                rows={s.subjects.filter((x) => s.result!.subjects[x.userId]).map((x) => {
                  const r = s.result!.subjects[x.userId]!;
                  const notes = [r.overall ? t(`appraisal.overall.${r.overall}`) : '', ...r.flags.filter((f) => f !== 'incompetent').map((f) => t(`appraisal.flag.${f}`))].filter(Boolean);
                  return { name: x.name, counts: r.counts, ratePermille: r.satisfactionPermille, note: notes.join('，') };
                })}
              />
            </section>
          ) : null}
          <section className="card">
            <h2>{t('appraisal.page.reports')}</h2>
            {s.subjects.map((x) => (
              <details key={x.userId}>
                <summary>{x.name}{x.underSixMonths ? ` · ${t('appraisal.flag.underSixMonths')}` : ''}</summary>
                <p className="prose">{x.report ?? t('appraisal.page.noReport')}</p>
              </details>
            ))}
          </section>
          {s.questions.length ? (
            <section className="card">
              <h2>{t('appraisal.page.questions')}</h2>
              <dl>{s.questions.map((qa, i) => <div key={i}><dt>{s.subjects.find((x) => x.userId === qa.subjectId)?.name}：{qa.question}</dt><dd>{qa.answer}</dd></div>)}</dl>
            </section>
          ) : null}
          <CadreActions s={s} raters={page.raters!} isSupervisor={isSupervisor} viewerId={viewerId} replyTo={replyTo} />
        </>
      ) : null}
    </div>
  );
}
