import { useTranslation } from 'react-i18next';
import { NOTICE_CHANNELS, JOINT_CONCLUSIONS, LIMITS } from '../../../domain/motion/schemas';
import { RESIDENTS_MEETING_MODES } from '../../../domain/motion/meetings';
import { ROSTER_CHOICES } from '../../../domain/motion/forms';
import { tk } from '../../i18n/keys';

export type RosterEntry = { personId: string; name: string };

/** Plain labelled inputs used by the motion action forms. */
export function TextInput({ name, type = 'text', long = false, required = true, defaultValue, max }: {
  name: string;
  type?: 'text' | 'date' | 'datetime-local' | 'number';
  long?: boolean;
  required?: boolean;
  defaultValue?: string | number;
  max?: number;
}) {
  const { t } = useTranslation();
  const id = `f-${name}`;
  return (
    <div>
      <label htmlFor={id}>{tk(t, `motionUi.field.${name}`)}</label>
      {long ? (
        <textarea id={id} name={name} required={required} maxLength={max ?? LIMITS.longText} defaultValue={defaultValue} />
      ) : (
        <input
          id={id}
          name={name}
          type={type}
          required={required}
          defaultValue={defaultValue}
          {...(type === 'number' ? { min: 0, step: name.endsWith('Yuan') ? '0.01' : '1', inputMode: 'decimal' as const } : { maxLength: max ?? LIMITS.shortText })}
        />
      )}
    </div>
  );
}

/** Attendance and each person's vote at a meeting voted by name: one row of radio buttons per person (`roster[i]`, read by domain/motion/forms.ts). */
export function RosterVotes({ roster, allowRecusal = true }: { roster: RosterEntry[]; allowRecusal?: boolean }) {
  const { t } = useTranslation();
  const options = ROSTER_CHOICES.filter((o) => allowRecusal || o !== 'recused');
  const label = (o: (typeof options)[number]) =>
    o === 'absent'
      ? t('motionUi.field.absent')
      : o === 'present'
        ? t('motionUi.field.presentNoVote')
        : o === 'recused'
          ? t('motionUi.field.recused')
          : t(`motion.choice.${o}`);
  return (
    <fieldset>
      <legend>{t('motionUi.field.attendance')}</legend>
      {roster.map((p, i) => (
        <fieldset key={p.personId} className="person-vote">
          <legend>{p.name}</legend>
          <input type="hidden" name={`roster[${i}].personId`} value={p.personId} />
          <div className="inline-choices">
            {options.map((o) => (
              <label key={o}>
                <input type="radio" name={`roster[${i}].choice`} value={o} defaultChecked={o === 'absent'} />
                {label(o)}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
    </fieldset>
  );
}

export function ConveneFields({ body }: { body: 'joint_meeting' | 'party_members_meeting' | 'resolution' ; }) {
  const { t } = useTranslation();
  return (
    <>
      {body === 'resolution' ? (
        <div>
          <label htmlFor="f-body">{t('motionUi.field.resolutionBody')}</label>
          <select id="f-body" name="body" defaultValue="representatives_meeting">
            <option value="representatives_meeting">{t('motion.body.representatives_meeting')}</option>
            <option value="residents_meeting">{t('motion.body.residents_meeting')}</option>
          </select>
        </div>
      ) : (
        <input type="hidden" name="body" value={body} />
      )}
      <TextInput name="opensAt" type="datetime-local" />
      {body === 'resolution' ? (
        <>
          <div className="choice-list">
            <label>
              <input type="checkbox" name="online" value="on" defaultChecked />
              {t('motionUi.field.online')}
            </label>
          </div>
          <div>
            <label htmlFor="f-mode">{t('motionUi.field.mode')}</label>
            <select id="f-mode" name="mode" defaultValue="">
              <option value="">—</option>
              {RESIDENTS_MEETING_MODES.map((m) => (
                <option key={m} value={m}>
                  {t(`motion.mode.${m}`)}
                </option>
              ))}
            </select>
          </div>
        </>
      ) : null}
      <TextInput name="location" required={false} />
      <TextInput name="agenda" long max={LIMITS.text} />
      <fieldset>
        <legend>{t('motionUi.field.channels')}</legend>
        <div className="inline-choices">
          {NOTICE_CHANNELS.map((c) => (
            <label key={c}>
              <input type="checkbox" name="channels" value={c} defaultChecked={c === 'notice_board' || c === 'app'} />
              {t(`motion.channel.${c}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {body === 'party_members_meeting' ? <TextInput name="materialsRef" max={LIMITS.ref} /> : null}
    </>
  );
}

export function ConclusionField() {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('motionUi.field.conclusion')}</legend>
      <div className="choice-list">
        {JOINT_CONCLUSIONS.map((c) => (
          <label key={c}>
            <input type="radio" name="conclusion" value={c} required />
            {t(`motion.conclusion.${c}`)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
