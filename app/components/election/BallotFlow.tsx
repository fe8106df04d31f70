import { Form, Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MARKS } from '../../../domain/election/ballot';
import { markField, type BallotScreen, type BallotState } from './ballot';
import { Refusal } from './ui';

/**
 * One office per screen, then "您选择了：… 确认提交？", then the receipt. Works without
 * JavaScript: each screen is a form carrying every mark made so far.
 */
export function BallotFlow({
  screen,
  state,
  hidden,
  checkHref,
}: {
  screen: BallotScreen;
  state: BallotState & { receipt?: string | null };
  hidden?: ReactNode;
  checkHref: string;
}) {
  const { t } = useTranslation();
  if (state.receipt) {
    return (
      <section className="card" aria-labelledby="thanks">
        <h2 id="thanks">{t('electionUi.ballot.thanks')}</h2>
        <p>{t('electionUi.ballot.receipt')}</p>
        <output className="el-code" aria-label={t('electionUi.ballot.receipt')}>
          {state.receipt}
        </output>
        <p>{t('electionUi.ballot.receiptHint')}</p>
        <p>
          <Link to={checkHref} className="button secondary el-full">
            {t('electionUi.ballot.checkLink')}
          </Link>
        </p>
      </section>
    );
  }
  const total = screen.sections.length + 1;
  const confirming = state.step >= screen.sections.length;
  const carried = (exceptOffice: string | null) =>
    screen.sections
      .filter((s) => s.office !== exceptOffice)
      .flatMap((s) => s.candidates.map((c) => <input key={c.id} type="hidden" name={markField(s.office, c.id)} value={state.marks[c.id] ?? 'abstain'} />));
  const common = (
    <>
      {hidden}
      <input type="hidden" name="round" value={screen.roundNo} />
      <input type="hidden" name="step" value={state.step} />
    </>
  );

  if (confirming) {
    const lines = screen.sections.map((s) => {
      const yes = s.candidates.filter((c) => state.marks[c.id] === 'yes').map((c) => c.name);
      const no = s.candidates.filter((c) => state.marks[c.id] === 'no').map((c) => c.name);
      const office = t(`election.offices.${s.office}`);
      return (
        <li key={s.office}>
          {yes.length ? t('electionUi.ballot.yesTo', { office, names: yes.join('、') }) : t('electionUi.ballot.nobody', { office })}
          {no.length ? <div>{t('electionUi.ballot.noTo', { office, names: no.join('、') })}</div> : null}
        </li>
      );
    });
    return (
      <Form method="post" className="el-ballot card">
        {common}
        {carried(null)}
        <p className="el-steps-count">{t('electionUi.ballot.stepOf', { n: total, total })}</p>
        <h2>{t('electionUi.ballot.confirmTitle')}</h2>
        <Refusal refusal={state.error} />
        <div className="el-confirm">
          <p>{t('electionUi.ballot.youChose')}</p>
          <ul>{lines}</ul>
          <p>{t('electionUi.ballot.rest')}</p>
          <p>
            <strong>{t('electionUi.ballot.confirmQuestion')}</strong>
          </p>
        </div>
        <div className="el-buttons">
          <button type="submit" name="intent" value="submit">
            {t('electionUi.ballot.submit')}
          </button>
          <button type="submit" name="intent" value="back" className="secondary">
            {t('electionUi.ballot.change')}
          </button>
        </div>
      </Form>
    );
  }

  const section = screen.sections[state.step]!;
  const office = t(`election.offices.${section.office}`);
  return (
    <Form method="post" className="el-ballot">
      {common}
      {carried(section.office)}
      <p className="el-steps-count">{t('electionUi.ballot.stepOf', { n: state.step + 1, total })}</p>
      <h2>{t('electionUi.ballot.sectionTitle', { office, seats: section.seats })}</h2>
      <p className="el-hint">{t('electionUi.ballot.sectionHint', { seats: section.seats })}</p>
      <Refusal refusal={state.error} />
      {section.candidates.map((c) => (
        <fieldset key={c.id}>
          <legend>{c.name}</legend>
          <div className="el-marks">
            {MARKS.map((m) => (
              <label key={m}>
                <input type="radio" name={markField(section.office, c.id)} value={m} defaultChecked={(state.marks[c.id] ?? 'abstain') === m} />
                {t(`electionUi.ballot.${m}`)}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <div className="el-buttons">
        <button type="submit" name="intent" value="next">
          {t('electionUi.ballot.next')}
        </button>
        {state.step > 0 ? (
          <button type="submit" name="intent" value="back" className="secondary">
            {t('electionUi.ballot.back')}
          </button>
        ) : null}
      </div>
    </Form>
  );
}
