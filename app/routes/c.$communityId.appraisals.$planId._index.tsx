/** The plan and progress page of one appraisal (supervision committee / residents' committee), with its result. */
import { tk } from '~/i18n/keys';
import appraisalStyles from '~/components/appraisal/appraisal.css';
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { APPRAISAL_READERS, CADRE_RUNNERS, issueServiceCodes, moderateComment, sendAppraisalCommand, sendServiceCommand, SERVICE_RUNNERS } from '~/appraisal.server';
import { cadreCommandFrom, serviceCommandFrom } from '~/appraisal-forms.server';
import { planPage } from '~/appraisal-pages.server';
import { requireRole } from '~/auth.server';
import { CadreActions } from '~/components/appraisal/PlanActions';
import { ResultChart } from '~/components/appraisal/ResultChart';
import { ServiceParts } from '~/components/appraisal/ServiceParts';
import { ErrorSummary } from '~/components/ErrorSummary';
import { idParam, readForm } from '~/forms.server';
import { tOf } from '~/lang.server';
import type { loader as rootLoader } from '~/root';
import { formatShanghaiDate, formatShanghaiDateTime } from '../../domain/calendar';
import { returnsNeeded } from '../../domain/appraisal';
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

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, community, roles, page } = await load(request, params);
  const t = await tOf(request);
  const { formData: f } = await readForm(request);
  const caller = { userId: user.id, roles, communityId: community.id };
  const intent = f.get('intent');
  let r: { ok: true; codes?: string[] } | { ok: false; key: string; params?: Record<string, string | number> };
  if (page.kind === 'cadre') {
    const c = cadreCommandFrom(f, page.cadre!.subjects.filter((x) => !x.left).map((x) => x.userId));
    r = c ? await sendAppraisalCommand(caller, page.id, c) : { ok: false, key: 'form.invalid' };
  } else if (intent === 'issueCodes') {
    r = await issueServiceCodes(caller, page.id, Number(f.get('count')));
  } else if (intent === 'approve' || intent === 'reject') {
    r = await moderateComment(caller, page.id, String(f.get('commentId') ?? ''), intent === 'approve');
  } else {
    const c = serviceCommandFrom(f);
    r = c ? await sendServiceCommand(caller, page.id, c) : { ok: false, key: 'form.invalid' };
  }
  if (!r.ok) return data({ error: tk(t, r.key, r.params), codes: undefined }, { status: 400 });
  return { error: null, codes: r.codes };
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function AppraisalPage() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const { slug, page, viewerId, isSupervisor, mayRunService } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const s = page.cadre;
  return (
    <div className="stack">
      <p><Link to={`/c/${slug}/appraisals`}>{t('appraisal.nav.back')}</Link></p>
      <h1>{page.title}</h1>
      <p className="badge" role="status">{tk(t, `appraisal.stage.${page.stage}`)}</p>
      {reply?.error ? <ErrorSummary formErrors={[reply.error]} labelOf={(x) => x} /> : reply ? <p className="notice" role="status">{t('appraisal.page.done')}</p> : null}
      {page.closesAt && (page.stage === 'rating' || page.stage === 'surveying') ? <p>{t('appraisal.page.closesAt', { at: formatShanghaiDateTime(page.closesAt, lang) })}</p> : null}
      {page.stage === 'published' ? <p><Link to={`/p/${slug}/appraisals/${page.id}`}>{t('appraisal.nav.publicLink')}</Link></p> : null}
      {page.kind === 'service' ? (
        <>
          {page.stage === 'surveying' ? <p><Link className="button" to="rate">{t('appraisal.page.rate')}</Link> <Link to={`/p/${slug}/appraisals/${page.id}/rate`}>{t('appraisal.rate.code')}</Link></p> : null}
          <ServiceParts s={page.service!} comments={page.comments!} mayRun={mayRunService} codes={reply?.codes} date={(ms) => formatShanghaiDate(ms, lang)} />
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
          <CadreActions s={s} raters={page.raters!} isSupervisor={isSupervisor} viewerId={viewerId} />
        </>
      ) : null}
    </div>
  );
}
