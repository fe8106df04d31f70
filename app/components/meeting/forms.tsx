/** The meeting page's typed-count forms and the status of a count (awaiting / mismatch / confirmed). */
import { dataT } from '~/i18n/keys';
import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

type Entry = { counts: unknown; enteredBy: string; enteredAt: number };
type Shown =
  | { status: 'empty' }
  | { status: 'awaiting'; enteredBy?: string; enteredAt?: number; entry?: Entry }
  | { status: 'mismatch'; entry: Entry; other: Entry }
  | { status: 'confirmed'; entry: Entry; confirmedBy: string };

function describe(counts: unknown, name: (id: string) => string, t: (k: string, p?: Record<string, unknown>) => string): string {
  const c = counts as { yes?: number; no?: number; abstain?: number; recusedIds?: string[]; presentIds?: string[]; present?: number; electorate?: number };
  if (c.present !== undefined) return t('meeting.ui.presentNumbers', { present: c.present, expected: c.electorate ?? 0 });
  if (c.presentIds) return t('meeting.ui.presentList', { n: c.presentIds.length, names: c.presentIds.map(name).join('、') });
  const recused = c.recusedIds?.length ? t('meeting.ui.recusedList', { names: c.recusedIds.map(name).join('、') }) : '';
  return `${t('meeting.ui.votes', { yes: c.yes ?? 0, no: c.no ?? 0, abstain: c.abstain ?? 0 })}${recused}`;
}

export function CountStatus({ c, name }: { c: Shown; name: (id: string) => string }) {
  const { t } = useTranslation();
  const by = (e: { enteredBy: string }) => name(e.enteredBy);
  return (
    <div role="status">
      <p>
        <strong>{t(`meeting.status.${c.status}`)}</strong>
      </p>
      {c.status === 'awaiting' ? (
        <p>
          {t('meeting.ui.enteredBy', { name: name(c.entry?.enteredBy ?? c.enteredBy ?? '') })}
          {c.entry ? `：${describe(c.entry.counts, name, dataT(t))}` : ''}
        </p>
      ) : null}
      {c.status === 'mismatch' ? (
        <ul>
          <li>
            {by(c.entry)}：{describe(c.entry.counts, name, dataT(t))}
          </li>
          <li>
            {by(c.other)}：{describe(c.other.counts, name, dataT(t))}
          </li>
        </ul>
      ) : null}
      {c.status === 'confirmed' ? (
        <p>
          {describe(c.entry.counts, name, dataT(t))}（{t('meeting.minutes.countedByText', { entered: by(c.entry), confirmed: name(c.confirmedBy) })}）
        </p>
      ) : null}
    </div>
  );
}

export function AttendanceForm({ roster, formKey }: { roster: { personId: string; name: string }[]; formKey: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="form card">
      <input type="hidden" name="key" value={formKey} />
      <input type="hidden" name="intent" value="attendance" />
      <fieldset>
        <legend>{t('meeting.ui.whoIsPresent')}</legend>
        {roster.map((p) => (
          <label key={p.personId} className="check">
            <input type="checkbox" name="presentIds" value={p.personId} /> {p.name}
          </label>
        ))}
      </fieldset>
      <label htmlFor="att-scan">{t('meeting.ui.scanRef')}</label>
      <input id="att-scan" name="scanRef" type="text" maxLength={100} required />
      <button type="submit">{t('meeting.ui.enterAttendance')}</button>
    </Form>
  );
}

/**
 * A paper sign-in sheet's numbers only: present of entitled, and proxies — which no meeting body
 * allows (§3.3), so any number above 0 is refused in words. A second person types the same numbers.
 */
export function AttendanceNumbersForm({ entitled, formKey }: { entitled: number | null; formKey: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="form card">
      <input type="hidden" name="key" value={formKey} />
      <input type="hidden" name="intent" value="attendanceNumbers" />
      <fieldset>
        <legend>{t('meeting.ui.byNumbers')}</legend>
        <label htmlFor="att-present">{t('meeting.ui.presentNumber')}</label>
        <input id="att-present" name="present" type="number" inputMode="numeric" min={0} max={1000000} required />
        <label htmlFor="att-entitled">{t('meeting.ui.entitledNumber')}</label>
        <input
          id="att-entitled"
          name="electorate"
          type="number"
          inputMode="numeric"
          min={0}
          max={1000000}
          required
          aria-describedby={entitled !== null ? 'att-entitled-hint' : undefined}
        />
        {entitled !== null ? <p id="att-entitled-hint">{t('meeting.ui.entitledHint', { n: entitled })}</p> : null}
        <label htmlFor="att-proxies">{t('meeting.ui.proxiesNumber')}</label>
        <input id="att-proxies" name="proxies" type="number" inputMode="numeric" min={0} max={1000000} defaultValue={0} />
      </fieldset>
      <label htmlFor="att-num-scan">{t('meeting.ui.scanRef')}</label>
      <input id="att-num-scan" name="scanRef" type="text" maxLength={100} required />
      <button type="submit">{t('meeting.ui.enterAttendanceNumbers')}</button>
    </Form>
  );
}

export function ItemCountForm({ motionId, roster, formKey }: { motionId: string; roster: { personId: string; name: string }[]; formKey: string }) {
  const { t } = useTranslation();
  const id = (f: string) => `${f}-${motionId}`;
  return (
    <Form method="post" className="form">
      <input type="hidden" name="key" value={formKey} />
      <input type="hidden" name="intent" value="count" />
      <input type="hidden" name="motionId" value={motionId} />
      {(['yes', 'no', 'abstain'] as const).map((f) => (
        <div key={f}>
          <label htmlFor={id(f)}>{t(`meeting.ui.${f}`)}</label>
          <input id={id(f)} name={f} type="number" inputMode="numeric" min={0} max={1000000} required />
        </div>
      ))}
      <fieldset>
        <legend>{t('meeting.minutes.recused')}</legend>
        {roster.map((p) => (
          <label key={p.personId} className="check">
            <input type="checkbox" name="recusedIds" value={p.personId} /> {p.name}
          </label>
        ))}
      </fieldset>
      <label htmlFor={id('scan')}>{t('meeting.ui.scanRef')}</label>
      <input id={id('scan')} name="scanRef" type="text" maxLength={100} required />
      <button type="submit">{t('meeting.ui.enterCount')}</button>
    </Form>
  );
}
