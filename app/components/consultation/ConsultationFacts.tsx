/** What a consultation is about and how far it got: shared by the internal and the public page. */
import { useTranslation } from 'react-i18next';
import type { ConsultationSnapshot } from '../../../domain/consultation';
import { useDates } from './ui';

type Facts = Omit<ConsultationSnapshot, 'opinions' | 'proposedBy' | 'communityId' | 'id' | 'motionId' | 'proposedAt' | 'collectingOpenedAt'> & {
  number: number;
};

export function ConsultationFacts({
  s,
  opinionsOpenAt,
  opinionsCloseAt,
  catalogueYear,
  internal = false,
}: {
  s: Facts;
  opinionsOpenAt: number | null;
  opinionsCloseAt: number | null;
  catalogueYear: number | null;
  internal?: boolean;
}) {
  const { t } = useTranslation();
  const { dateTime, date } = useDates();
  const published = s.outcomePublishedAt !== null ? s.outcomeDrafts[s.outcomeDrafts.length - 1] : undefined;
  const draft = internal && !published ? s.outcomeDrafts[s.outcomeDrafts.length - 1] : undefined;
  const now = Date.now();
  return (
    <>
      <section className="card" aria-labelledby="topic-h">
        <h2 id="topic-h">{t('consultation.ui.public.topic')}</h2>
        <p className="muted">{t(`consultation.origin.${s.origin}`)}</p>
        <p>
          {t('consultation.ui.detail.item')}：
          {s.item ? (
            <>
              {s.item.code} {s.item.title}
              {s.catalogueVersion && catalogueYear ? ` ${t('consultation.ui.detail.version', { year: catalogueYear, version: s.catalogueVersion })}` : ''}
            </>
          ) : (
            t('consultation.ui.detail.noItem')
          )}
        </p>
        <h3>{t('consultation.ui.detail.description')}</h3>
        <p className="prose">{s.description}</p>
        <h3>{t('consultation.ui.detail.parties')}</h3>
        {s.parties.length ? (
          <ul>
            {s.parties.map((p, i) => (
              <li key={i}>
                {p.name}（{t(`consultation.party.${p.type}`)}）
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('consultation.ui.detail.noParties')}</p>
        )}
        {opinionsOpenAt && opinionsCloseAt ? (
          <p>
            {opinionsCloseAt > now
              ? t('consultation.ui.detail.windowOpen', { to: dateTime(opinionsCloseAt) })
              : t('consultation.ui.detail.windowClosed', { to: dateTime(opinionsCloseAt) })}
          </p>
        ) : null}
      </section>

      {s.meeting ? (
        <section className="card" aria-labelledby="meeting-h">
          <h2 id="meeting-h">{t('consultation.ui.detail.meeting')}</h2>
          <p>
            {t('consultation.ui.detail.meetingPlan', {
              at: dateTime(s.meeting.at),
              place: s.meeting.place,
              form: t(`consultation.form.${s.meeting.form}`),
            })}
          </p>
          {s.meetingRecord ? (
            <>
              <h3>{t('consultation.ui.detail.meetingRecord')}</h3>
              <p>{t('consultation.ui.detail.attendees', { count: s.meetingRecord.attendees })}</p>
              <h4>{t('consultation.ui.detail.positions')}</h4>
              <ul>
                {s.meetingRecord.positions.map((p, i) => (
                  <li key={i}>
                    <strong>{p.party}</strong>：{p.position}
                  </li>
                ))}
              </ul>
              {s.meetingRecord.agreements ? (
                <p>
                  <strong>{t('consultation.ui.detail.agreements')}</strong>：{s.meetingRecord.agreements}
                </p>
              ) : null}
              {s.meetingRecord.disagreements ? (
                <p>
                  <strong>{t('consultation.ui.detail.disagreements')}</strong>：{s.meetingRecord.disagreements}
                </p>
              ) : null}
              {s.meetingRecord.strawPoll ? <p className="muted">{t('consultation.ui.detail.strawPoll', s.meetingRecord.strawPoll)}</p> : null}
            </>
          ) : null}
        </section>
      ) : null}

      {published ? (
        <section className="card outcome" aria-labelledby="outcome-h">
          <h2 id="outcome-h">{t('consultation.ui.detail.outcome')}</h2>
          <p className="muted">
            {t('consultation.ui.public.outcomePublished', { date: date(s.outcomePublishedAt) })} ·{' '}
            {s.outcomeReviewed ? t('consultation.ui.detail.reviewed') : t('consultation.labels.notReviewed')}
          </p>
          <p className="prose">{published.text}</p>
        </section>
      ) : draft ? (
        <section className="card" aria-labelledby="draft-outcome-h">
          <h2 id="draft-outcome-h">{t('consultation.ui.detail.outcomeDraft', { version: draft.version })}</h2>
          <p className="prose">{draft.text}</p>
          {draft.review ? (
            <p>
              {t('consultation.ui.detail.review', {
                verdict:
                  draft.review.verdict === 'approved'
                    ? t('consultation.ui.detail.reviewApproved')
                    : t('consultation.ui.detail.reviewObjected', { note: draft.review.note }),
              })}
            </p>
          ) : null}
        </section>
      ) : null}

      {s.outcomePublishedAt !== null && s.feedback.length ? (
        <section className="card" aria-labelledby="feedback-h">
          <h2 id="feedback-h">{t('consultation.ui.detail.feedback')}</h2>
          <ul>
            {s.feedback.map((f, i) => (
              <li key={i}>
                <span className="muted">{date(f.reportedAt)}</span> {f.text} {f.final ? t('consultation.ui.detail.finalFeedback') : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {s.cancelledAt ? <p className="form-error">{t('consultation.ui.detail.cancelled', { reason: s.cancelReason ?? '' })}</p> : null}
    </>
  );
}
