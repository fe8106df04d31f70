import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { AddVoter } from '~/components/election/AddVoter';
import { DemoNote, Done, ElectionNav, Key, Refusal, electionLinks, formatMoment, navItems, useLang } from '~/components/election/ui';
import { authorizeElection, db, decideObjection, objectionsOf, pageBase, raiseObjection, searchVoters } from '~/elections.server';
import { hasAnyRole } from '../../domain/roles';
import { ACTION_ROLES } from '../../domain/election/permissions';
import { decisionSchema, objectionSchema } from '../../domain/election/forms';
import { idParam, readForm } from '~/forms.server';

export const links = electionLinks;
export const meta: MetaFunction = () => [{ title: '名单异议 · 民议' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await authorizeElection(request, params.communityId, idParam(params.electionId), 'viewRegister');
  const base = await pageBase(access);
  const e = access.election;
  const q = (new URL(request.url).searchParams.get('who') ?? '').trim().slice(0, 50);
  const matches = q && base.registerPublished ? (await searchVoters(db(), e.id, { query: q, limit: 10 })).voters : [];
  // The committee sees every objection; everyone else only their own (objectors are never shown to others).
  const list = await objectionsOf(db(), e.id, access.onCommittee ? undefined : access.user.id);
  const s = e.snapshot;
  const now = Date.now();
  return {
    ...base,
    who: q,
    matches: matches.map((m) => ({ id: m.id, name: m.name, group: m.group, householdId: m.householdId })),
    mayRaise: hasAnyRole(access.roles, ACTION_ROLES.raiseObjection) && s.registerPublishedAt !== null && now < s.schedule.objectionsCloseAt,
    decide: access.onCommittee && now < s.schedule.objectionDecisionsBy,
    objections: list.map((o) => ({
      id: o.id,
      kind: o.kind,
      voterId: o.voterId,
      voterName: o.voterName,
      body: o.body,
      raisedByName: access.onCommittee ? o.raisedByName : null,
      decideBy: new Date(o.decideBy).getTime(),
      decision: o.decision,
      decisionReason: o.decisionReason,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Sign-in, community and election are checked before the body is read; the intent's own role after.
  await authorizeElection(request, params.communityId, idParam(params.electionId), 'view');
  const { formData: form } = await readForm(request);
  const intent = String(form.get('intent') ?? '');
  if (intent === 'raise') {
    const access = await authorizeElection(request, params.communityId, idParam(params.electionId), 'raiseObjection');
    const submission = parseWithZod(form, { schema: objectionSchema });
    if (submission.status !== 'success') return data({ intent, refusal: { key: Object.values(submission.error ?? {})[0]?.[0] ?? 'form.invalid' } }, { status: 400 });
    const r = await raiseObjection(db(), { electionId: access.election.id, actor: access.user.id, ...submission.value, voterId: submission.value.voterId || null });
    if (!r.ok) return data({ intent, refusal: { key: r.key, params: r.params } }, { status: 400 });
    throw redirect(`${new URL(request.url).pathname}?done=raise`);
  }
  if (intent === 'decide') {
    const access = await authorizeElection(request, params.communityId, idParam(params.electionId), 'decideObjection');
    const submission = parseWithZod(form, { schema: decisionSchema });
    if (submission.status !== 'success') return data({ intent, refusal: { key: Object.values(submission.error ?? {})[0]?.[0] ?? 'form.invalid' } }, { status: 400 });
    const r = await decideObjection(db(), { electionId: access.election.id, actor: access.user.id, ...submission.value });
    if (!r.ok) return data({ intent, refusal: { key: r.key, params: r.params } }, { status: 400 });
    throw redirect(`${new URL(request.url).pathname}?done=decide`);
  }
  throw new Response('Bad Request', { status: 400 });
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function Objections() {
  const { t } = useTranslation();
  const lang = useLang();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === 'submitting';
  const registerPath = `/c/${d.slug}/elections/${d.electionId}/register`;
  return (
    <div className="stack">
      <ElectionNav slug={d.slug} electionId={d.electionId} current="objections" items={navItems(d)} />
      <h1>{t('electionUi.objections.title')}</h1>
      <p className="muted">{t('electionUi.objections.intro')}</p>
      <DemoNote dayMs={d.dayMs} />
      <Done text={!result && params.get('done') ? t('electionUi.actions.done') : null} />

      {d.mayRaise ? (
        <section className="card" aria-labelledby="raise">
          <h2 id="raise">{t('electionUi.objections.raise')}</h2>
          {result?.intent === 'raise' ? <Refusal refusal={result.refusal} /> : null}
          <Form method="get" className="el-search" role="search">
            <label htmlFor="who" className="el-sr">
              {t('electionUi.register.search')}
            </label>
            <input id="who" name="who" type="text" defaultValue={d.who} placeholder={t('electionUi.register.search')} />
            <button type="submit" className="secondary">
              {t('electionUi.register.searchButton')}
            </button>
          </Form>
          <Form method="post" className="el-form">
            <fieldset className="el-checks">
              <legend>{t('electionUi.objections.kind')}</legend>
              {(['missing', 'wrongly_listed', 'details_wrong'] as const).map((k, i) => (
                <label key={k} className="el-check">
                  <input type="radio" name="kind" value={k} defaultChecked={i === 0} /> {t(`electionUi.objections.kinds.${k}`)}
                </label>
              ))}
            </fieldset>
            {d.matches.length ? (
              <fieldset className="el-checks">
                <legend>{t('electionUi.objections.voter')}</legend>
                {d.matches.map((m) => (
                  <label key={m.id} className="el-check">
                    <input type="radio" name="voterId" value={m.id} /> {m.name} · {m.group} · {m.householdId}
                  </label>
                ))}
              </fieldset>
            ) : null}
            <label htmlFor="body">{t('electionUi.objections.body')}</label>
            <textarea id="body" name="body" required />
            <button type="submit" name="intent" value="raise" disabled={busy}>
              {t('electionUi.objections.submit')}
            </button>
          </Form>
        </section>
      ) : null}

      <section className="card" aria-labelledby="list">
        <h2 id="list">{d.onCommittee ? t('electionUi.objections.list') : t('electionUi.objections.mine')}</h2>
        {result?.intent === 'decide' ? <Refusal refusal={result.refusal} /> : null}
        {d.objections.length === 0 ? <p>{t('electionUi.objections.none')}</p> : null}
        <ul className="el-list">
          {d.objections.map((o) => (
            <li key={o.id} className="stack">
              <p>
                <strong>{t(`electionUi.objections.kinds.${o.kind}`)}</strong>
                {o.voterName ? ` · ${o.voterName}` : ''}
              </p>
              <p>{o.body}</p>
              {o.raisedByName ? <p className="el-muted">{t('electionUi.objections.raisedBy', { name: o.raisedByName })}</p> : null}
              <p className="el-muted">{t('electionUi.objections.decideBy', { date: formatMoment(o.decideBy, lang, d.dayMs) })}</p>
              {o.decision ? (
                <p className={o.decision === 'upheld' ? 'el-ok' : 'el-warn'}>
                  {t('electionUi.objections.decided', { decision: t(`electionUi.objections.decision.${o.decision}`), reason: o.decisionReason ?? '' })}
                </p>
              ) : null}
              {!o.decision && d.decide ? (
                <Form method="post" className="el-form">
                  <input type="hidden" name="objectionId" value={o.id} />
                  <label className="el-check">
                    <input type="radio" name="decision" value="upheld" defaultChecked /> {t('electionUi.objections.upheld')}
                  </label>
                  <label className="el-check">
                    <input type="radio" name="decision" value="dismissed" /> {t('electionUi.objections.dismissed')}
                  </label>
                  <label htmlFor={`reason-${o.id}`}>{t('electionUi.objections.reason')}</label>
                  <textarea id={`reason-${o.id}`} name="reason" required />
                  <button type="submit" name="intent" value="decide" disabled={busy}>
                    {t('electionUi.objections.decide')}
                  </button>
                </Form>
              ) : null}
              {o.decision === 'upheld' && d.decide && o.kind === 'missing' ? (
                <details>
                  <summary>{t('electionUi.objections.carryOut')}</summary>
                  <AddVoter keyValue={d.key} lastResult={undefined} objectionId={o.id} action={registerPath} />
                </details>
              ) : null}
              {o.decision === 'upheld' && d.decide && o.kind === 'wrongly_listed' && o.voterId ? (
                <Form method="post" action={registerPath} className="el-form">
                  <Key value={d.key} />
                  <input type="hidden" name="voterId" value={o.voterId} />
                  <input type="hidden" name="objectionId" value={o.id} />
                  <input type="hidden" name="reason" value={o.decisionReason ?? ''} />
                  <button type="submit" name="intent" value="remove" className="secondary">
                    {t('electionUi.objections.removeVoter')}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
