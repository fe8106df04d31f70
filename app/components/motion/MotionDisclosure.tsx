import { useTranslation } from 'react-i18next';
import type { Lang } from '~/i18n/config';
import { formatShanghaiDate, parseShanghaiDate } from '../../../domain/calendar';
import { VoteChart } from './VoteChart';
import { tk } from '../../i18n/keys';

type Body = {
  motionNumber?: number;
  category?: string;
  stageDates?: { state: string; at: string }[];
  objections?: { raisedAs: string; body: string; reply: string | null; status: string; ruling: string | null; blocking: boolean }[];
  resolution?: { passed: boolean; text: string };
  meeting?: { body: string; mode: string | null; online: boolean; date: string | null };
  attendance?: { expected: number; present: number };
  quorumRequired?: number;
  yesNeeded?: number;
  tally?: { agree: number; disagree: number; abstain: number; notVoted: number };
  outcome?: 'passed' | 'notPassed';
  withdrawnAt?: string;
  reason?: string;
  completedOn?: string | null;
  summary?: string | null;
  acceptanceRecord?: string | null;
  budget?: { approvedYuan: number; actualYuan: number };
  lines?: { item: string; amountYuan: number }[];
  progress?: { date: string; work: string; amountYuan: number; contractorOrganization: string | null }[];
  /** §3.7.3 (decision 074); absent in disclosures published before reviews. */
  review?: { status: 'reviewed'; reviewedAt: string; remark: string | null } | { status: 'notReviewed' } | { status: 'notRequired' };
};

/** Whether the supervision committee reviewed it: said in words, first, on every motion disclosure. */
export function ReviewLabel({ review, lang }: { review: Body['review']; lang: Lang }) {
  const { t } = useTranslation();
  if (!review || review.status === 'notRequired') return null;
  if (review.status === 'notReviewed') {
    return (
      <p className="notice" role="note" data-review="notReviewed">
        <strong>{t('motionReview.label.notReviewed')}</strong>
      </p>
    );
  }
  return (
    <p className="notice" role="note" data-review="reviewed">
      {t('motionReview.label.reviewed', { date: day(review.reviewedAt, lang) })}
      {review.remark ? <><br />{t('motionReview.label.remark', { remark: review.remark })}</> : null}
    </p>
  );
}

const day = (s: string | null | undefined, lang: Lang) => {
  if (!s) return '';
  const at = /^\d{4}-\d{2}-\d{2}$/.test(s) ? parseShanghaiDate(s) : Date.parse(s);
  return at === null || Number.isNaN(at) ? s : formatShanghaiDate(at, lang);
};

/** A motion's public disclosure (resolution, implementation result or withdrawal) in plain words. */
/** The disclosure kinds this component renders (the others have pages or components of their own). */
export const MOTION_DISCLOSURE_KINDS: ReadonlySet<string> = new Set(['resolution', 'implementation_result', 'withdrawal']);

export function MotionDisclosure({ kind, body, lang }: { kind: string; body: Body; lang: Lang }) {
  const { t } = useTranslation();
  const money = (n: number) => `${n.toLocaleString(lang, { minimumFractionDigits: 0, maximumFractionDigits: 2 })} ${t('motionUi.public.yuan')}`;
  return (
    <div className="stack">
      <ReviewLabel review={body.review} lang={lang} />
      <dl className="facts">
        {body.motionNumber ? (
          <div>
            <dt>{t('motionUi.public.number')}</dt>
            <dd>{t('motionUi.number', { number: body.motionNumber })}</dd>
          </div>
        ) : null}
        {body.category ? (
          <div>
            <dt>{t('motionUi.field.category')}</dt>
            <dd>{tk(t, `motion.category.${body.category}`)}</dd>
          </div>
        ) : null}
        {body.meeting ? (
          <div>
            <dt>{t('board.field.body')}</dt>
            <dd>
              {tk(t, `motion.body.${body.meeting.body}`)}
              {body.meeting.mode ? `（${tk(t, `motion.mode.${body.meeting.mode}`)}）` : ''}
              {body.meeting.online ? `，${t('motionUi.field.online')}` : ''}
              {body.meeting.date ? `，${day(body.meeting.date, lang)}` : ''}
            </dd>
          </div>
        ) : null}
        {body.outcome ? (
          <div>
            <dt>{t('board.field.outcome')}</dt>
            <dd>
              <strong>{t(`motionUi.outcome.${body.outcome}`)}</strong>
            </dd>
          </div>
        ) : null}
        {body.attendance && body.quorumRequired !== undefined ? (
          <div>
            <dt>{t('board.field.present')}</dt>
            <dd>{t('motionUi.chart.quorum', { present: body.attendance.present, expected: body.attendance.expected, needed: body.quorumRequired })}</dd>
          </div>
        ) : null}
      </dl>
      {body.tally ? (
        <VoteChart
          counts={body.tally}
          yesNeeded={body.yesNeeded}
          quorum={body.attendance && body.quorumRequired !== undefined ? { ...body.attendance, needed: body.quorumRequired } : undefined}
        />
      ) : null}
      {body.resolution ? (
        <section>
          <h2>{t('motionUi.public.resolutionText')}</h2>
          <p className="prose">{body.resolution.text}</p>
        </section>
      ) : null}
      {kind === 'withdrawal' ? (
        <section>
          <h2>{t('motionUi.public.withdrawn', { date: day(body.withdrawnAt, lang) })}</h2>
          <p className="prose">{body.reason}</p>
        </section>
      ) : null}
      {kind === 'implementation_result' ? (
        <section className="stack">
          <h2>{t('motionUi.public.result')}</h2>
          {body.completedOn ? <p>{t('motionUi.public.completedOn', { date: day(body.completedOn, lang) })}</p> : null}
          {body.summary ? <p className="prose">{body.summary}</p> : null}
          {body.acceptanceRecord ? (
            <p className="prose">
              <strong>{t('motionUi.field.acceptanceRecord')}：</strong>
              {body.acceptanceRecord}
            </p>
          ) : null}
          {body.budget ? (
            <dl className="facts">
              <div>
                <dt>{t('board.field.budget')}</dt>
                <dd className="num">{money(body.budget.approvedYuan)}</dd>
              </div>
              <div>
                <dt>{t('board.field.actual')}</dt>
                <dd className="num">{money(body.budget.actualYuan)}</dd>
              </div>
            </dl>
          ) : null}
          {body.lines?.length ? (
            <div className="table-wrap">
              <table>
                <caption>{t('board.field.lines')}</caption>
                <tbody>
                  {body.lines.map((l, i) => (
                    <tr key={i}>
                      <td>{l.item}</td>
                      <td className="num">{money(l.amountYuan)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {body.progress?.length ? (
            <>
              <h3>{t('motionUi.sections.progress')}</h3>
              <ul className="plain-list">
                {body.progress.map((p, i) => (
                  <li key={i}>
                    {day(p.date, lang)}：{p.work}
                    {p.amountYuan ? `（${money(p.amountYuan)}）` : ''}
                    {p.contractorOrganization ? ` — ${p.contractorOrganization}` : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
      {body.objections?.length ? (
        <section>
          <h2>{t('board.field.objections')}</h2>
          <ul className="plain-list">
            {body.objections.map((o, i) => (
              <li key={i}>
                <p className="prose">
                  {t(o.raisedAs === 'supervisor' ? 'roles.supervisor' : 'roles.resident')}：{o.body}
                </p>
                {o.reply ? <p className="prose answer">{o.reply}</p> : null}
                <p className="muted">{o.ruling ? tk(t, `motion.ruling.${o.ruling}`) : tk(t, `motion.objectionStatus.${o.status}`)}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {body.stageDates?.length ? (
        <section>
          <h2>{t('motionUi.sections.timeline')}</h2>
          <ol className="plain-list">
            {body.stageDates.map((s, i) => (
              <li key={i}>
                {day(s.at, lang)} {tk(t, `motion.state.${s.state}`)}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
