import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ResultsChart } from '~/components/election/ResultsChart';
import { PhaseBadge, electionLinks, formatCivil, formatMoment, useLang } from '~/components/election/ui';
import { db, disclosuresOf, electionById, findReceipt, publicElection } from '~/elections.server';
import { nameIn } from '~/i18n/names';
import { ExportLinks } from '~/components/ExportLinks';
import type { CandidateListDisclosure, PlanDisclosure, ResultDisclosure } from '../../domain/election/disclosures';
import { Field } from '~/components/Field';
import { idParam, readForm } from '~/forms.server';
import { receiptSchema } from '../../domain/election/forms';
import { resultsUnderObjection, votingOpen } from '../../domain/election/phases';
import { useZodForm } from '~/components/useZodForm';

export const links = electionLinks;
export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d ? `${d.title} · ${d.community.nameZh} · 民议` : '民议' }];

/** Public: no account. Only what DOMAIN.md §6 lets the public see — all of it from the disclosure chain. */
export async function loader({ params }: LoaderFunctionArgs) {
  const e = await publicElection(db(), params.communityId ?? '', idParam(params.electionId));
  if (!e) throw new Response('Not Found', { status: 404 });
  const rows = await disclosuresOf(db(), 'election', e.id);
  const latest = <K extends string>(kind: K) => rows.filter((r) => r.kind === kind).at(-1);
  const plan = latest('election_plan');
  const list = latest('candidate_list');
  const result = latest('election_result');
  const s = (await electionById(db(), e.id))!.snapshot;
  return {
    community: { slug: params.communityId!, nameZh: e.nameZh, nameEn: e.nameEn },
    electionId: e.id,
    title: e.title,
    phase: e.phase,
    dayMs: s.dayMs,
    votingOpen: votingOpen(e.phase) && e.plan.onlineVoting.enabled,
    plan: plan ? { body: plan.body as unknown as PlanDisclosure, at: new Date(plan.publishedAt).getTime(), hash: plan.hash } : null,
    list: list ? { body: list.body as unknown as CandidateListDisclosure, at: new Date(list.publishedAt).getTime(), hash: list.hash } : null,
    result: result
      ? { body: result.body as unknown as ResultDisclosure, at: new Date(result.publishedAt).getTime(), until: result.visibleUntil ? new Date(result.visibleUntil).getTime() : null, hash: result.hash, corrected: result.correctionReason, id: result.id }
      : null,
    objections: s.objections.map((o) => ({ id: o.id, body: o.body, status: o.status, reasons: o.ruling?.reasons ?? null })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const e = await publicElection(db(), params.communityId ?? '', idParam(params.electionId));
  if (!e) throw new Response('Not Found', { status: 404 });
  const submission = parseWithZod((await readForm(request)).formData, { schema: receiptSchema });
  if (submission.status !== 'success') return data({ status: 'invalid' as const, round: null, reply: submission.reply() }, { status: 400 });
  const found = await findReceipt(db(), e.id, submission.value.receipt);
  if (!found) return data({ status: 'notFound' as const, round: null, reply: submission.reply() }, { status: 404 });
  const s = (await electionById(db(), e.id))!.snapshot;
  const counted = s.rounds.some((r) => r.no === found.roundNo);
  return { status: counted ? ('counted' as const) : ('received' as const), round: found.roundNo, reply: submission.reply() };
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function PublicElection() {
  const { t } = useTranslation();
  const lang = useLang();
  const d = useLoaderData<typeof loader>();
  const checked = useActionData<typeof action>();
  const [form, fields] = useZodForm(receiptSchema, {
    id: 'receipt-check',
    lastResult: checked?.reply,
  });
  const busy = useNavigation().state === 'submitting';
  return (
    <div className="stack">
      <p>
        <Link to={`/p/${d.community.slug}/elections`}>← {t('electionUi.public.list', { community: nameIn(lang, d.community) })}</Link>
      </p>
      <h1>{t('electionUi.public.title', { community: nameIn(lang, d.community), title: d.title })}</h1>
      <p>
        {t('electionUi.phaseNow', { phase: '' })}
        <PhaseBadge phase={d.phase} />
      </p>
      {d.votingOpen ? (
        <p>
          <Link to="vote" className="button el-full">
            {t('electionUi.public.voteWithCode')}
          </Link>
        </p>
      ) : null}

      <section aria-labelledby="results">
        <h2 id="results">{t('electionUi.public.results')}</h2>
        {d.result ? (
          <>
            <p className="el-hint">{t('electionUi.public.published', { date: formatMoment(d.result.at, lang, d.dayMs) })}</p>
            {d.result.until && resultsUnderObjection(d.phase) ? <p className="el-hint">{t('electionUi.public.objectWindow', { date: formatMoment(d.result.until, lang, d.dayMs) })}</p> : null}
            <ResultsChart body={d.result.body} />
            <ExportLinks base={`/p/${d.community.slug}/d/${d.result.id}/export`} />
          </>
        ) : (
          <p className="card">{t('electionUi.public.notYet')}</p>
        )}
      </section>

      <section className="card" aria-labelledby="receipt">
        <h2 id="receipt">{t('electionUi.public.receiptTitle')}</h2>
        <p className="el-hint">{t('electionUi.public.receiptHint')}</p>
        <Form method="post" className="el-form" {...getFormProps(form)}>
          <Field meta={fields.receipt} label={t('electionUi.public.receipt')} inputMode="numeric" autoComplete="off" className="el-codeinput" />
          <button type="submit" disabled={busy}>
            {t('electionUi.public.check')}
          </button>
        </Form>
        {checked && checked.status !== 'invalid' ? (
          <p className={checked.status === 'notFound' ? 'form-error' : 'el-ok'} role="status">
            {checked.status === 'counted'
              ? t('electionUi.public.counted', { round: checked.round })
              : checked.status === 'received'
                ? t('electionUi.public.received')
                : t('electionUi.public.notFound')}
          </p>
        ) : null}
      </section>

      {d.objections.length ? (
        <section className="card" aria-labelledby="objections">
          <h2 id="objections">{t('electionUi.public.objections')}</h2>
          <ul className="el-list">
            {d.objections.map((o) => (
              <li key={o.id}>
                <p>{t('electionUi.public.objectionText', { body: o.body })}</p>
                <p>
                  <strong>{t(`electionUi.public.objectionRuling.${o.status}`)}</strong>
                  {o.reasons ? ` ${t('electionUi.public.rulingText', { reasons: o.reasons })}` : ''}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {d.list ? (
        <section className="card" aria-labelledby="list">
          <h2 id="list">{t('electionUi.public.candidates')}</h2>
          <p className="el-hint">{t('electionUi.public.published', { date: formatMoment(d.list.at, lang, d.dayMs) })}</p>
          {d.list.body.offices.map((o) => (
            <div key={o.office}>
              <h3>{t('electionUi.public.officeSeats', { office: t(`election.offices.${o.office}`), seats: o.seats })}</h3>
              <ol>
                {o.candidates.map((c) => (
                  <li key={c.id}>
                    {c.name}（{t(`election.genders.${c.gender}`)}）
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </section>
      ) : null}

      {d.plan ? (
        <section className="card" aria-labelledby="plan">
          <h2 id="plan">{t('electionUi.public.plan')}</h2>
          <dl className="el-facts">
            <dt>{t('electionUi.overview.electionDay')}</dt>
            <dd>{formatCivil(d.plan.body.electionDay, lang)}</dd>
            <dt>{t('electionUi.overview.mode')}</dt>
            <dd>{t(`election.modes.${d.plan.body.mode}`)}</dd>
            <dt>{t('electionUi.overview.seats')}</dt>
            <dd>{t('electionUi.overview.seatsValue', d.plan.body.seats)}</dd>
            <dt>{t('electionUi.overview.pollingPlaces')}</dt>
            <dd>{d.plan.body.pollingPlaces.join('、')}</dd>
            <dt>{t('electionUi.overview.online')}</dt>
            <dd>{d.plan.body.onlineVoting.enabled ? t('electionUi.overview.onlineOn', { ref: d.plan.body.onlineVoting.approvalRef }) : t('electionUi.overview.onlineOff')}</dd>
            <dt>{t('electionUi.overview.committee')}</dt>
            <dd>{d.plan.body.committee.map((m) => `${m.name}${m.chair ? `（${t('electionUi.overview.chair')}）` : ''}`).join('、')}</dd>
          </dl>
        </section>
      ) : null}

      <p className="el-hint">
        {t('electionUi.public.chain')} <Link to={`/p/${d.community.slug}`}>{t('electionUi.public.board')}</Link>
      </p>
    </div>
  );
}
