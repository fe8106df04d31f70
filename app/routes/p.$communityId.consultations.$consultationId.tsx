import { getFormProps, getInputProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import consultationStyles from '~/components/consultation/consultation.css';
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ConsultationFacts } from '~/components/consultation/ConsultationFacts';
import { Notice, StateBadge, useDates } from '~/components/consultation/ui';
import { clientOf } from '~/client.server';
import { leaveOpinionWithCode, publicConsultation } from '~/consultations.server';
import { communityBySlug, db } from '~/data.server';
import { idParam, readForm } from '~/forms.server';
import { Field, FormErrors } from '~/components/Field';
import { TextAreaField } from '~/components/FieldKit';
import { tOf } from '~/lang.server';
import { tk } from '../i18n/keys';
import { codeOpinionFormSchema } from '../../domain/consultation';
import { ExportLinks } from '~/components/ExportLinks';
import { useZodForm } from '~/components/useZodForm';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: consultationStyles }];

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d ? `${d.c.title} · 社区协商 · 民议` : '社区协商 · 民议' }];

/**
 * Public, no account: the topic, the parties, the meeting, the outcome, and the opinions without
 * names (domain publicOpinions). Residents without an account leave an opinion with a one-time code.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  const c = await publicConsultation(community.id, idParam(params.consultationId));
  if (!c) throw new Response('Not Found', { status: 404 });
  return {
    community: { slug: community.slug },
    c,
    opinionId: crypto.randomUUID(),
    done: new URL(request.url).searchParams.get('done'),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  const consultationId = idParam(params.consultationId);
  const { formData: form } = await readForm(request);
  const submission = parseWithZod(form, { schema: codeOpinionFormSchema });
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 });
  const v = submission.value;
  const r = await leaveOpinionWithCode(community.id, consultationId, v.opinionId, v.code, v.text, clientOf(context));
  if (!r.ok) return data(submission.reply({ formErrors: [tk(await tOf(request), r.key, r.params ?? {})] }), { status: 400 });
  throw redirect(`/p/${params.communityId}/consultations/${params.consultationId}?done=opinion#top`);
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function PublicConsultation() {
  const { t } = useTranslation();
  const { date } = useDates();
  const { community, c, opinionId, done } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(codeOpinionFormSchema, {
    id: `code-opinion-${opinionId}`, // a new form (and key) after each opinion: the last one's key is never sent again
    lastResult,
    defaultValue: { opinionId },
  });
  const busy = useNavigation().state === 'submitting';
  return (
    <div className="stack" id="top">
      <p>
        <Link to={`/p/${community.slug}/consultations`}>{t('consultation.ui.nav.publicConsultations')}</Link>
        {' · '}
        <Link to={`/p/${community.slug}/catalogue`}>{t('consultation.ui.nav.publicCatalogue')}</Link>
      </p>
      <p className="muted">{t('consultation.ui.detail.number', { number: c.number })}</p>
      <h1>{c.title}</h1>
      <p>
        {t('consultation.ui.detail.state')}：<StateBadge state={c.state} />
      </p>
      <Notice>{done === 'opinion' ? t('consultation.ui.detail.opinionThanks') : ''}</Notice>
      <ConsultationFacts
        s={{
          number: c.number,
          state: c.state,
          title: c.title,
          description: c.description,
          origin: c.origin,
          item: c.item ? ({ ...c.item } as never) : null,
          catalogueVersion: c.catalogueVersion,
          parties: c.parties,
          topicPublishedAt: c.topicPublishedAt,
          meeting: c.meeting ? { ...c.meeting, scheduledAt: 0, scheduledBy: '' } : null,
          meetingRecord: c.meetingRecord ? { ...c.meetingRecord, strawPoll: c.meetingRecord.strawPoll ?? undefined, recordedBy: '', recordedAt: 0 } : null,
          outcomeDrafts: c.outcome ? [{ version: 1, text: c.outcome.text, draftedBy: '', draftedAt: 0, reviewDueAt: 0 }] : [],
          outcomePublishedAt: c.outcome?.publishedAt ?? null,
          outcomeReviewed: c.outcome?.reviewed ?? null,
          feedback: c.feedback.map((f) => ({ ...f, reportedBy: '' })),
          closedAt: c.closedAt,
          cancelledAt: c.cancelledAt,
          cancelReason: c.cancelReason,
        }}
        opinionsOpenAt={c.opinionsOpenAt}
        opinionsCloseAt={c.opinionsCloseAt}
        catalogueYear={null}
      />

      {c.opinionsOpen ? (
        <section className="card" aria-labelledby="code-h">
          <h2 id="code-h">{t('consultation.ui.public.leaveWithCode')}</h2>
          <p className="muted">{t('consultation.ui.public.codeIntro')}</p>
          <p className="muted">{t('consultation.ui.detail.opinionPrivacy')}</p>
          <Form method="post" className="form" {...getFormProps(form)}>
            <FormErrors errors={form.errors} />
            <input {...getInputProps(fields.opinionId, { type: 'hidden' })} />
            <Field meta={fields.code} label={t('consultation.ui.public.code')} hint={t('consultation.ui.public.codeHint')} autoCapitalize="characters" autoComplete="off" maxLength={20} />
            <TextAreaField meta={fields.text} label={t('consultation.ui.detail.yourOpinion')} maxLength={1000} rows={5} />
            <button type="submit" disabled={busy}>
              {t('consultation.ui.detail.opinionSubmit')}
            </button>
          </Form>
          <p>
            <Link to={`/login?redirectTo=${encodeURIComponent(`/c/${community.slug}/consultations/${c.id}`)}`}>
              {t('consultation.ui.public.signInInstead')}
            </Link>
          </p>
        </section>
      ) : null}

      <section className="card" aria-labelledby="opinions-h">
        <h2 id="opinions-h">{t('consultation.ui.public.opinionsTitle', { count: c.opinions.length })}</h2>
        {c.opinions.length === 0 ? <p>{t('consultation.ui.detail.noOpinions')}</p> : null}
        <ol className="opinions">
          {c.opinions.map((o) => (
            <li key={o.number}>
              <p className="muted">{t('consultation.ui.public.opinionNumber', { number: o.number, date: date(o.submittedOn) })}</p>
              <p>{o.text}</p>
              {o.answer ? <p className="answer">{t('consultation.ui.public.answer', { date: date(o.answer.answeredOn), text: o.answer.text })}</p> : null}
            </li>
          ))}
        </ol>
        {c.opinions.length ? <ExportLinks base={`/p/${community.slug}/consultations/${c.id}/opinions`} /> : null}
      </section>
    </div>
  );
}
