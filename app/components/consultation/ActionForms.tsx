/**
 * One real <form> per next action of a consultation (works without JavaScript). Which actions are
 * offered, and why one is not possible yet, comes from domain `nextActions`.
 */
import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { CatalogueItem, ConsultationParty, NextAction } from '../../../domain/consultation';
import { FORMS, PARTY_TYPES } from '../../../domain/consultation/vocabulary';
import { Refusal, toLocalDateTime, useDates, type Refused } from './ui';
import { tk } from '../../i18n/keys';

export type ActionFormProps = {
  actions: NextAction[];
  item: CatalogueItem | null;
  parties: ConsultationParty[];
  /** Meeting time offered by default (computed by the server: the earliest allowed, at least a day ahead). */
  defaultMeetingAt: number;
  idempotencyKey: string;
  error: Refused;
  errorAction: string | null;
  busy: boolean;
};

export function ActionForms(p: ActionFormProps) {
  const { t } = useTranslation();
  const { dateTime } = useDates();
  if (!p.actions.length) return null;
  return (
    <section className="card" aria-labelledby="actions-h">
      <h2 id="actions-h">{t('consultation.ui.detail.actions')}</h2>
      {p.actions.map((a) => (
        <div key={a.action} className="action-block">
          <h3>{t(`consultation.action.${a.action}`)}</h3>
          {!a.enabled ? (
            <p className="muted">
              {t('consultation.ui.detail.waiting', { reason: tk(t, a.reason ?? '', a.params ?? {}) })}
              {a.availableAt ? ` ${t('consultation.ui.detail.availableAt', { at: dateTime(a.availableAt) })}` : ''}
            </p>
          ) : (
            <Form method="post" className="form">
              <input type="hidden" name="intent" value="command" />
              <input type="hidden" name="action" value={a.action} />
              <input type="hidden" name="key" value={`${p.idempotencyKey}-${a.action}`} />
              <Fields {...p} action={a.action} />
              {p.errorAction === a.action ? <Refusal error={p.error} /> : null}
              <button type="submit" disabled={p.busy}>
                {t('consultation.ui.form.confirm', { action: t(`consultation.action.${a.action}`) })}
              </button>
            </Form>
          )}
        </div>
      ))}
    </section>
  );
}

function Fields(p: ActionFormProps & { action: NextAction['action'] }) {
  const { t } = useTranslation();
  switch (p.action) {
    case 'fixParties': {
      const types = p.item ? p.item.parties : PARTY_TYPES;
      return (
        <>
          <p className="muted hint">{t('consultation.ui.form.partyHint')}</p>
          {types.map((type) => (
            <div key={type}>
              <label htmlFor={`party-${type}`}>{t('consultation.ui.form.partyName', { type: t(`consultation.party.${type}`) })}</label>
              <input id={`party-${type}`} name={`party.${type}`} type="text" maxLength={80} defaultValue={p.parties.find((x) => x.type === type)?.name ?? ''} />
            </div>
          ))}
        </>
      );
    }
    case 'scheduleMeeting': {
      const forms = p.item ? p.item.forms : FORMS;
      const at = p.defaultMeetingAt;
      return (
        <>
          <div>
            <label htmlFor="meetingAt">{t('consultation.ui.form.meetingAt')}</label>
            <input id="meetingAt" name="meetingAt" type="datetime-local" step={1} defaultValue={toLocalDateTime(at)} />
          </div>
          <div>
            <label htmlFor="form">{t('consultation.ui.form.meetingForm')}</label>
            <select id="form" name="form" defaultValue={forms[0]}>
              {forms.map((f) => (
                <option key={f} value={f}>
                  {t(`consultation.form.${f}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="place">{t('consultation.ui.form.place')}</label>
            <input id="place" name="place" type="text" maxLength={200} />
          </div>
        </>
      );
    }
    case 'recordMeeting':
      return (
        <>
          <div>
            <label htmlFor="attendees">{t('consultation.ui.form.attendees')}</label>
            <input id="attendees" name="attendees" type="number" inputMode="numeric" min={1} />
          </div>
          {p.parties.map((party, i) => (
            <div key={`${party.type}-${i}`}>
              <input type="hidden" name={`positions.${i}.party`} value={party.name} />
              <label htmlFor={`position-${i}`}>{t('consultation.ui.form.position', { party: party.name })}</label>
              <textarea id={`position-${i}`} name={`positions.${i}.position`} maxLength={2000} />
            </div>
          ))}
          <div>
            <label htmlFor="agreements">{t('consultation.ui.form.agreements')}</label>
            <textarea id="agreements" name="agreements" maxLength={4000} />
          </div>
          <div>
            <label htmlFor="disagreements">{t('consultation.ui.form.disagreements')}</label>
            <textarea id="disagreements" name="disagreements" maxLength={4000} />
          </div>
          <fieldset>
            <legend>{t('consultation.ui.form.strawHint')}</legend>
            <div className="triple">
              <label>
                {t('consultation.ui.form.strawYes')}
                <input name="straw.yes" type="number" inputMode="numeric" min={0} />
              </label>
              <label>
                {t('consultation.ui.form.strawNo')}
                <input name="straw.no" type="number" inputMode="numeric" min={0} />
              </label>
              <label>
                {t('consultation.ui.form.strawAbstain')}
                <input name="straw.abstain" type="number" inputMode="numeric" min={0} />
              </label>
            </div>
          </fieldset>
        </>
      );
    case 'draftOutcome':
      return (
        <div>
          <label htmlFor="outcome">{t('consultation.ui.form.outcomeText')}</label>
          <textarea id="outcome" name="text" maxLength={8000} rows={8} />
        </div>
      );
    case 'reviewOutcome':
      return (
        <>
          <fieldset>
            <legend>{t('consultation.ui.form.verdict')}</legend>
            <label className="choice">
              <input type="radio" name="verdict" value="approved" defaultChecked /> {t('consultation.ui.form.approve')}
            </label>
            <label className="choice">
              <input type="radio" name="verdict" value="objected" /> {t('consultation.ui.form.object')}
            </label>
          </fieldset>
          <div>
            <label htmlFor="note">{t('consultation.ui.form.note')}</label>
            <textarea id="note" name="note" maxLength={2000} />
          </div>
        </>
      );
    case 'reportFeedback':
      return (
        <>
          <div>
            <label htmlFor="feedback">{t('consultation.ui.form.feedbackText')}</label>
            <textarea id="feedback" name="text" maxLength={4000} />
          </div>
          <label className="choice">
            <input type="checkbox" name="final" /> {t('consultation.ui.form.final')}
          </label>
        </>
      );
    case 'cancel':
      return (
        <div>
          <label htmlFor="reason">{t('consultation.ui.form.reason')}</label>
          <textarea id="reason" name="reason" maxLength={2000} />
        </div>
      );
    default:
      return null;
  }
}
