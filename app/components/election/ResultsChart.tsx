import { useTranslation } from 'react-i18next';
import type { ResultDisclosure, RoundDisclosure } from '../../../domain/election/disclosures';
import { OFFICES } from '../../../domain/election/plan';
import { refusalText, useLang } from './ui';

const pct = (x: number, n: number) => (n === 0 ? 0 : Math.round((1000 * x) / n) / 10);

/** Votes per candidate as bars with the numbers written out; "当选" in words, not only in colour. */
function RoundChart({ round }: { round: RoundDisclosure }) {
  const { t } = useTranslation();
  const lang = useLang();
  const needed = round.kind === 'main' ? Math.floor(round.returned / 2) + 1 : round.kind === 'runoff' ? Math.ceil(round.returned / 3) : null;
  const markAt = round.kind === 'main' ? 50 : round.kind === 'runoff' ? 100 / 3 : null;
  const voids = OFFICES.filter((o) => (round.voidSections[o] ?? 0) > 0)
    .map((o) => `${t(`election.offices.${o}`)} ${round.voidSections[o]}`)
    .join('，');
  return (
    <section aria-labelledby={`round-${round.no}`} className="card">
      <h3 id={`round-${round.no}`}>{t('electionUi.public.roundTitle', { no: round.no, kind: t(`election.rounds.${round.kind}`) })}</h3>
      <p>{t('electionUi.public.turnout', { returned: round.returned, electorate: round.electorate, percent: pct(round.returned, round.electorate) })}</p>
      <p className="el-hint">
        {t('electionUi.public.issued', { issued: round.issued, online: round.online.issued, paper: round.paper.issued, returned: round.returned })}
        {voids ? ` ${t('electionUi.public.voidSections', { text: voids })}` : ''}
      </p>
      {round.outcome === 'void' && round.voidKey ? (
        <p className="el-warn">
          {t('electionUi.public.roundVoid')}{' '}
          {round.kind !== 'main' && round.voidKey === 'election.errors.turnoutShort'
            ? t('electionUi.public.laterRoundTurnoutShort', { returned: round.returned, electorate: round.electorate })
            : refusalText(t, lang, { key: round.voidKey, params: { returned: round.returned, electorate: round.electorate, issued: round.issued, needed: Math.floor(round.electorate / 2) + 1 } })}
        </p>
      ) : null}
      {round.offices.map((o) => (
        <figure key={o.office} style={{ margin: 0 }}>
          <figcaption>
            <strong>{t('electionUi.public.officeSeats', { office: t(`election.offices.${o.office}`), seats: o.seats })}</strong>
            {needed !== null ? (
              <div className="el-legend">{t(round.kind === 'main' ? 'electionUi.public.threshold' : 'electionUi.public.thresholdRunoff', { votes: needed })}</div>
            ) : null}
          </figcaption>
          <ul className="el-chart">
            {o.results.map((r) => (
              <li key={r.id}>
                <span className="el-name">{r.name}</span>
                <span className={`el-tag ${r.elected ? 'is-elected' : 'is-not'}`}>{r.elected ? t('electionUi.public.elected') : t('electionUi.public.notElected')}</span>
                <span className="el-track" aria-hidden="true">
                  <span className={`el-fill ${r.elected ? 'is-elected' : ''}`} style={{ width: `${pct(r.votes, round.returned)}%` }} />
                  {markAt !== null ? <span className="el-mark" style={{ left: `${markAt}%` }} /> : null}
                </span>
                <span className="el-votes">{t('electionUi.public.votesOf', { votes: r.votes, percent: pct(r.votes, round.returned) })}</span>
              </li>
            ))}
          </ul>
          {o.tied.length ? <p className="el-warn">{t('electionUi.public.tied', { names: o.tied.join('、') })}</p> : null}
        </figure>
      ))}
      <p className="el-legend">
        {t('electionUi.public.receiptsDigest', { count: round.receipts.count, digest: '' })}
        <span className="el-digest">{round.receipts.digest}</span>
      </p>
    </section>
  );
}

export function ResultsChart({ body }: { body: ResultDisclosure }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <div className="stack">
      {body.status === 'void' && body.voidReason ? (
        <div className="el-warn" role="note">
          <strong>{t('electionUi.public.voidElection')}</strong>
          <p>{refusalText(t, lang, body.voidReason)}</p>
        </div>
      ) : null}
      {body.members.length ? (
        <section className="card" aria-labelledby="members">
          <h3 id="members">{t('electionUi.public.members')}</h3>
          <ul className="el-list">
            {body.members.map((m) => (
              <li key={m.id} className="el-row">
                <span className="el-grow">
                  <strong>{m.name}</strong> · {t(`election.offices.${m.office}`)}
                </span>
                <span>{t('electionUi.public.votes', { votes: m.votes })}</span>
              </li>
            ))}
          </ul>
          {body.vacancies.map((v) => (
            <p key={v.office} className="el-warn">
              {t('electionUi.public.vacancies', { office: t(`election.offices.${v.office}`), seats: v.seats })}
            </p>
          ))}
        </section>
      ) : null}
      {body.rounds.map((r) => (
        <RoundChart key={r.no} round={r} />
      ))}
    </div>
  );
}
