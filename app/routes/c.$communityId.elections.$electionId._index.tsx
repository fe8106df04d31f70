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
import { fieldsOf, firstIssue, formKey, idParam, readForm } from '~/forms.server';
import { resultObjectionSchema, resultRulingSchema } from '../../domain/election/forms';
import { tk } from '../i18n/keys';
import { phaseSteps, resultPublished, resultsUnderObjection, votingOpen } from '../../domain/election/phases';

export const links = electionLinks;
export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d?.title ?? '换届选举'} · 民议` }];

const COMMANDS = ['publishRegister', 'finalizeCandidates', 'closePolls', 'tally', 'openNextRound'] as const;

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
  const intent = String(form.get('intent') ?? '');
  const key = formKey(form);
  let command: ElectionCommand;
  let permission: Parameters<typeof authorizeElection>[3];
  if ((COMMANDS as readonly string[]).includes(intent)) {
    command = { action: intent as (typeof COMMANDS)[number] } as ElectionCommand;
    permission = intent as (typeof COMMANDS)[number];
  } else if (intent === 'objectToResult' || intent === 'ruleOnObjection') {
    // Texts go into the workflow's history: parsed and capped here, before anything is sent.
    const v =
      intent === 'objectToResult'
        ? resultObjectionSchema.safeParse(fieldsOf(form, 'body'))
        : resultRulingSchema.safeParse({ ...fieldsOf(form, 'objectionId', 'reasons'), ruling: form.get('ruling') === 'upheld' ? 'upheld' : 'dismissed' });
    if (!v.success) return data({ refusal: firstIssue(v.error), intent }, { status: 400 });
    command = 'body' in v.data ? { action: 'objectToResult', objectionId: key, body: v.data.body } : { action: 'ruleOnObjection', ...v.data };
    permission = intent;
  } else throw new Response('Bad Request', { status: 400 });
  const access = await authorizeElection(request, params.communityId, idParam(params.electionId), permission);
  const result = await sendElectionCommand(access.election.id, access.actor, command, key);
  if (!result.ok) return data({ refusal: { key: result.key, params: result.params }, intent }, { status: 400 });
  throw redirect(`/c/${access.community.slug}/elections/${access.election.id}?done=${intent}`);
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function ElectionOverview() {
  const { t } = useTranslation();
  const lang = useLang();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === 'submitting';
  const done = params.get('done');
  const steps = phaseSteps(d.phase);
  const dates = electionDates(d.plan.electionDay, { candidateListLeadDays: d.plan.candidateListLeadDays });
  const shownDates = ['registrationFirstDay', 'registrationLastDay', 'registerPublishLastDay', 'objectionsLastDay', 'nominationFirstDay', 'nominationLastDay', 'candidateListPublishLastDay', 'proxyApplicationsLastDay', 'electionDay', 'runoffLastDay'] as const;
  const hint: Partial<Record<CommandAction, string>> = {
    publishRegister: t('electionUi.actions.publishRegisterHint'),
    finalizeCandidates: t('electionUi.actions.finalizeHint', { margin: d.plan.memberMargin }),
    closePolls: t('electionUi.actions.closeHint'),
    tally: t('electionUi.actions.tallyHint'),
    openNextRound: d.nextRound ? t('electionUi.actions.openNextRoundHint', { dueBy: formatMoment(d.nextRound.dueBy, lang, d.dayMs) }) : '',
  };
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

      {d.offered.length > 0 ? (
        <section className="card" aria-labelledby="next">
          <h2 id="next">{t('electionUi.overview.nextSteps')}</h2>
          {result?.refusal ? <Refusal refusal={result.refusal} dayMs={d.dayMs} /> : null}
          {d.offered.map((o) => {
            const later = o.allowedFrom !== null && o.allowedFrom > d.now;
            const label = o.action === 'openNextRound' && d.nextRound ? t('electionUi.actions.openNextRound', { kind: t(`election.rounds.${d.nextRound.kind}`) }) : tk(t, `electionUi.actions.${o.action}`);
            return (
              <div key={o.action} className="el-action">
                {o.action === 'openNextRound' && d.nextRound ? (
                  <div>
                    <p>{t('electionUi.round.due', { kind: t(`election.rounds.${d.nextRound.kind}`) })}</p>
                    <ul>
                      {d.nextRound.sections.map((x) => (
                        <li key={x.office}>{t('electionUi.round.section', { office: t(`election.offices.${x.office}`), seats: x.seats, names: x.names.join('、') })}</li>
                      ))}
                    </ul>
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
      ) : null}

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

      {d.round ? (
        <section className="card" aria-labelledby="round">
          <h2 id="round">{t('electionUi.round.current', { no: d.round.no, kind: t(`election.rounds.${d.round.kind}`) })}</h2>
          <ul>
            {d.round.sections.map((x) => (
              <li key={x.office}>{t('electionUi.round.section', { office: t(`election.offices.${x.office}`), seats: x.seats, names: x.names.join('、') })}</li>
            ))}
          </ul>
          {d.counts && (d.onCommittee || d.roles.includes('supervisor') || d.roles.includes('street_office_admin')) ? (
            <p>{t('electionUi.round.ballots', d.counts)}</p>
          ) : null}
          {d.isVoter && votingOpen(d.phase) ? (
            <p>
              <Link to="vote" className="button el-full">
                {t('electionUi.nav.vote')}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {resultPublished(d.phase) && d.roles.includes('street_office_admin') ? <p><Link to="certify" className="button">{t('admin.certify.link')}</Link></p> : null}
      {resultsUnderObjection(d.phase) || d.objections.length ? (
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
                {o.status === 'open' && d.mayRule ? (
                  <Form method="post" className="el-form">
                    <Key value={d.key} />
                    <input type="hidden" name="objectionId" value={o.id} />
                    <label htmlFor={`reasons-${o.id}`}>{t('electionUi.supervise.reasons')}</label>
                    <textarea id={`reasons-${o.id}`} name="reasons" required />
                    <label className="el-check">
                      <input type="radio" name="ruling" value="dismissed" defaultChecked /> {t('electionUi.supervise.dismiss')}
                    </label>
                    <label className="el-check">
                      <input type="radio" name="ruling" value="upheld" /> {t('electionUi.supervise.uphold')}
                    </label>
                    <button type="submit" name="intent" value="ruleOnObjection">
                      {t('electionUi.supervise.rule')}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
          {resultsUnderObjection(d.phase) && d.maySupervise ? (
            <Form method="post" className="el-form el-action">
              <h3>{t('electionUi.supervise.title')}</h3>
              <p className="el-hint">{t('electionUi.supervise.hint')}</p>
              <Key value={d.key} />
              <label htmlFor="body">{t('electionUi.supervise.body')}</label>
              <textarea id="body" name="body" required />
              <button type="submit" name="intent" value="objectToResult">
                {t('electionUi.supervise.submit')}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section className="card" aria-labelledby="steps">
        <h2 id="steps">{t('electionUi.overview.steps')}</h2>
        <ol className="el-steps">
          {steps.map(({ phase: p, state }) => (
            <li key={p} className={`is-${state}`}>
              <span>{t(`election.phases.${p}`)}</span>
              <span className="el-state">{t(`electionUi.overview.${state}`)}</span>
            </li>
          ))}
        </ol>
      </section>

      <section className="card" aria-labelledby="plan">
        <h2 id="plan">{t('electionUi.overview.plan')}</h2>
        <dl className="el-facts">
          <dt>{t('electionUi.overview.electionDay')}</dt>
          <dd>{formatCivil(d.plan.electionDay, lang)}</dd>
          <dt>{t('electionUi.overview.mode')}</dt>
          <dd>{t(`election.modes.${d.plan.mode}`)}</dd>
          <dt>{t('electionUi.overview.seats')}</dt>
          <dd>{t('electionUi.overview.seatsValue', d.plan.seats)}</dd>
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
          {shownDates.map((k) => (
            <div key={k} style={{ display: 'contents' }}>
              <dt>{t(`election.timeline.${k}`)}</dt>
              <dd>{formatCivil(dates[k], lang)}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
