/**
 * 补选 — the by-election of vacant seats (DOMAIN.md §4.8, §4.7 "still unfilled", §8 #18 and #21).
 * After a recall, a resignation, a death or a seat left unfilled, the residents hold a by-election
 * for the vacant seats only: the plan names how many seats of which office, never more than are
 * vacant; polling, tally (turnout > half, yes > half of ballots returned) and the contest rule are
 * the election's own; a by-elected member serves to the end of the sitting committee's term (§4.8).
 * Pure: the caller reads the community's committee memberships and passes them in.
 */
import { allowed, refuse, type Verdict } from '../errors';
import { addDays, addMonths, daysBetween, type CivilDate } from './dates';
import { isNonNegativeInteger } from './numbers';
import { DIRECTOR_SEATS, OFFICES, committeeSize, type Office, type Seats } from './plan';

export type { ByElection } from './plan';

/** Membership `source` of a by-elected member (a general election's winners have `election:<id>`). */
export const BY_ELECTION_SOURCE = 'by-election:';

/** One committee_member membership of the community, as the roster keeps it (dates inclusive). */
export type CommitteeSeat = {
  office: Office;
  startsOn: CivilDate;
  endsOn: CivilDate | null;
  /** Ended by a person (recall, resignation, death, moving away) rather than by its planned end. */
  endedEarly: boolean;
  source: string | null;
};

export type SittingTerm = { startsOn: CivilDate; endsOn: CivilDate };

const holds = (s: CommitteeSeat, day: CivilDate) => s.startsOn <= day && (s.endsOn === null || s.endsOn >= day);

/**
 * The sitting committee's term on `today`: the certified term that covers it, else the term of the
 * committee members in office today — from the earliest start to the latest planned end, or five
 * years (Art. 8, `termEndOf`) when no end was recorded. `null` when nobody sits on the committee.
 */
export function sittingTerm(seats: readonly CommitteeSeat[], today: CivilDate, certified: SittingTerm | null, termEndOf: (start: CivilDate) => CivilDate): SittingTerm | null {
  if (certified && certified.startsOn <= today && certified.endsOn >= today) return certified;
  const sitting = seats.filter((s) => holds(s, today));
  if (sitting.length === 0) return null;
  const startsOn = sitting.map((s) => s.startsOn).reduce((a, b) => (b < a ? b : a));
  const planned = sitting.flatMap((s) => (s.endsOn !== null && !s.endedEarly ? [s.endsOn] : []));
  const endsOn = planned.length > 0 ? planned.reduce((a, b) => (b > a ? b : a)) : termEndOf(startsOn);
  return { startsOn, endsOn };
}

/**
 * Seats of the sitting term left vacant, per office: memberships of the term ended early (a recall
 * ends on the meeting's day; a resignation may be dated ahead), less the by-elected memberships of
 * the term (each filled one).
 */
export function vacantSeats(seats: readonly CommitteeSeat[], term: SittingTerm, held: Seats = NO_SEATS): Seats {
  const out: Seats = { director: 0, deputy: 0, member: 0 };
  for (const v of openVacancies(seats, term, held)) out[v.office] += 1;
  return out;
}

const NO_SEATS: Seats = { director: 0, deputy: 0, member: 0 };

/** A seat vacant in the sitting term, from the day after its holder's last day in office. */
export type Vacancy = { office: Office; since: CivilDate };

/**
 * The vacancies no by-election has filled or holds, oldest first. A by-elected membership of the
 * term fills the oldest vacancy of its office; `held` are the seats of by-elections not certified
 * yet (planned, running, or with a published result waiting for the street office): a second
 * by-election may not plan them again.
 */
export function openVacancies(seats: readonly CommitteeSeat[], term: SittingTerm, held: Seats = NO_SEATS): Vacancy[] {
  const inTerm = seats.filter((s) => !(s.startsOn > term.endsOn || (s.endsOn !== null && s.endsOn < term.startsOn)));
  const out: Vacancy[] = [];
  for (const o of OFFICES) {
    const vacant = inTerm
      .filter((s) => s.office === o && s.endedEarly && s.endsOn !== null && s.endsOn < term.endsOn)
      .map((s) => addDays(s.endsOn!, 1))
      .sort();
    const filled = inTerm.filter((s) => s.office === o && s.source?.startsWith(BY_ELECTION_SOURCE)).length + held[o];
    out.push(...vacant.slice(filled).map((since) => ({ office: o, since })));
  }
  return out.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0));
}

/** A vacant seat is by-elected within three months (DOMAIN.md §4.7 "still unfilled", §8 #21 [S11]). */
export const BY_ELECTION_MONTHS = 3;
/** The street office is reminded this many days before that deadline (PLATFORM). */
export const BY_ELECTION_REMIND_DAYS = 30;

export type ByElectionDeadline = { since: CivilDate; dueOn: CivilDate; status: 'open' | 'dueSoon' | 'overdue'; daysLeft: number };

/**
 * The by-election deadline of the oldest open vacancy: its last day (three calendar months after
 * the seat fell vacant, Civil Code month arithmetic), and on `today` whether it is still some way
 * off, near (≤ 30 days) or passed. `null` when no seat is open (all filled or held by a by-election).
 */
export function byElectionDeadline(open: readonly Vacancy[], today: CivilDate): ByElectionDeadline | null {
  const oldest = open[0];
  if (!oldest) return null;
  const dueOn = addDays(addMonths(oldest.since, BY_ELECTION_MONTHS), -1);
  const daysLeft = daysBetween(today, dueOn);
  return { since: oldest.since, dueOn, daysLeft, status: daysLeft < 0 ? 'overdue' : daysLeft <= BY_ELECTION_REMIND_DAYS ? 'dueSoon' : 'open' };
}

/** A by-election's seats: at least one, at most one director, never more than are vacant per office. */
export function checkByElectionSeats(seats: Seats, vacancies: Seats): Verdict {
  if (!OFFICES.every((o) => isNonNegativeInteger(seats[o]))) return refuse('election.errors.seatsInvalid');
  const total = committeeSize(seats);
  if (total === 0) return refuse('election.errors.byElectionNoSeats');
  if (seats.director > DIRECTOR_SEATS) return refuse('election.errors.directorSeats', { seats: seats.director });
  const vacant = committeeSize(vacancies);
  if (total > vacant) return refuse('election.errors.byElectionMoreSeatsThanVacant', { seats: total, vacant });
  for (const o of OFFICES)
    if (seats[o] > vacancies[o]) return refuse(`election.errors.byElectionOfficeNotVacant.${o}`, { seats: seats[o], vacant: vacancies[o] });
  return allowed;
}

/** May a by-election be planned at all on `today`? A sitting term with at least one vacant seat. */
export function checkByElectionPossible(term: SittingTerm | null, vacancies: Seats, today: CivilDate): Verdict {
  if (!term) return refuse('election.errors.byElectionNoSittingCommittee');
  if (term.endsOn <= today) return refuse('election.errors.byElectionTermEnding', { termEndsOn: term.endsOn });
  if (committeeSize(vacancies) === 0) return refuse('election.errors.byElectionNoVacancy');
  return allowed;
}
