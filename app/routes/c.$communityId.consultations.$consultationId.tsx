import consultationStyles from '~/components/consultation/consultation.css';
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/auth.server';
import { ActionForms } from '~/components/consultation/ActionForms';
import { ConsultationFacts } from '~/components/consultation/ConsultationFacts';
import { Notice, Refusal, StateBadge, useDates, type Refused } from '~/components/consultation/ui';
import {
  GUARDS,
  MAX_CODES_PER_BATCH,
  answerOpinion,
  callerOf,
  commandFromForm,
  consultationPage,
  issueCodes,
  leaveOpinion,
  sendConsultationCommand,
} from '~/consultations.server';
import {
  answerFormSchema,
  consultationCommandFormSchema,
  consultationDeadlines,
  issueCodesFormSchema,
  opinionFormSchema,
} from '../../domain/consultation';
import { fieldsOf, firstIssue, idParam, readForm } from '~/forms.server';
import { dataT } from '../i18n/keys';

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

type ActionResult = { intent: string; action?: string; opinionId?: string; error?: Refused; codes?: string[]; batch?: number };

export async function action({ request, params }: ActionFunctionArgs) {
  const id = idParam(params.consultationId);
  // Before the body is read: someone of this community who may do at least one thing on this page.
  // (Computed here: GUARDS comes from a .server module, absent from the browser bundle.)
  await requireRole(request, params.communityId, [...GUARDS.leaveOpinion, ...GUARDS.answerOpinion, ...GUARDS.issueCodes, ...GUARDS.command]);
  const { formData: form } = await readForm(request);
  const intent = String(form.get('intent') ?? '');
  const back = (done: string) => redirect(`/c/${params.communityId}/consultations/${id}?done=${done}#top`);
  const fail = (r: ActionResult) => data<ActionResult>(r, { status: 400 });
  switch (intent) {
    case 'opinion': {
      const caller = callerOf(await requireRole(request, params.communityId, GUARDS.leaveOpinion));
      const v = opinionFormSchema.safeParse(fieldsOf(form, 'opinionId', 'text'));
      if (!v.success) return fail({ intent, error: firstIssue(v.error) });
      const r = await leaveOpinion(caller, id, v.data.opinionId, v.data.text);
      return r.ok ? back('opinion') : fail({ intent, error: r });
    }
    case 'answer': {
      const caller = callerOf(await requireRole(request, params.communityId, GUARDS.answerOpinion));
      const opinionId = String(form.get('opinionId') ?? '').slice(0, 40);
      const v = answerFormSchema.safeParse(fieldsOf(form, 'opinionId', 'text'));
      if (!v.success) return fail({ intent, opinionId, error: firstIssue(v.error) });
      const r = await answerOpinion(caller, id, v.data.opinionId, v.data.text);
      return r.ok ? back('answer') : fail({ intent, opinionId, error: r });
    }
    case 'codes': {
      const caller = callerOf(await requireRole(request, params.communityId, GUARDS.issueCodes));
      const v = issueCodesFormSchema.safeParse(fieldsOf(form, 'count'));
      if (!v.success) return fail({ intent, error: { key: 'consultation.ui.errors.codeCount', params: { max: MAX_CODES_PER_BATCH } } });
      const r = await issueCodes(caller, id, v.data.count);
      return r.ok ? data<ActionResult>({ intent, codes: r.codes, batch: r.batch }) : fail({ intent, error: r });
    }
    case 'command': {
      const caller = callerOf(await requireRole(request, params.communityId, GUARDS.command));
      const shaped = commandFromForm(form);
      const key = form.get('key'); // `<uuid>-<action>`, one per rendered form
      if (!shaped || typeof key !== 'string' || key === '' || key.length > 100) return fail({ intent, error: { key: 'consultation.ui.errors.badForm' } });
      // The same schemas (and length caps) as the workflow's validator, before anything is sent.
      const v = consultationCommandFormSchema.safeParse(shaped);
      if (!v.success) return fail({ intent, action: shaped.action, error: firstIssue(v.error, 'consultation.ui.errors.badForm') });
      const command = v.data as typeof shaped;
      const r = await sendConsultationCommand(caller, id, command, key);
      return r.ok ? back(command.action) : fail({ intent, action: command.action, error: r });
    }
    default:
      return fail({ intent, error: { key: 'consultation.ui.errors.badForm' } });
  }
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function ConsultationPage() {
  const { t } = useTranslation();
  const { dateTime, date } = useDates();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === 'submitting';
  const s = d.snapshot;
  const errorOf = (intent: string) => (result?.intent === intent ? result.error : null);
  const publicUrl = `/p/${d.community.slug}/consultations/${d.row.id}`;
  const doneText = d.done === 'opinion' ? t('consultation.ui.detail.opinionThanks') : d.done ? t('consultation.ui.detail.done') : '';
  const commandActions = d.actions.filter((a) => a.action !== 'leaveOpinion' && a.action !== 'answerOpinion');
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
      {result?.intent === 'command' && !commandActions.some((a) => a.action === result.action) ? <Refusal error={result.error} /> : null}

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
        error={result?.intent === 'command' ? result.error : null}
        errorAction={result?.intent === 'command' ? (result.action ?? null) : null}
        busy={busy}
      />

      {d.mayLeaveOpinion && d.opinionsOpen ? (
        <section className="card" aria-labelledby="opinion-h">
          <h2 id="opinion-h">{t('consultation.ui.detail.yourOpinion')}</h2>
          <p className="muted">{t('consultation.ui.detail.opinionPrivacy')}</p>
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="opinion" />
            <input type="hidden" name="opinionId" value={d.opinionId} />
            <label htmlFor="opinion-text" className="visually-hidden">
              {t('consultation.ui.detail.yourOpinion')}
            </label>
            <textarea id="opinion-text" name="text" maxLength={1000} required />
            <Refusal error={errorOf('opinion')} />
            <button type="submit" disabled={busy}>
              {t('consultation.ui.detail.opinionSubmit')}
            </button>
          </Form>
        </section>
      ) : (
        <Refusal error={errorOf('opinion')} />
      )}

      {d.myOpinions.length ? (
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
      ) : null}

      {d.opinions ? (
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
                  <Form method="post" className="form">
                    <input type="hidden" name="intent" value="answer" />
                    <input type="hidden" name="opinionId" value={o.id} />
                    <label htmlFor={`answer-${o.id}`}>{t('consultation.ui.detail.answerLabel')}</label>
                    <textarea id={`answer-${o.id}`} name="text" maxLength={2000} />
                    {result?.intent === 'answer' && result.opinionId === o.id ? <Refusal error={result.error} /> : null}
                    <button type="submit" disabled={busy}>
                      {t('consultation.ui.detail.answerSubmit')}
                    </button>
                  </Form>
                ) : (
                  <p className="muted">{t('consultation.ui.detail.notAnswered')}</p>
                )}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {d.mayIssueCodes ? (
        <section className="card" aria-labelledby="codes-h">
          <h2 id="codes-h">{t('consultation.ui.detail.codes')}</h2>
          <p className="muted">{t('consultation.ui.detail.codesIntro')}</p>
          <p>{t('consultation.ui.detail.codesCount', d.codes)}</p>
          {result?.intent === 'codes' && result.codes ? (
            <div className="codes">
              <h3>{t('consultation.ui.detail.codesNew', { batch: result.batch })}</h3>
              <p>{t('consultation.ui.detail.codesWhere', { url: d.origin + publicUrl })}</p>
              <ul className="code-list">
                {result.codes.map((c) => (
                  <li key={c}>
                    <code>{c}</code>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="codes" />
            <label htmlFor="count">{t('consultation.ui.detail.codesHowMany')}</label>
            <input id="count" name="count" type="number" inputMode="numeric" min={1} max={200} defaultValue={10} />
            <Refusal error={errorOf('codes')} />
            <button type="submit" className="secondary" disabled={busy}>
              {t('consultation.ui.detail.codesIssue')}
            </button>
          </Form>
        </section>
      ) : null}

      {!d.opinions ? (
        <section className="card" aria-labelledby="pub-op-h">
          <h2 id="pub-op-h">{t('consultation.ui.public.opinionsTitle', { count: d.publicOpinions.length })}</h2>
          <ol className="opinions">
            {d.publicOpinions.map((o) => (
              <li key={o.number}>
                <p className="muted">{t('consultation.ui.public.opinionNumber', { number: o.number, date: date(o.submittedOn) })}</p>
                <p>{o.text}</p>
                {o.answer ? <p className="answer">{t('consultation.ui.public.answer', { date: date(o.answer.answeredOn), text: o.answer.text })}</p> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section className="card" aria-labelledby="timeline-h">
        <h2 id="timeline-h">{t('consultation.ui.detail.timeline')}</h2>
        <ol className="timeline">
          {d.events.map((e) => (
            <li key={e.step}>
              <span className="muted">{dateTime(e.at)}</span> {eventLabel(dataT(t), e.action)}
              {e.actorName ? ` · ${e.actorName}` : ` · ${t('consultation.ui.detail.system')}`}
            </li>
          ))}
        </ol>
      </section>
    </div>
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
