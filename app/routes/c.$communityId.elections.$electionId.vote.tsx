import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { BallotFlow } from '~/components/election/BallotFlow';
import { ballotFormOf, ballotOf, nextScreen, type BallotState } from '~/components/election/ballot';
import { Refusal, electionLinks } from '~/components/election/ui';
import { authorizeElection, ballotScreen, castOnlineBallot, db, pageBase, participationOf, voterOfUser } from '~/elections.server';
import { idParam, readForm } from '~/forms.server';
import { tk } from '../i18n/keys';
import { noScripts } from '~/no-scripts';

export const links = electionLinks;
export const handle = noScripts;
export const meta: MetaFunction = () => [{ title: '投票 · 民议' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await authorizeElection(request, params.communityId, idParam(params.electionId), 'vote');
  const base = await pageBase(access);
  const e = access.election;
  const voterId = await voterOfUser(db(), e.id, access.user.id);
  const screen = ballotScreen(e.snapshot);
  const already = voterId && screen ? await participationOf(db(), e.id, screen.roundNo, voterId) : null;
  return { ...base, name: access.user.displayName, onRegister: voterId !== null, screen, already };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await authorizeElection(request, params.communityId, idParam(params.electionId), 'vote');
  const e = access.election;
  const { formData: form } = await readForm(request);
  const screen = ballotScreen(e.snapshot);
  const voterId = await voterOfUser(db(), e.id, access.user.id);
  if (!voterId) return data({ state: null, refusal: { key: 'election.errors.notOnRegister' } }, { status: 403 });
  if (!screen) return data({ state: null, refusal: { key: 'election.errors.votingNotOpen' } }, { status: 409 });
  const { intent, step, round, marks } = ballotFormOf(form, screen);
  if (round !== screen.roundNo) return data({ state: null, refusal: { key: 'election.errors.votingClosed' } }, { status: 409 });
  if (intent !== 'submit') return { state: nextScreen(screen, step, intent ?? '', marks), refusal: null };
  const cast = await castOnlineBallot({ electionId: e.id, voterId, roundNo: screen.roundNo, ballot: ballotOf(marks, screen) });
  if (!cast.ok) return data({ state: { step: screen.sections.length, marks, error: { key: cast.key, params: cast.params } } satisfies BallotState, refusal: null }, { status: 400 });
  return { state: { step: screen.sections.length, marks, receipt: cast.receipt }, refusal: null };
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function Vote() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const state = (result?.state ?? { step: 0, marks: {} }) as BallotState & { receipt?: string };
  const check = `/p/${d.slug}/elections/${d.electionId}#receipt`;
  return (
    <div className="stack">
      {/* One thing on this screen: the ballot. The election's other pages are one link away. */}
      <p>
        <Link to={`/c/${d.slug}/elections/${d.electionId}`}>← {t('electionUi.nav.overview')}</Link>
      </p>
      <h1>{t('electionUi.ballot.title')}</h1>
      <p className="muted">{t('electionUi.ballot.intro')}</p>
      <p>{t('electionUi.ballot.who', { name: d.name })}</p>
      <Refusal refusal={result?.refusal} />
      {!d.onRegister ? (
        <p className="el-warn">{t('electionUi.ballot.notOnRegister')}</p>
      ) : !d.screen ? (
        <p className="el-warn">{t('electionUi.ballot.closed', { phase: t(`election.phases.${d.phase}`) })}</p>
      ) : d.already && !state.receipt ? (
        <p className="el-ok">{t('electionUi.ballot.already', { channel: tk(t, `election.channels.${d.already}`) })}</p>
      ) : (
        <BallotFlow screen={d.screen} state={state} checkHref={check} />
      )}
    </div>
  );
}
