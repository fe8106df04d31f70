/**
 * A representative's online vote, one decision per screen: choose → confirm in words → done.
 * Plain forms throughout, so it works on old phones without JavaScript.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/auth.server';
import { ErrorSummary } from '~/components/ErrorSummary';
import { tOf } from '~/lang.server';
import { castVote, motionDetail, nextVoteFor } from '~/motions.server';
import type { loader as rootLoader } from '~/root';
import { formatShanghaiDateTime } from '../../domain/calendar';
import { VOTE_CHOICES, type VoteChoice } from '../../domain/motion/meetings';
import { castVoteSchema } from '../../domain/motion/schemas';
import { rolesFor } from '../../domain/motion/stages';
import { readForm } from '~/forms.server';
import { tk } from '../i18n/keys';
import { noScripts } from '~/no-scripts';

export const handle = noScripts;
export const meta: MetaFunction = () => [{ title: '投票 · 民议' }];

async function load(request: Request, params: LoaderFunctionArgs['params']) {
  const { user, community, roles } = await requireRole(request, params.communityId, rolesFor('castVote'));
  const caller = { userId: user.id, displayName: user.displayName, roles, communityId: community.id };
  const detail = await motionDetail(community.id, params.motionId ?? '', caller);
  if (!detail) throw new Response('Not Found', { status: 404 });
  return { caller, community, detail };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { caller, community, detail } = await load(request, params);
  const vote = detail.currentVote;
  const url = new URL(request.url);
  const done = url.searchParams.get('done');
  return {
    slug: community.slug,
    motion: { id: detail.motion.id, title: detail.motion.title, proposalText: detail.motion.proposalText },
    vote: vote
      ? {
          meetingId: vote.meetingId,
          open: vote.open,
          onRoster: vote.onRoster,
          recused: vote.recused,
          leftOffice: vote.leftOffice,
          opensAt: new Date(vote.opensAt).getTime(),
          closesAt: new Date(vote.closesAt).getTime(),
          myChoice: vote.myBallot?.choice ?? null,
        }
      : null,
    done,
    replaced: url.searchParams.get('replaced') === '1',
    // Item by item: after a vote (or on an item not open to them), the next one open to this representative.
    next: done || !vote?.open || !vote.onRoster || vote.recused || vote.leftOffice ? ((await nextVoteFor(caller, detail.motion.id)) ?? null) : null,
    idempotencyKey: crypto.randomUUID(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { caller, community, detail } = await load(request, params);
  const t = await tOf(request);
  const { formData: form } = await readForm(request);
  if (form.get('intent') === 'choose') {
    const choice = VOTE_CHOICES.find((c) => c === form.get('choice'));
    if (!choice) return data({ step: 'choose' as const, error: t('form.invalidChoice') }, { status: 400 });
    return { step: 'confirm' as const, choice };
  }
  const submission = parseWithZod(form, { schema: castVoteSchema });
  if (submission.status !== 'success') {
    const first = Object.values(submission.error ?? {}).flat()[0] ?? 'form.invalid';
    return data({ step: 'choose' as const, error: tk(t, first) }, { status: 400 });
  }
  const result = await castVote(caller, detail.motion.id, submission.value);
  if (!result.ok) return data({ step: 'choose' as const, error: tk(t, result.key, result.params) }, { status: 409 });
  throw redirect(`/c/${community.slug}/motions/${detail.motion.id}/vote?done=${submission.value.choice}${result.replaced ? '&replaced=1' : ''}`);
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function Vote() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const { slug, motion, vote, done, replaced, next, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const back = (
    <p>
      <Link to={`/c/${slug}/motions/${motion.id}`}>← {motion.title}</Link>
    </p>
  );
  const nextItem = next ? (
    <p>
      <Link to={`/c/${slug}/motions/${next.motionId}/vote`} className="button">
        {t('motionUi.vote.nextItem', { title: next.title })}
      </Link>
    </p>
  ) : (
    <p className="muted">{t('motionUi.vote.noMoreItems')}</p>
  );
  const doneChoice = VOTE_CHOICES.find((c) => c === done);
  if (doneChoice) {
    const choice = t(`motion.choice.${doneChoice}`);
    return (
      <div className="stack">
        {back}
        <p className="card big-choice" role="status">
          {replaced ? t('motionUi.vote.replaced', { choice }) : t('motionUi.vote.done', { choice })}
        </p>
        {nextItem}
      </div>
    );
  }
  if (!vote || !vote.open || !vote.onRoster || vote.recused || vote.leftOffice) {
    const why =
      !vote || !vote.open
        ? t('motion.errors.votingClosed')
        : !vote.onRoster
          ? t('motionUi.vote.notOnRoster')
          : vote.recused
            ? t('motionUi.vote.recused')
            : vote.myChoice
              ? t('motionUi.vote.leftOfficeVoted', { choice: t(`motion.choice.${vote.myChoice}`) })
              : t('motionUi.vote.leftOffice');
    return (
      <div className="stack">
        {back}
        <h1>{t('motionUi.vote.title', { title: motion.title })}</h1>
        <p className="notice">{why}</p>
        {vote ? nextItem : null}
      </div>
    );
  }
  if (result?.step === 'confirm') {
    const choice: VoteChoice = result.choice;
    return (
      <div className="stack">
        {back}
        <h1>{t('motionUi.vote.confirmTitle')}</h1>
        <p className="card big-choice">{t('motion.choice.confirm', { choice: t(`motion.choice.${choice}`) })}</p>
        <Form method="post" className="form">
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          <input type="hidden" name="questionId" value={vote.meetingId} />
          <input type="hidden" name="choice" value={choice} />
          <input type="hidden" name="confirmed" value="on" />
          <button type="submit" name="intent" value="confirm" disabled={busy}>
            {t('motionUi.vote.confirm')}
          </button>
        </Form>
        <p>
          <Link to="." className="button secondary">
            {t('motionUi.vote.change')}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="stack">
      {back}
      <h1>{t('motionUi.vote.title', { title: motion.title })}</h1>
      <p className="muted">
        {t('motionUi.vote.window', { from: formatShanghaiDateTime(vote.opensAt, lang), to: formatShanghaiDateTime(vote.closesAt, lang) })}
      </p>
      <details>
        <summary>{t('motionUi.field.proposalText')}</summary>
        <p className="prose">{motion.proposalText}</p>
      </details>
      {vote.myChoice ? <p className="notice">{t('motionUi.vote.yourVote', { choice: t(`motion.choice.${vote.myChoice}`) })}</p> : null}
      <Form method="post" className="form">
        {result?.step === 'choose' && result.error ? <ErrorSummary formErrors={[result.error]} labelOf={(f) => f} /> : null}
        <fieldset>
          <legend className="big-choice">{t('motionUi.vote.question')}</legend>
          <p className="muted">{t('motionUi.vote.intro')}</p>
          <div className="choice-list">
            {VOTE_CHOICES.map((c) => (
              <label key={c} className="big-choice">
                <input type="radio" name="choice" value={c} required />
                {t(`motion.choice.${c}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" name="intent" value="choose">
          {t('motionUi.vote.next')}
        </button>
      </Form>
    </div>
  );
}
