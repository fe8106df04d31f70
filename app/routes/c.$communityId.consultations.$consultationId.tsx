import type { SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import consultationStyles from '~/components/consultation/consultation.css';
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/auth.server';
import { ActionForms } from '~/components/consultation/ActionForms';
import { ConsultationFacts } from '~/components/consultation/ConsultationFacts';
import { FormErrors } from '~/components/Field';
import { AnswerForm, CodesForm, OpinionForm } from '~/components/consultation/OpinionForms';
import { Notice, StateBadge, useDates } from '~/components/consultation/ui';
import {
  GUARDS,
  answerOpinion,
  callerOf,
  consultationPage,
  issueCodes,
  leaveOpinion,
  sendConsultationCommand,
} from '~/consultations.server';
import { answerFormSchema, consultationActionFormSchema, consultationDeadlines, issueCodesFormSchema, opinionFormSchema } from '../../domain/consultation';
import { idParam, readForm } from '~/forms.server';
import { tOf } from '~/lang.server';
import { dataT, tk } from '../i18n/keys';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: consultationStyles }];

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d ? `${d.row.title} · 协商 · 民议` : '协商 · 民议' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requireRole(request, params.communityId);
  const page = await consultationPage(callerOf(auth), idParam(params.consultationId));
  if (!page) throw new Response('Not Found', { status: 404 });
  const deadlines = consultationDeadlines(
    { ...page.snapshot, opinions: [] },
    { now: Date.now(), dayMs: page.dayMs, periods: page.periods },
  );
  return {
    community: { slug: auth.community.slug },
    ...page,
    // Offered meeting time: the earliest the rules allow, at least one day (and a few seconds to fill
    // in the form) from now, in whole seconds.
    defaultMeetingAt: Math.ceil(Math.max(deadlines.earliestMeetingAt ?? 0, Date.now() + page.dayMs + 10_000) / 1000) * 1000,
    key: crypto.randomUUID(),
    opinionId: crypto.randomUUID(),
    done: new URL(request.url).searchParams.get('done'),
    origin: new URL(request.url).origin,
  };
}

type Reply = SubmissionResult<string[]>;
type ActionResult = { intent: string; action?: string; opinionId?: string; reply: Reply; codes?: string[]; batch?: number };

export async function action({ request, params }: ActionFunctionArgs) {
  const id = idParam(params.consultationId);
  // Before the body is read: someone of this community who may do at least one thing on this page.
  // (Computed here: GUARDS comes from a .server module, absent from the browser bundle.)
  await requireRole(request, params.communityId, [...GUARDS.leaveOpinion, ...GUARDS.answerOpinion, ...GUARDS.issueCodes, ...GUARDS.command]);
  const { formData: form } = await readForm(request);
  const t = await tOf(request);
  const intent = String(form.get('intent') ?? '');
  const back = (done: string) => redirect(`/c/${params.communityId}/consultations/${id}?done=${done}#top`);
  const fail = (r: ActionResult) => data<ActionResult>(r, { status: 400 });
  const refused = (submission: { reply: (o?: { formErrors: string[] }) => Reply }, r: { key: string; params?: Record<string, string | number> }) =>
    submission.reply({ formErrors: [tk(t, r.key, r.params ?? {})] });
  switch (intent) {
    case 'opinion': {
      const caller = callerOf(await requireRole(request, params.communityId, GUARDS.leaveOpinion));
      const submission = parseWithZod(form, { schema: opinionFormSchema });
      if (submission.status !== 'success') return fail({ intent, reply: submission.reply() });
      const r = await leaveOpinion(caller, id, submission.value.opinionId, submission.value.text);
      return r.ok ? back('opinion') : fail({ intent, reply: refused(submission, r) });
    }
    case 'answer': {
      const caller = callerOf(await requireRole(request, params.communityId, GUARDS.answerOpinion));
      const opinionId = String(form.get('opinionId') ?? '').slice(0, 40);
      const submission = parseWithZod(form, { schema: answerFormSchema });
      if (submission.status !== 'success') return fail({ intent, opinionId, reply: submission.reply() });
      const r = await answerOpinion(caller, id, submission.value.opinionId, submission.value.text);
      return r.ok ? back('answer') : fail({ intent, opinionId, reply: refused(submission, r) });
    }
    case 'codes': {
      const caller = callerOf(await requireRole(request, params.communityId, GUARDS.issueCodes));
      const submission = parseWithZod(form, { schema: issueCodesFormSchema });
      if (submission.status !== 'success') return fail({ intent, reply: submission.reply() });
      const r = await issueCodes(caller, id, submission.value.count);
      return r.ok ? data<ActionResult>({ intent, reply: submission.reply({ resetForm: true }), codes: r.codes, batch: r.batch }) : fail({ intent, reply: refused(submission, r) });
    }
    case 'command': {
      const caller = callerOf(await requireRole(request, params.communityId, GUARDS.command));
      // The same schemas (and length caps) as the workflow's validator, before anything is sent.
      const submission = parseWithZod(form, { schema: consultationActionFormSchema });
      const action = String(submission.payload.action ?? '').slice(0, 40);
      const key = form.get('key'); // `<uuid>-<action>`, one per rendered form
      if (typeof key !== 'string' || key === '' || key.length > 100) return fail({ intent, action, reply: refused(submission, { key: 'consultation.ui.errors.badForm' }) });
      if (submission.status !== 'success') return fail({ intent, action, reply: submission.reply() });
      const r = await sendConsultationCommand(caller, id, submission.value, key);
      return r.ok ? back(submission.value.action) : fail({ intent, action, reply: refused(submission, r) });
    }
    default:
      return fail({ intent, reply: { status: 'error', error: { '': [tk(t, 'consultation.ui.errors.badForm')] } } });
  }
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function ConsultationPage() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === 'submitting';
  const s = d.snapshot;
  const replyOf = (intent: string) => (result?.intent === intent ? result.reply : null);
  const publicUrl = `/p/${d.community.slug}/consultations/${d.row.id}`;
  const doneText = d.done === 'opinion' ? t('consultation.ui.detail.opinionThanks') : d.done ? t('consultation.ui.detail.done') : '';
  const commandActions = d.actions.filter((a) => a.action !== 'leaveOpinion' && a.action !== 'answerOpinion');
  const stale = (intent: string, shown: boolean) => (result?.intent === intent && !shown ? <FormErrors errors={result.reply.error?.[''] ?? null} /> : null);
  return (
    <div className="stack" id="top">
      <p>
        <Link to={`/c/${d.community.slug}/consultations`}>{t('consultation.ui.nav.back')}</Link>
      </p>
      <p className="muted">{t('consultation.ui.detail.number', { number: d.row.number })}</p>
      <h1>{s.title}</h1>
      <p>
        {t('consultation.ui.detail.state')}：<StateBadge state={s.state} />
      </p>
      <Notice>{doneText}</Notice>
      {stale('command', commandActions.some((a) => a.action === result?.action))}

      <ConsultationFacts
        s={{ ...s, number: d.row.number }}
        opinionsOpenAt={d.row.opinionsOpenAt ? new Date(d.row.opinionsOpenAt).getTime() : null}
        opinionsCloseAt={d.opinionsCloseAt}
        catalogueYear={d.row.catalogueYear}
        internal
      />
      {s.motionId ? (
        <p>
          {t('consultation.ui.detail.motion')}：<Link to={`/c/${d.community.slug}/motions/${s.motionId}`}>{t('consultation.ui.list.forMotion')}</Link>
        </p>
      ) : null}
      {s.topicPublishedAt !== null ? (
        <p>
          <Link to={publicUrl}>{t('consultation.ui.detail.publicPage')}</Link>
        </p>
      ) : null}

      <ActionForms
        key={d.row.step}
        actions={commandActions}
        item={s.item}
        parties={s.parties}
        defaultMeetingAt={d.defaultMeetingAt}
        idempotencyKey={d.key}
        lastResult={replyOf('command')}
        resultAction={result?.intent === 'command' ? (result.action ?? null) : null}
        busy={busy}
      />

      {d.mayLeaveOpinion && d.opinionsOpen ? (
        <section className="card" aria-labelledby="opinion-h">
          <h2 id="opinion-h">{t('consultation.ui.detail.yourOpinion')}</h2>
          <p className="muted">{t('consultation.ui.detail.opinionPrivacy')}</p>
          <OpinionForm opinionId={d.opinionId} lastResult={replyOf('opinion')} busy={busy} />
        </section>
      ) : (
        stale('opinion', false)
      )}
      <MyOpinions d={d} />
      <InternalOpinions d={d} result={result} busy={busy} />
      {d.mayIssueCodes ? (
        <section className="card" aria-labelledby="codes-h">
          <h2 id="codes-h">{t('consultation.ui.detail.codes')}</h2>
          <p className="muted">{t('consultation.ui.detail.codesIntro')}</p>
          <p>{t('consultation.ui.detail.codesCount', d.codes)}</p>
          {result?.intent === 'codes' && result.codes ? <NewCodes codes={result.codes} batch={result.batch} where={d.origin + publicUrl} /> : null}
          <CodesForm lastResult={replyOf('codes')} busy={busy} />
        </section>
      ) : null}
      {!d.opinions ? <PublicOpinionList opinions={d.publicOpinions} /> : null}
      <Timeline events={d.events} />
    </div>
  );
}

function MyOpinions({ d }: { d: PageData }) {
  const { t } = useTranslation();
  const { dateTime } = useDates();
  if (!d.myOpinions.length) return null;
  return (
    <section className="card" aria-labelledby="mine-h">
      <h2 id="mine-h">{t('consultation.ui.detail.yourOpinions')}</h2>
      <ul className="opinions">
        {d.myOpinions.map((o) => (
          <li key={o.id}>
            <p>{o.text}</p>
            <p className="muted">{dateTime(o.submittedAt)}</p>
            {o.answer ? <p className="answer">{o.answer}</p> : <p className="muted">{t('consultation.ui.detail.notAnswered')}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function InternalOpinions({ d, result, busy }: { d: PageData; result: ActionResult | undefined; busy: boolean }) {
  const { t } = useTranslation();
  const { dateTime, date } = useDates();
  if (!d.opinions) return null;
  return (
    <section className="card" aria-labelledby="opinions-h">
      <h2 id="opinions-h">{t('consultation.ui.detail.opinions', { count: d.opinions.length })}</h2>
      {d.opinions.length === 0 ? <p>{t('consultation.ui.detail.noOpinions')}</p> : null}
      <ol className="opinions">
        {d.opinions.map((o) => (
          <li key={o.id}>
            <p className="muted">
              {o.viaCode ? t('consultation.ui.detail.viaCode') : o.authorName} · {dateTime(o.submittedAt)}
            </p>
            <p>{o.text}</p>
            {o.answer ? (
              <p className="answer">
                {t('consultation.ui.detail.answered', { date: date(o.answer.answeredAt) })} {o.answer.text}
              </p>
            ) : d.mayAnswer ? (
              <AnswerForm opinionId={o.id} lastResult={result?.intent === 'answer' && result.opinionId === o.id ? result.reply : null} busy={busy} />
            ) : (
              <p className="muted">{t('consultation.ui.detail.notAnswered')}</p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function NewCodes({ codes, batch, where }: { codes: string[]; batch: number | undefined; where: string }) {
  const { t } = useTranslation();
  return (
    <div className="codes">
      <h3>{t('consultation.ui.detail.codesNew', { batch })}</h3>
      <p>{t('consultation.ui.detail.codesWhere', { url: where })}</p>
      <ul className="code-list">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

function PublicOpinionList({ opinions }: { opinions: PageData['publicOpinions'] }) {
  const { t } = useTranslation();
  const { date } = useDates();
  return (
    <section className="card" aria-labelledby="pub-op-h">
      <h2 id="pub-op-h">{t('consultation.ui.public.opinionsTitle', { count: opinions.length })}</h2>
      <ol className="opinions">
        {opinions.map((o) => (
          <li key={o.number}>
            <p className="muted">{t('consultation.ui.public.opinionNumber', { number: o.number, date: date(o.submittedOn) })}</p>
            <p>{o.text}</p>
            {o.answer ? <p className="answer">{t('consultation.ui.public.answer', { date: date(o.answer.answeredOn), text: o.answer.text })}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Timeline({ events }: { events: PageData['events'] }) {
  const { t } = useTranslation();
  const { dateTime } = useDates();
  return (
    <section className="card" aria-labelledby="timeline-h">
      <h2 id="timeline-h">{t('consultation.ui.detail.timeline')}</h2>
      <ol className="timeline">
        {events.map((e) => (
          <li key={e.step}>
            <span className="muted">{dateTime(e.at)}</span> {eventLabel(dataT(t), e.action)}
            {e.actorName ? ` · ${e.actorName}` : ` · ${t('consultation.ui.detail.system')}`}
          </li>
        ))}
      </ol>
    </section>
  );
}

function eventLabel(t: (k: string) => string, action: string): string {
  const k = action.replace(':', '_');
  return k in EVENT_KEYS ? t(`consultation.event.${k}`) : t(`consultation.action.${action}`);
}
const EVENT_KEYS: Record<string, true> = {
  proposeTopic: true,
  motionReleased: true,
  motionSignalFailed: true,
  timer_opinionWindowClosed: true,
  timer_meetingDue: true,
  timer_outcomeOverdue: true,
  timer_reviewWindowEnded: true,
  timer_displayPeriodEnded: true,
  timer_feedbackDue: true,
};
