import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { DemoNote, Done, ElectionNav, Key, Refusal, electionLinks, formatMoment, navItems, useLang } from '~/components/election/ui';
import { authorizeElection, db, pageBase, searchVoters, sendElectionCommand, voterById } from '~/elections.server';
import { neededCandidates } from '../../domain/election/candidates';
import { nomineeSchema, voterPickSchema } from '../../domain/election/forms';
import { OFFICES } from '../../domain/election/plan';
import { commandAllowedFrom } from '../../domain/election/process';
import { fieldsOf, firstIssue, formKey, idParam, readForm } from '~/forms.server';
import { nominationOpen } from '../../domain/election/phases';

export const links = electionLinks;
export const meta: MetaFunction = () => [{ title: '候选人 · 民议' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await authorizeElection(request, params.communityId, idParam(params.electionId), 'view');
  const base = await pageBase(access);
  const e = access.election;
  const s = e.snapshot;
  const nominating = access.onCommittee && nominationOpen(e.phase);
  const q = (new URL(request.url).searchParams.get('q') ?? '').trim().slice(0, 50);
  const matches = nominating && q ? (await searchVoters(db(), e.id, { query: q, limit: 10 })).voters : [];
  const needed = neededCandidates(e.plan);
  return {
    ...base,
    q,
    nominating,
    memberMargin: e.plan.memberMargin,
    now: Date.now(),
    finalizeFrom: commandAllowedFrom(s, 'finalizeCandidates'),
    offices: OFFICES.filter((o) => e.plan.seats[o] > 0).map((office) => ({
      office,
      seats: e.plan.seats[office],
      needed: needed[office],
      nominees: s.nominees.filter((n) => n.office === office).map((n) => ({ voterId: n.voterId, name: n.name, votes: n.nominationVotes })),
      candidates: (s.candidates ?? []).filter((n) => n.office === office).map((n) => ({ voterId: n.voterId, name: n.name })),
    })),
    published: s.candidatesPublishedAt,
    matches: matches.map((m) => ({ id: m.id, name: m.name, group: m.group, householdId: m.householdId })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Every intent here is the election committee's: checked before the body is read.
  const gate = await authorizeElection(request, params.communityId, idParam(params.electionId), 'nominate');
  const { formData: form } = await readForm(request);
  const intent = String(form.get('intent') ?? '');
  const key = formKey(form);
  const access = intent === 'finalize' ? await authorizeElection(request, params.communityId, gate.election.id, 'finalizeCandidates') : gate;
  const e = access.election;
  let result;
  if (intent === 'nominate') {
    const submission = parseWithZod(form, { schema: nomineeSchema });
    if (submission.status !== 'success') return data({ intent, refusal: { key: Object.values(submission.error ?? {})[0]?.[0] ?? 'form.invalid' } }, { status: 400 });
    const v = await voterById(db(), e.id, submission.value.voterId);
    if (!v || v.status !== 'active') return data({ intent, refusal: { key: 'election.errors.voterNotFound' } }, { status: 400 });
    result = await sendElectionCommand(
      e.id,
      access.actor,
      { action: 'addNominee', nominee: { voterId: v.id, name: v.name, gender: v.gender, office: submission.value.office, nominationVotes: submission.value.nominationVotes, userId: v.userId } },
      key,
    );
  } else if (intent === 'unnominate') {
    const pick = voterPickSchema.safeParse(fieldsOf(form, 'voterId'));
    if (!pick.success) return data({ intent, refusal: firstIssue(pick.error) }, { status: 400 });
    result = await sendElectionCommand(e.id, access.actor, { action: 'removeNominee', voterId: pick.data.voterId }, key);
  }
  else if (intent === 'finalize') result = await sendElectionCommand(e.id, access.actor, { action: 'finalizeCandidates' }, key);
  else throw new Response('Bad Request', { status: 400 });
  if (!result.ok) return data({ intent, refusal: { key: result.key, params: result.params } }, { status: 400 });
  throw redirect(`${new URL(request.url).pathname}?done=${intent}`);
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function Candidates() {
  const { t } = useTranslation();
  const lang = useLang();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === 'submitting';
  const later = d.finalizeFrom !== null && d.finalizeFrom > d.now;
  return (
    <div className="stack">
      <ElectionNav slug={d.slug} electionId={d.electionId} current="candidates" items={navItems(d)} />
      <h1>{t('electionUi.candidates.title')}</h1>
      <DemoNote dayMs={d.dayMs} />
      <Done text={!result && params.get('done') ? t('electionUi.actions.done') : null} />

      {d.published ? (
        <section className="card" aria-labelledby="formal">
          <h2 id="formal">{t('electionUi.candidates.formal')}</h2>
          <p className="el-hint">
            {t('electionUi.candidates.published', { date: formatMoment(d.published, lang, d.dayMs) })} {t('electionUi.candidates.formalNote')}
          </p>
          {d.offices.map((o) => (
            <div key={o.office}>
              <h3>{t('electionUi.public.officeSeats', { office: t(`election.offices.${o.office}`), seats: o.seats })}</h3>
              <ol>
                {o.candidates.map((c) => (
                  <li key={c.voterId}>{c.name}</li>
                ))}
              </ol>
            </div>
          ))}
        </section>
      ) : (
        <p className="el-warn">{t('electionUi.candidates.notYet')}</p>
      )}

      {!d.published ? (
        <section className="card" aria-labelledby="nominees">
          <h2 id="nominees">{t('electionUi.candidates.nominees')}</h2>
          {result?.intent === 'unnominate' ? <Refusal refusal={result.refusal} dayMs={d.dayMs} /> : null}
          {d.offices.map((o) => (
            <div key={o.office}>
              <h3>{t('electionUi.candidates.needed', { office: t(`election.offices.${o.office}`), seats: o.seats, needed: o.needed, count: o.nominees.length })}</h3>
              {o.nominees.length === 0 ? <p className="el-muted">{t('electionUi.candidates.noNominees')}</p> : null}
              <ul className="el-list">
                {o.nominees.map((n) => (
                  <li key={n.voterId} className="el-row">
                    <strong className="el-grow">{n.name}</strong>
                    <span className="el-muted">{t('electionUi.candidates.votes', { votes: n.votes })}</span>
                    {d.nominating ? (
                      <Form method="post">
                        <Key value={d.key} />
                        <input type="hidden" name="voterId" value={n.voterId} />
                        <button type="submit" name="intent" value="unnominate" className="secondary" aria-label={`${t('electionUi.candidates.remove')} ${n.name}`}>
                          {t('electionUi.candidates.remove')}
                        </button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          ))}
          {d.nominating ? (
            <div className="el-action">
              <p className="el-hint">{t('electionUi.actions.finalizeHint', { margin: d.memberMargin })}</p>
              <p className={later ? 'el-when' : 'el-hint'}>{later ? t('electionUi.overview.allowedFrom', { at: formatMoment(d.finalizeFrom!, lang, d.dayMs) }) : t('electionUi.overview.allowedNow')}</p>
              {result?.intent === 'finalize' ? <Refusal refusal={result.refusal} dayMs={d.dayMs} /> : null}
              <Form method="post">
                <Key value={d.key} />
                <button type="submit" name="intent" value="finalize" className="el-full" disabled={busy}>
                  {t('electionUi.actions.finalizeCandidates')}
                </button>
              </Form>
            </div>
          ) : null}
        </section>
      ) : null}

      {d.nominating ? (
        <section className="card" aria-labelledby="add">
          <h2 id="add">{t('electionUi.candidates.add')}</h2>
          {result?.intent === 'nominate' ? <Refusal refusal={result.refusal} dayMs={d.dayMs} /> : null}
          <Form method="get" className="el-search" role="search">
            <label htmlFor="q" className="el-sr">
              {t('electionUi.candidates.search')}
            </label>
            <input id="q" name="q" type="text" defaultValue={d.q} placeholder={t('electionUi.candidates.search')} />
            <button type="submit" className="secondary">
              {t('electionUi.register.searchButton')}
            </button>
          </Form>
          <ul className="el-list">
            {d.matches.map((m) => (
              <li key={m.id}>
                <p>
                  <strong>{m.name}</strong> <span className="el-muted">{m.group} · {m.householdId}</span>
                </p>
                <Form method="post" className="el-inline-fields">
                  <Key value={d.key} />
                  <input type="hidden" name="voterId" value={m.id} />
                  <div>
                    <label htmlFor={`office-${m.id}`}>{t('electionUi.candidates.office')}</label>
                    <select id={`office-${m.id}`} name="office">
                      {d.offices.map((o) => (
                        <option key={o.office} value={o.office}>
                          {t(`election.offices.${o.office}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div>
                    <label htmlFor={`votes-${m.id}`}>{t('electionUi.candidates.nominationVotes')}</label>
                    <input id={`votes-${m.id}`} name="nominationVotes" type="number" min={0} inputMode="numeric" defaultValue={0} required />
                  </div>
                  <button type="submit" name="intent" value="nominate" disabled={busy} aria-label={`${t('electionUi.candidates.addButton')} ${m.name}`}>
                    {t('electionUi.candidates.addButton')}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
