import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { BallotFlow } from '~/components/election/BallotFlow';
import { ballotFormOf, ballotOf, nextScreen, type BallotState } from '~/components/election/ballot';
import { Refusal, electionLinks, useLang } from '~/components/election/ui';
import { ballotScreen, castOnlineBallot, db, electionById, participationOf, publicElection, voterForCode } from '~/elections.server';
import { clientOf } from '~/client.server';
import { nameIn } from '~/i18n/names';
import { fieldsOf, idParam, readForm } from '~/forms.server';
import { codeSchema } from '../../domain/election/forms';
import { tk } from '../i18n/keys';
import { noScripts } from '~/no-scripts';

export const links = electionLinks;
export const handle = noScripts;
export const meta: MetaFunction = () => [{ title: '用投票码投票 · 民议' }];

type Refused = { key: string; params?: Record<string, string | number> };

async function load(slug: string | undefined, electionId: string | undefined) {
  const e = await publicElection(db(), slug ?? '', idParam(electionId));
  if (!e) throw new Response('Not Found', { status: 404 });
  const snapshot = (await electionById(db(), e.id))!.snapshot;
  return { e, screen: e.plan.onlineVoting.enabled ? ballotScreen(snapshot) : null };
}

/** Public: a voter without an account votes with the one-time code the election committee issued. */
export async function loader({ params }: LoaderFunctionArgs) {
  const { e, screen } = await load(params.communityId, params.electionId);
  return { slug: params.communityId!, electionId: e.id, title: e.title, community: { nameZh: e.nameZh, nameEn: e.nameEn }, phase: e.phase, open: screen !== null };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { e, screen } = await load(params.communityId, params.electionId);
  const { formData: form } = await readForm(request);
  const parsed = codeSchema.safeParse(fieldsOf(form, 'code'));
  const code = parsed.success ? parsed.data.code : '';
  const fail = (refusal: Refused, status = 400) => data({ code: null as string | null, screen: null, state: null as (BallotState & { receipt?: string }) | null, refusal }, { status });
  if (!screen) return fail({ key: e.plan.onlineVoting.enabled ? 'election.errors.votingClosed' : 'election.errors.onlineVotingOff' }, 409);
  const who = await voterForCode(db(), e.id, code, clientOf(context));
  if (!who.ok) return fail(who, who.key === 'election.errors.codeThrottled' ? 429 : 400);
  const { intent, step, round, marks } = ballotFormOf(form, screen);
  // The final submit leaves the "already voted" check to castBallot's own transaction (one query fewer on the hot path).
  if (intent !== 'submit') {
    const prior = await participationOf(db(), e.id, screen.roundNo, who.voterId);
    if (prior) return fail({ key: prior === 'online' ? 'election.errors.alreadyVoted' : 'election.errors.alreadyVotedOnPaper' });
  }
  if (intent === 'code') return { code, screen, state: { step: 0, marks: {} } as BallotState & { receipt?: string }, refusal: null };
  if (round !== screen.roundNo) return fail({ key: 'election.errors.votingClosed' }, 409);
  if (intent !== 'submit') return { code, screen, state: nextScreen(screen, step, intent ?? '', marks) as BallotState & { receipt?: string }, refusal: null };
  // The code was checked (and its throttle claim settled) above: cast for that voter, not a second check of the code.
  const cast = await castOnlineBallot({ electionId: e.id, voterId: who.voterId, roundNo: screen.roundNo, ballot: ballotOf(marks, screen) });
  if (!cast.ok) {
    const already = cast.key === 'election.errors.alreadyVoted' || cast.key === 'election.errors.alreadyVotedOnPaper';
    if (already) return fail({ key: cast.key });
    return { code, screen, state: { step: screen.sections.length, marks, error: { key: cast.key, params: cast.params } } as BallotState & { receipt?: string }, refusal: null };
  }
  return { code: null, screen, state: { step: screen.sections.length, marks, receipt: cast.receipt }, refusal: null };
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function VoteWithCode() {
  const { t } = useTranslation();
  const lang = useLang();
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const publicPage = `/p/${d.slug}/elections/${d.electionId}`;
  return (
    <div className="stack">
      <p>
        <Link to={publicPage}>← {d.title}</Link>
      </p>
      <h1>{t('electionUi.ballot.codeTitle')}</h1>
      <p className="muted">
        {nameIn(lang, d.community)} · {t('electionUi.ballot.intro')}
      </p>
      <Refusal refusal={r?.refusal} />
      {!d.open ? (
        <p className="el-warn">{t('electionUi.ballot.closed', { phase: tk(t, `election.phases.${d.phase}`) })}</p>
      ) : r?.screen && r.state ? (
        <BallotFlow screen={r.screen} state={r.state} hidden={r.code ? <input type="hidden" name="code" value={r.code} /> : null} checkHref={`${publicPage}#receipt`} />
      ) : (
        <Form method="post" className="card el-form">
          <p>{t('electionUi.ballot.codeIntro')}</p>
          <label htmlFor="code">{t('electionUi.ballot.code')}</label>
          <input id="code" name="code" type="text" inputMode="numeric" autoComplete="one-time-code" className="el-codeinput" required />
          <button type="submit" name="intent" value="code" disabled={busy}>
            {t('electionUi.ballot.codeSubmit')}
          </button>
          <p className="el-hint">
            {t('electionUi.ballot.signedInHint')} <Link to={`/login?redirectTo=${encodeURIComponent(`/c/${d.slug}/elections/${d.electionId}/vote`)}`}>{t('app.signIn')}</Link>
          </p>
        </Form>
      )}
    </div>
  );
}
