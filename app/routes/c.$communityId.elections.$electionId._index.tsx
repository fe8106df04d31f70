import { getFormProps, getTextareaProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { DemoNote, Done, ElectionNav, Key, PhaseBadge, Refusal, electionLinks, formatCivil, formatMoment, navItems, useLang } from '~/components/election/ui';
import { authorizeElection, db, participationCounts, sendElectionCommand, voterOfUser } from '~/elections.server';
import { hasAnyRole } from '../../domain/roles';
import { ACTION_ROLES } from '../../domain/election/permissions';
import { commandAllowedFrom, offeredCommands, type CommandAction, type ElectionCommand } from '../../domain/election/process';
import { electionDates } from '../../domain/election/timeline';
import { formKey, idParam, readForm } from '~/forms.server';
import { OVERVIEW_COMMANDS, overviewFormSchema, resultObjectionSchema, resultRulingSchema } from '../../domain/election/forms';
import { tk } from '../i18n/keys';
import { phaseSteps, resultPublished, resultsUnderObjection, votingOpen } from '../../domain/election/phases';
import { useZodForm } from '~/components/useZodForm';

export const links = electionLinks;
export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d?.title ?? '换届选举'} · 民议` }];

const INTENTS = [...OVERVIEW_COMMANDS, 'objectToResult', 'ruleOnObjection'] as const;
type Intent = (typeof INTENTS)[number];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await authorizeElection(request, params.communityId, idParam(params.electionId), 'view');
  const { election: e, roles, onCommittee, user } = access;
  const s = e.snapshot;
  const voterId = await voterOfUser(db(), e.id, user.id);
  const counts = s.round ? await participationCounts(db(), e.id, s.round.no) : null;
  const offered = offeredCommands(s, access.actor).map((action) => ({ action, allowedFrom: commandAllowedFrom(s, action) }));
  const names = new Map((s.candidates ?? s.nominees).map((n) => [n.voterId, n.name]));
  return {
    slug: access.community.slug,
    electionId: e.id,
    title: e.title,
    phase: e.phase,
    plan: e.plan,
    dayMs: e.dayMs,
    now: Date.now(),
    key: crypto.randomUUID(),
    committee: s.committee,
    warnings: s.listWarnings,
    registerPublished: s.registerPublishedAt !== null,
    round: s.round ? { no: s.round.no, kind: s.round.kind, closableAt: s.round.closableAt, sections: s.round.form.sections.map((x) => ({ office: x.office, seats: x.seats, names: x.candidateIds.map((id) => names.get(id) ?? '—') })) } : null,
    nextRound: s.nextRound ? { kind: s.nextRound.kind, dueBy: s.nextRound.dueBy, sections: s.nextRound.form.sections.map((x) => ({ office: x.office, seats: x.seats, names: x.candidateIds.map((id) => names.get(id) ?? '—') })) } : null,
    counts,
    voidReason: s.voidReason,
    resultsVisibleUntil: s.resultsVisibleUntil,
    objections: s.objections.map((o) => ({ id: o.id, body: o.body, status: o.status, reasons: o.ruling?.reasons ?? null })),
    offered,
    roles,
    onCommittee,
    isVoter: voterId !== null,
    maySupervise: hasAnyRole(roles, ACTION_ROLES.objectToResult),
    mayRule: hasAnyRole(roles, ACTION_ROLES.ruleOnObjection),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Sign-in, community and election are checked before the body is read; the intent's own role after.
  await authorizeElection(request, params.communityId, idParam(params.electionId), 'view');
  const { formData: form } = await readForm(request);
  const key = formKey(form);
  const intent = String(form.get('intent') ?? '');
  if (!INTENTS.includes(intent as Intent)) throw new Response('Bad Request', { status: 400 });
  // Texts go into the workflow's history: parsed and capped here, before anything is sent.
  const submission = parseWithZod(form, { schema: overviewFormSchema });
  if (submission.status !== 'success') {
    const first = Object.values(submission.error ?? {}).flat()[0] ?? 'form.invalid';
    return data({ intent, refusal: { key: first }, reply: submission.reply() }, { status: 400 });
  }
  const v = submission.value;
  const command: ElectionCommand =
    v.intent === 'objectToResult'
      ? { action: 'objectToResult', objectionId: key, body: v.body }
      : v.intent === 'ruleOnObjection'
        ? { action: 'ruleOnObjection', objectionId: v.objectionId, ruling: v.ruling, reasons: v.reasons }
        : { action: v.intent };
  const access = await authorizeElection(request, params.communityId, idParam(params.electionId), v.intent);
  const result = await sendElectionCommand(access.election.id, access.actor, command, key);
  if (!result.ok) return data({ intent, refusal: { key: result.key, params: result.params }, reply: submission.reply() }, { status: 400 });
  throw redirect(`/c/${access.community.slug}/elections/${access.election.id}?done=${intent}`);
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type ActionResult = ReturnType<typeof useActionData<typeof action>>;

export default function ElectionOverview() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get('done');
  return (
    <div className="stack">
      <ElectionNav slug={d.slug} electionId={d.electionId} current="overview" items={navItems(d)} />
      <h1>{d.title}</h1>
      <p>
        {t('electionUi.phaseNow', { phase: '' })}
        <PhaseBadge phase={d.phase} />
      </p>
      <DemoNote dayMs={d.dayMs} />
      {done && !result ? <Done text={t('electionUi.actions.done')} /> : null}
      {d.voidReason ? (
        <p className="el-warn">
          <strong>{t('election.phases.void')}：</strong>
          {tk(t, d.voidReason.key, d.voidReason.params)}
        </p>
      ) : null}
      {d.offered.length > 0 ? <NextSteps d={d} result={result} /> : null}
      {d.warnings.length ? (
        <section className="el-warn" aria-labelledby="warnings">
          <h2 id="warnings">{t('electionUi.overview.warnings')}</h2>
          <ul>
            {d.warnings.map((w) => (
              <li key={w.key}>{tk(t, w.key, w.params)}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {d.round ? <CurrentRound d={d} /> : null}
      {resultPublished(d.phase) && d.roles.includes('street_office_admin') ? (
        <p>
          <Link to="certify" className="button">
            {t('admin.certify.link')}
          </Link>
        </p>
      ) : null}
      {resultsUnderObjection(d.phase) || d.objections.length ? <ResultObjections d={d} result={result} /> : null}
      <Steps phase={d.phase} />
      <Plan d={d} />
    </div>
  );
}

/** The committee's next commands, each a button with when it is allowed. */
function NextSteps({ d, result }: { d: Data; result: ActionResult }) {
  const { t } = useTranslation();
  const lang = useLang();
  const busy = useNavigation().state === 'submitting';
  const hint: Partial<Record<CommandAction, string>> = {
    publishRegister: t('electionUi.actions.publishRegisterHint'),
    finalizeCandidates: t('electionUi.actions.finalizeHint', { margin: d.plan.memberMargin }),
    closePolls: t('electionUi.actions.closeHint'),
    tally: t('electionUi.actions.tallyHint'),
    openNextRound: d.nextRound ? t('electionUi.actions.openNextRoundHint', { dueBy: formatMoment(d.nextRound.dueBy, lang, d.dayMs) }) : '',
  };
  const refusal = result && (OVERVIEW_COMMANDS as readonly string[]).includes(result.intent) ? result.refusal : null;
  return (
    <section className="card" aria-labelledby="next">
      <h2 id="next">{t('electionUi.overview.nextSteps')}</h2>
      {refusal ? <Refusal refusal={refusal} dayMs={d.dayMs} /> : null}
      {d.offered.map((o) => {
        const later = o.allowedFrom !== null && o.allowedFrom > d.now;
        const label = o.action === 'openNextRound' && d.nextRound ? t('electionUi.actions.openNextRound', { kind: t(`election.rounds.${d.nextRound.kind}`) }) : tk(t, `electionUi.actions.${o.action}`);
        return (
          <div key={o.action} className="el-action">
            {o.action === 'openNextRound' && d.nextRound ? (
              <div>
                <p>{t('electionUi.round.due', { kind: t(`election.rounds.${d.nextRound.kind}`) })}</p>
                <Sections sections={d.nextRound.sections} />
              </div>
            ) : null}
            <p className="el-hint">{hint[o.action]}</p>
            <p className={later ? 'el-when' : 'el-hint'}>{later ? t('electionUi.overview.allowedFrom', { at: formatMoment(o.allowedFrom!, lang, d.dayMs) }) : t('electionUi.overview.allowedNow')}</p>
            <Form method="post">
              <Key value={d.key} />
              <button type="submit" name="intent" value={o.action} disabled={busy}>
                {label}
              </button>
            </Form>
          </div>
        );
      })}
    </section>
  );
}

function Sections({ sections }: { sections: { office: string; seats: number; names: string[] }[] }) {
  const { t } = useTranslation();
  return (
    <ul>
      {sections.map((x) => (
        <li key={x.office}>{t('electionUi.round.section', { office: tk(t, `election.offices.${x.office}`), seats: x.seats, names: x.names.join('、') })}</li>
      ))}
    </ul>
  );
}

function CurrentRound({ d }: { d: Data }) {
  const { t } = useTranslation();
  const round = d.round!;
  return (
    <section className="card" aria-labelledby="round">
      <h2 id="round">{t('electionUi.round.current', { no: round.no, kind: t(`election.rounds.${round.kind}`) })}</h2>
      <Sections sections={round.sections} />
      {d.counts && (d.onCommittee || d.roles.includes('supervisor') || d.roles.includes('street_office_admin')) ? <p>{t('electionUi.round.ballots', d.counts)}</p> : null}
      {d.isVoter && votingOpen(d.phase) ? (
        <p>
          <Link to="vote" className="button el-full">
            {t('electionUi.nav.vote')}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

/** A form's conform reply and refusal, when the last submission was this form's. */
function replyFor(result: ActionResult, intent: Intent, objectionId?: string) {
  if (!result || result.intent !== intent) return { reply: undefined, refusal: null };
  const initial = (result.reply.initialValue ?? {}) as Record<string, unknown>;
  if (objectionId && initial.objectionId !== objectionId) return { reply: undefined, refusal: null };
  // A field error is shown at its field; a refusal by the workflow above the form.
  return { reply: result.reply, refusal: result.reply.error ? null : result.refusal };
}

function ResultObjections({ d, result }: { d: Data; result: ActionResult }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <section className="card" aria-labelledby="objections">
      <h2 id="objections">{t('electionUi.public.objections')}</h2>
      {d.resultsVisibleUntil ? <p className="el-hint">{t('electionUi.public.objectWindow', { date: formatMoment(d.resultsVisibleUntil, lang, d.dayMs) })}</p> : null}
      <ul className="el-list">
        {d.objections.map((o) => (
          <li key={o.id}>
            <p>{t('electionUi.public.objectionText', { body: o.body })}</p>
            <p>
              <strong>{t(`electionUi.public.objectionRuling.${o.status}`)}</strong>
              {o.reasons ? ` ${t('electionUi.public.rulingText', { reasons: o.reasons })}` : ''}
            </p>
            {o.status === 'open' && d.mayRule ? <RulingForm objectionId={o.id} formKey={d.key} dayMs={d.dayMs} result={result} /> : null}
          </li>
        ))}
      </ul>
      {resultsUnderObjection(d.phase) && d.maySupervise ? <ObjectionForm formKey={d.key} dayMs={d.dayMs} result={result} /> : null}
    </section>
  );
}

const objectionFormSchema = resultObjectionSchema;
const rulingFormSchema = resultRulingSchema;

/** 对选举结果的异议 (supervisor). */
function ObjectionForm({ formKey, dayMs, result }: { formKey: string; dayMs: number; result: ActionResult }) {
  const { t } = useTranslation();
  const { reply, refusal } = replyFor(result, 'objectToResult');
  const [form, fields] = useZodForm(objectionFormSchema, {
    id: 'object-to-result',
    lastResult: reply,
  });
  return (
    <Form method="post" className="el-form el-action" {...getFormProps(form)}>
      <h3>{t('electionUi.supervise.title')}</h3>
      <p className="el-hint">{t('electionUi.supervise.hint')}</p>
      {refusal ? <Refusal refusal={refusal} dayMs={dayMs} /> : null}
      <Key value={formKey} />
      <label htmlFor={fields.body.id}>{t('electionUi.supervise.body')}</label>
      <textarea {...getTextareaProps(fields.body)} key={fields.body.key} />
      <FieldError errors={fields.body.errors} id={fields.body.errorId} />
      <button type="submit" name="intent" value="objectToResult">
        {t('electionUi.supervise.submit')}
      </button>
    </Form>
  );
}

/** The street office's ruling on one objection to the result. */
function RulingForm({ objectionId, formKey, dayMs, result }: { objectionId: string; formKey: string; dayMs: number; result: ActionResult }) {
  const { t } = useTranslation();
  const { reply, refusal } = replyFor(result, 'ruleOnObjection', objectionId);
  const [form, fields] = useZodForm(rulingFormSchema, {
    id: `rule-${objectionId}`,
    lastResult: reply,
    defaultValue: { objectionId, ruling: 'dismissed' },
  });
  return (
    <Form method="post" className="el-form" {...getFormProps(form)}>
      {refusal ? <Refusal refusal={refusal} dayMs={dayMs} /> : null}
      <Key value={formKey} />
      <input type="hidden" name={fields.objectionId.name} value={objectionId} />
      <label htmlFor={fields.reasons.id}>{t('electionUi.supervise.reasons')}</label>
      <textarea {...getTextareaProps(fields.reasons)} key={fields.reasons.key} />
      <FieldError errors={fields.reasons.errors} id={fields.reasons.errorId} />
      <label className="el-check">
        <input type="radio" name={fields.ruling.name} value="dismissed" defaultChecked={fields.ruling.initialValue !== 'upheld'} /> {t('electionUi.supervise.dismiss')}
      </label>
      <label className="el-check">
        <input type="radio" name={fields.ruling.name} value="upheld" defaultChecked={fields.ruling.initialValue === 'upheld'} /> {t('electionUi.supervise.uphold')}
      </label>
      <button type="submit" name="intent" value="ruleOnObjection">
        {t('electionUi.supervise.rule')}
      </button>
    </Form>
  );
}

function FieldError({ errors, id }: { errors?: string[]; id: string }) {
  const { t } = useTranslation();
  return errors?.length ? (
    <p className="field-error" id={id}>
      {tk(t, errors[0]!)}
    </p>
  ) : null;
}

function Steps({ phase }: { phase: Data['phase'] }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="steps">
      <h2 id="steps">{t('electionUi.overview.steps')}</h2>
      <ol className="el-steps">
        {phaseSteps(phase).map(({ phase: p, state }) => (
          <li key={p} className={`is-${state}`}>
            <span>{t(`election.phases.${p}`)}</span>
            <span className="el-state">{t(`electionUi.overview.${state}`)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

const SHOWN_DATES = ['registrationFirstDay', 'registrationLastDay', 'registerPublishLastDay', 'objectionsLastDay', 'nominationFirstDay', 'nominationLastDay', 'candidateListPublishLastDay', 'proxyApplicationsLastDay', 'electionDay', 'runoffLastDay'] as const;

function Plan({ d }: { d: Data }) {
  const { t } = useTranslation();
  const lang = useLang();
  const dates = electionDates(d.plan.electionDay, { candidateListLeadDays: d.plan.candidateListLeadDays });
  return (
    <section className="card" aria-labelledby="plan">
      <h2 id="plan">{t('electionUi.overview.plan')}</h2>
      <dl className="el-facts">
        <dt>{t('electionUi.overview.electionDay')}</dt>
        <dd>{formatCivil(d.plan.electionDay, lang)}</dd>
        <dt>{t('electionUi.overview.mode')}</dt>
        <dd>{t(`election.modes.${d.plan.mode}`)}</dd>
        <dt>{t('electionUi.overview.seats')}</dt>
        <dd>{t('electionUi.overview.seatsValue', d.plan.seats)}</dd>
        {d.plan.byElection ? (
          <>
            <dt>{t('electionUi.overview.byElection')}</dt>
            <dd>{t('electionUi.overview.byElectionValue', { termEndsOn: formatCivil(d.plan.byElection.termEndsOn, lang) })}</dd>
          </>
        ) : null}
        <dt>{t('electionUi.overview.pollingPlaces')}</dt>
        <dd>{d.plan.pollingPlaces.join('、')}</dd>
        <dt>{t('electionUi.overview.online')}</dt>
        <dd>{d.plan.onlineVoting.enabled ? t('electionUi.overview.onlineOn', { ref: d.plan.onlineVoting.approvalRef }) : t('electionUi.overview.onlineOff')}</dd>
        <dt>{t('electionUi.overview.committee')}</dt>
        <dd>
          {d.committee.map((m, i) => (
            <span key={m.userId}>
              {i > 0 ? '、' : ''}
              {m.name}
              {m.chair ? `（${t('electionUi.overview.chair')}）` : ''}
              {m.left ? t('electionUi.overview.left') : ''}
            </span>
          ))}
        </dd>
      </dl>
      <h3>{t('electionUi.overview.calendar')}</h3>
      <dl className="el-facts">
        {SHOWN_DATES.map((k) => (
          <div key={k} style={{ display: 'contents' }}>
            <dt>{t(`election.timeline.${k}`)}</dt>
            <dd>{formatCivil(dates[k], lang)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
