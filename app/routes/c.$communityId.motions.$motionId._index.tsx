import { ExportLinks } from '~/components/ExportLinks';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/auth.server';
import { RelatedMotions } from '~/components/motion/RelatedMotions';
import { StageBadge } from '~/components/motion/StageBadge';
import { Timeline } from '~/components/motion/Timeline';
import { VoteChart } from '~/components/motion/VoteChart';
import { attachmentsOf } from '~/attachments.server';
import { db } from '~/data.server';
import type { Lang } from '~/i18n/config';
import { motionDetail } from '~/motions.server';
import { consultationForMotion } from '~/consultations.server';
import { sharedMeetingsOfMotion } from '~/meetings.server';
import type { loader as rootLoader } from '~/root';
import { formatShanghaiDate, formatShanghaiDateTime, parseShanghaiDate } from '../../domain/calendar';
import { newMotionBasis } from '../../domain/motion/snapshot';
import { awaitingReview } from '../../domain/motion/review';
import { DisclosureReview } from '~/components/motion/DisclosureReview';
import { tk } from '../i18n/keys';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.detail.motion.title} · 民议` : '民议' }];

/** Actions that open their own page; the others are small forms on this page. */
const PAGE_ACTIONS = new Set([
  'editDraft',
  'recordPartyCommitteeDecision',
  'conveneJointMeeting',
  'recordJointMeeting',
  'convenePartyMeeting',
  'recordPartyMeeting',
  'scheduleResolutionMeeting',
  'recordResolution',
  'recordAttendance',
  'raiseObjection',
  'recordProgress',
  'reportCompletion',
  'contestResolution',
  'resumeImplementation',
  'withdraw',
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community, roles } = await requireRole(request, params.communityId);
  const caller = { userId: user.id, displayName: user.displayName, roles, communityId: community.id };
  const detail = await motionDetail(community.id, params.motionId ?? '', caller);
  if (!detail) throw new Response('Not Found', { status: 404 });
  const [attachments, consultation, sharedMeetings] = await Promise.all([
    attachmentsOf(db(), 'motion', detail.motion.id),
    detail.motion.catalogueItemId || detail.snapshot.consultation.mandatory || detail.snapshot.consultation.optedIn
      ? consultationForMotion(detail.motion.id)
      : Promise.resolve(null),
    sharedMeetingsOfMotion(community.id, detail.motion.id),
  ]);
  return {
    sharedMeetings,
    community: { slug: community.slug, nameZh: community.nameZh, nameEn: community.nameEn },
    detail,
    attachments,
    consultation,
    me: user.id,
    // The party secretary proposes; from a paused motion an amending one (§3.5), from one not passed a new one.
    canPropose: roles.includes('party_secretary'),
    // The director or a committee member records recusals from an online vote (§8 #12).
    canRecuse:
      roles.includes('committee_member') && detail.currentVote !== null && (detail.currentVote.open || Date.now() < new Date(detail.currentVote.opensAt).getTime()),
    newKey: crypto.randomUUID(),
  };
}

const d = (at: Date | string | number | null | undefined, lang: Lang) => (at ? formatShanghaiDate(new Date(at), lang) : '');
const heldOnDate = (ymd: string, lang: Lang) => {
  const at = parseShanghaiDate(ymd);
  return at === null ? ymd : formatShanghaiDate(at, lang);
};
const dt = (at: Date | string | number | null | undefined, lang: Lang) => (at ? formatShanghaiDateTime(new Date(at), lang) : '');

export default function MotionPage() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const { community, detail, attachments, consultation, newKey, sharedMeetings, canPropose, canRecuse } = useLoaderData<typeof loader>();
  const { motion, snapshot, timeline, meetings, currentVote, opinions, objections, progress, disclosures, actions } = detail;
  const base = `/c/${community.slug}/motions/${motion.id}`;
  const pageActions = actions.filter((a) => PAGE_ACTIONS.has(a));
  const review = awaitingReview(snapshot);
  const proposeFrom = canPropose ? newMotionBasis({ state: motion.state, paused: snapshot.paused }) : null;
  return (
    <article className="stack">
      <p>
        <Link to={`/c/${community.slug}/motions`}>← {t('motionUi.listTitle')}</Link>
      </p>
      <p className="muted">{t('motionUi.number', { number: motion.number })}</p>
      <h1>{motion.title}</h1>
      <p>
        <StageBadge state={motion.state} />
      </p>

      {motion.state === 'consulting' ? (
        <p className="notice" role="status">
          {t('motionUi.blocked.consultation')}{' '}
          {consultation ? <Link to={consultation.url}>{t('motionUi.blocked.openConsultation')}</Link> : null}
        </p>
      ) : null}
      {snapshot.paused ? (
        <p className="notice" role="status">
          {t('motionUi.blocked.paused', { reason: t(`motion.pause.${snapshot.paused}`) })}
        </p>
      ) : null}

      <SharedMeetings sharedMeetings={sharedMeetings} slug={community.slug} />

      <section className="card" aria-labelledby="actions">
        <h2 id="actions">{t('motionUi.sections.actions')}</h2>
        {actions.length === 0 && !proposeFrom ? <p className="muted">{t('motionUi.noActions')}</p> : null}
        <div className="actions">
          {currentVote?.open && currentVote.onRoster ? (
            <Link to={`${base}/vote`} className="button">
              {currentVote.myBallot
                ? `${t('motion.action.castVote')}（${t('motionUi.vote.yourVote', { choice: t(`motion.choice.${currentVote.myBallot.choice}`) })}）`
                : t('motion.action.castVote')}
            </Link>
          ) : null}
          {actions.includes('openConsultation') && !consultation ? (
            <Link to={`/c/${community.slug}/consultations/new?motion=${motion.id}`} className="button">
              {t('motion.action.openConsultation')}
            </Link>
          ) : null}
          {pageActions.map((a) => (
            <Link key={a} to={`${base}/do/${a}`} className="button secondary">
              {t(`motion.action.${a}`)}
            </Link>
          ))}
          {proposeFrom ? (
            <Link to={`/c/${community.slug}/motions/new?${proposeFrom}=${motion.id}`} className="button secondary">
              {t(proposeFrom === 'amends' ? 'motionUi.basis.startAmends' : 'motionUi.basis.startSupersedes')}
            </Link>
          ) : null}
        </div>
      </section>

      {review && snapshot.disclosure ? (
        <DisclosureReview kind={snapshot.disclosure.kind} review={review} reviewDueAt={detail.deadlines.reviewDueAt} {...{ actions, base, newKey, lang }} />
      ) : null}

      <section className="card" aria-labelledby="timeline">
        <h2 id="timeline">{t('motionUi.sections.timeline')}</h2>
        <Timeline steps={timeline.steps} lang={lang} />
        <details>
          <summary>{t('motionUi.sections.events')}</summary>
          <ol className="plain-list">
            {timeline.events.map((e) => (
              <li key={e.step}>
                {dt(e.at, lang)} — {t(`motion.action.${e.action}`, { defaultValue: e.action })}：{t(`motion.state.${e.fromState}`)} →{' '}
                {t(`motion.state.${e.toState}`)}（{e.actorName ?? t('motionUi.system')}）
              </li>
            ))}
          </ol>
        </details>
      </section>

      {currentVote ? (
        <section className="card" aria-labelledby="current-vote">
          <h2 id="current-vote">{t('motion.action.castVote')}</h2>
          <p>{t('motionUi.vote.window', { from: dt(currentVote.opensAt, lang), to: dt(currentVote.closesAt, lang) })}</p>
          <p>
            {currentVote.votedCount} / {currentVote.rosterSize}
          </p>
          {canRecuse ? (
            <p>
              <Link to={`${base}/recusals`} className="button secondary">
                {t('motionUi.recusal.link')}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}

      <Facts motion={motion} attachments={attachments} filesBase={`/c/${community.slug}/files`} />

      <RelatedMotions
        related={detail.related}
        hrefOf={(r) => `/c/${community.slug}/motions/${r.id}`}
        changeNote={detail.related.some((r) => r.direction === 'basis') ? motion.changeNote : null}
      />

      {meetings.length ? <Meetings meetings={meetings} votesBase={`${base}/votes`} /> : null}

      <Opinions opinions={opinions} actions={actions} base={base} newKey={newKey} />

      {objections.length ? <Objections objections={objections} actions={actions} base={base} newKey={newKey} /> : null}

      {progress.length ? <Progress progress={progress} /> : null}

      {disclosures.length ? (
        <section className="card" aria-labelledby="disclosures">
          <h2 id="disclosures">{t('motionUi.sections.disclosures')}</h2>
          <ul className="link-list">
            {disclosures.map((x) => (
              <li key={x.id}>
                <Link to={`/p/${community.slug}/d/${x.id}`}>
                  {t(`board.kind.${x.kind}`)}：{x.title}（{d(x.publishedAt, lang)}）
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}


type Data = ReturnType<typeof useLoaderData<typeof loader>>;

/** The implementation's progress entries, with money, contractor and the final account's lines. */
function Progress({ progress }: { progress: Data['detail']['progress'] }) {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  return (
    <section className="card" aria-labelledby="progress">
      <h2 id="progress">{t('motionUi.sections.progress')}</h2>
      <ul className="plain-list">
        {progress.map((p) => (
          <li key={p.id}>
            <strong>{p.entryDate}</strong> {p.work}
            {p.amountYuan ? `（${p.amountYuan.toLocaleString(lang)} 元）` : null}
            {p.contractorOrganization ? ` — ${p.contractorOrganization}` : null}
            {p.finalLines ? (
              <ul>
                {p.finalLines.map((l, i) => (
                  <li key={i}>
                    {l.item}：{l.amountYuan.toLocaleString(lang)}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The shared meetings (decision 043) this motion was decided at, with its outcome and the minutes. */
function SharedMeetings({ sharedMeetings, slug }: { sharedMeetings: Data['sharedMeetings']; slug: string }) {
  const { t } = useTranslation();
  return sharedMeetings.map((sm) => (
    <p key={sm.id} className="notice" role="status">
      <Link to={`/c/${slug}/meetings/${sm.id}`}>{t('meeting.ui.sharedMeeting', { title: sm.title })}</Link>
      {sm.delivered?.ok ? ` · ${t('meeting.ui.sharedOutcome', { outcome: t(`meeting.minutes.${sm.delivered.outcome}`) })}` : ''} ·{' '}
      <a href={`/c/${slug}/meetings/${sm.id}/minutes.pdf`}>{t('meeting.minutes.pdf')}</a>
    </p>
  ));
}
type Detail = Data['detail'];
type Actions = Detail['actions'];

/** What the motion proposes, what it costs, and its attachments. */
function Facts({ motion, attachments, filesBase }: { motion: Detail['motion']; attachments: Data['attachments']; filesBase: string }) {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  return (
    <section className="card" aria-labelledby="details">
      <h2 id="details">{t('motionUi.sections.details')}</h2>
      <dl className="facts">
        <div>
          <dt>{t('motionUi.field.category')}</dt>
          <dd>{tk(t, `motion.category.${motion.category}`)}</dd>
        </div>
        <div>
          <dt>{t('motionUi.field.resolutionBody')}</dt>
          <dd>{t(`motion.body.${motion.resolutionBody}`)}</dd>
        </div>
        <div>
          <dt>{t('motionUi.field.estimatedCostYuan')}</dt>
          <dd className="num">{motion.estimatedCostYuan.toLocaleString(lang)}</dd>
        </div>
        {motion.fundingSource ? (
          <div>
            <dt>{t('motionUi.field.fundingSource')}</dt>
            <dd>{motion.fundingSource}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('motionUi.field.background')}</dt>
          <dd className="prose">{motion.background}</dd>
        </div>
        <div>
          <dt>{t('motionUi.field.proposalText')}</dt>
          <dd className="prose">{motion.proposalText}</dd>
        </div>
      </dl>
      {attachments.length ? (
        <>
          <h3>{t('motionUi.sections.attachments')}</h3>
          <ul className="plain-list">
            {attachments.map((a) => (
              <li key={a.id}>
                <a href={`${filesBase}/${a.id}`}>{a.filename}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** Each meeting of the motion: when, its outcome, the chart, and how each representative voted. */
function Meetings({ meetings, votesBase }: { meetings: Detail['meetings']; votesBase: string }) {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  return (
    <section className="card" aria-labelledby="meetings">
      <h2 id="meetings">{t('motionUi.sections.meetings')}</h2>
      {meetings.map((m) => (
        <section key={m.id} className="meeting" aria-label={t(`motion.body.${m.body}`)}>
          <h3>{t(`motion.body.${m.body}`)}</h3>
          <p className="muted">
            {m.online && m.opensAt && m.closesAt
              ? t('motionUi.vote.window', { from: dt(m.opensAt, lang), to: dt(m.closesAt, lang) })
              : m.heldOn
                ? `${t('motionUi.field.heldOn')}：${heldOnDate(m.heldOn, lang)}`
                : m.opensAt
                  ? `${t('motionUi.field.opensAt')}：${dt(m.opensAt, lang)}`
                  : null}
          </p>
          {m.outcome ? (
            <p>
              <strong>
                {m.outcome.kind === 'inquorate'
                  ? m.tally && m.outcome.quorumNeeded !== undefined
                    ? t('motion.outcome.inquorate', { present: m.tally.present, needed: m.outcome.quorumNeeded })
                    : t('motionUi.outcome.inquorate')
                  : t(`motionUi.outcome.${m.outcome.kind}`)}
              </strong>
            </p>
          ) : null}
          {m.tally && m.outcome?.kind !== 'inquorate' ? (
            <VoteChart
              counts={{ agree: m.tally.yes, disagree: m.tally.no, abstain: m.tally.abstain, notVoted: m.tally.notVoted }}
              yesNeeded={m.outcome?.yesNeeded}
              quorum={
                m.outcome?.quorumNeeded !== undefined
                  ? { present: m.tally.present, expected: m.tally.expected, needed: m.outcome.quorumNeeded }
                  : undefined
              }
            />
          ) : null}
          {m.votes ? (
            <div className="table-wrap">
              <table>
                <caption className="muted">{t('motionUi.sections.votes')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('motionUi.table.name')}</th>
                    <th scope="col">{t('motionUi.table.choice')}</th>
                    <th scope="col">{t('motionUi.table.method')}</th>
                  </tr>
                </thead>
                <tbody>
                  {m.votes.map((v) => (
                    <tr key={v.personId}>
                      <td>{v.name}</td>
                      <td>{v.choice ? t(`motion.choice.${v.choice}`) : v.voted ? '✓' : t('motionUi.chart.notVoted')}</td>
                      <td>{v.method ? t(`motion.attendanceMethod.${v.method}`) : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <ExportLinks base={`${votesBase}/${m.id}`} />
            </div>
          ) : m.body === 'representatives_meeting' && m.tally ? (
            <p className="muted">{t('motionUi.table.tallyOnly')}</p>
          ) : null}
          {m.resolutionText ? <p className="prose">{m.resolutionText}</p> : null}
          {m.opinions ? (
            <p className="prose">
              <strong>{t('motionUi.field.opinions')}：</strong>
              {m.opinions}
            </p>
          ) : null}
          {m.minutes ? (
            <details>
              <summary>{t('motionUi.field.minutes')}</summary>
              <p className="prose">{m.minutes}</p>
            </details>
          ) : null}
        </section>
      ))}
    </section>
  );
}

/** Residents' opinions, each with the committee's answer or the form to give one. */
function Opinions({ opinions, actions, base, newKey }: { opinions: Detail['opinions']; actions: Actions; base: string; newKey: string }) {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  return (
    <section className="card" aria-labelledby="opinions">
      <h2 id="opinions">{t('motionUi.sections.opinions')}</h2>
      {opinions.map((o) => (
        <div key={o.id} className="opinion">
          <p className="prose">
            <strong>{o.authorName ?? t('motionUi.opinion.anonymous')}</strong>（{d(o.createdAt, lang)}）：{o.body}
          </p>
          {o.answer ? (
            <p className="prose answer">
              {t('motionUi.opinion.answered')}
              {o.answer}
            </p>
          ) : actions.includes('answerResidentOpinion') ? (
            <Form method="post" action={`${base}/do/answerResidentOpinion`} className="form">
              <input type="hidden" name="idempotencyKey" value={`${newKey}-${o.id.slice(0, 8)}`} />
              <input type="hidden" name="opinionId" value={o.id} />
              <label htmlFor={`answer-${o.id}`}>{t('motionUi.opinion.answer')}</label>
              <textarea id={`answer-${o.id}`} name="text" required />
              <button type="submit" className="secondary">
                {t('motionUi.opinion.answer')}
              </button>
            </Form>
          ) : (
            <p className="muted">{t('motionUi.opinion.waiting')}</p>
          )}
        </div>
      ))}
      {actions.includes('submitResidentOpinion') ? (
        <Form method="post" action={`${base}/do/submitResidentOpinion`} className="form">
          <input type="hidden" name="idempotencyKey" value={newKey} />
          <label htmlFor="opinion-text">{t('motionUi.opinion.add')}</label>
          <textarea id="opinion-text" name="text" required />
          <button type="submit">{t('motionUi.opinion.add')}</button>
        </Form>
      ) : null}
    </section>
  );
}

/** Objections, their replies and rulings, and the buttons for the next step on each. */
function Objections({ objections, actions, base, newKey }: { objections: Detail['objections']; actions: Actions; base: string; newKey: string }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="objections">
      <h2 id="objections">{t('motionUi.sections.objections')}</h2>
      {objections.map((o) => (
        <div key={o.id} className="opinion">
          <p className="prose">
            <strong>{o.raisedByName ?? t(`roles.${o.raisedAs === 'supervisor' ? 'supervisor' : 'resident'}`)}</strong>
            {o.blocking ? `（${t('motionUi.field.blocking')}）` : null}：{o.body}
          </p>
          <p className="muted">{t(`motion.objectionStatus.${o.status}`)}</p>
          {o.reply ? <p className="prose answer">{o.reply}</p> : null}
          {o.ruling ? (
            <p>
              {t(`motion.ruling.${o.ruling}`)}：{o.rulingReasons}
            </p>
          ) : null}
          <div className="actions">
            {o.status === 'open' && actions.includes('replyToObjection') ? (
              <Link className="button secondary" to={`${base}/do/replyToObjection?objectionId=${o.id}`}>
                {t('motion.action.replyToObjection')}
              </Link>
            ) : null}
            {o.status === 'answered' && o.blocking && actions.includes('acceptObjectionReply') ? (
              <Form method="post" action={`${base}/do/acceptObjectionReply`}>
                <input type="hidden" name="idempotencyKey" value={`${newKey}-a${o.id.slice(0, 8)}`} />
                <input type="hidden" name="objectionId" value={o.id} />
                <button type="submit" className="secondary">
                  {t('motion.action.acceptObjectionReply')}
                </button>
              </Form>
            ) : null}
            {o.blocking && o.status !== 'settled' && actions.includes('ruleOnObjection') ? (
              <Link className="button secondary" to={`${base}/do/ruleOnObjection?objectionId=${o.id}`}>
                {t('motion.action.ruleOnObjection')}
              </Link>
            ) : null}
          </div>
        </div>
      ))}
    </section>
  );
}
