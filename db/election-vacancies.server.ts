/**
 * The sitting committee's term and its vacant seats, read from the roster for a by-election 补选
 * (DOMAIN.md §4.8; rules in domain/election/by-election.ts).
 */
import { termEndOf, type CommitteeOfficeId } from '../domain/admin/roles';
import { checkByElectionPossible, sittingTerm, vacantSeats, type CommitteeSeat, type SittingTerm } from '../domain/election/by-election';
import type { Office, Seats } from '../domain/election/plan';
import type { Verdict } from '../domain/errors';
import type { Queryable } from './client.server';

const OFFICE_OF: Record<CommitteeOfficeId, Office> = { director: 'director', deputy_director: 'deputy', member: 'member' };

export type Vacancies = { term: SittingTerm | null; vacancies: Seats; possible: Verdict };

/** The community's sitting term on `today`, the seats vacant in it, and whether a by-election may be planned. */
export async function vacanciesOf(q: Queryable, communityId: string, today: string): Promise<Vacancies> {
  const rows = await q<{ office: CommitteeOfficeId | null; startsOn: string; endsOn: string | null; endedEarly: boolean; source: string | null }[]>`
    select attrs ->> 'office' as office, to_char(starts_on, 'YYYY-MM-DD') as "startsOn", to_char(ends_on, 'YYYY-MM-DD') as "endsOn",
           ended_at is not null as "endedEarly", source
    from memberships where community_id = ${communityId} and role = 'committee_member'`;
  const [certified] = await q<SittingTerm[]>`
    select to_char(c.term_starts_on, 'YYYY-MM-DD') as "startsOn", to_char(c.term_ends_on, 'YYYY-MM-DD') as "endsOn"
    from election_certifications c join elections e on e.id = c.election_id
    where c.community_id = ${communityId} and e.snapshot #> '{plan,byElection}' is null
      and c.term_starts_on <= ${today}::date and c.term_ends_on >= ${today}::date
    order by c.term_starts_on desc limit 1`;
  const seats: CommitteeSeat[] = rows.map((r) => ({ ...r, office: OFFICE_OF[r.office ?? 'member'] ?? 'member' }));
  const term = sittingTerm(seats, today, certified ?? null, (start) => termEndOf(start));
  const vacancies = term ? vacantSeats(seats, term) : { director: 0, deputy: 0, member: 0 };
  return { term, vacancies, possible: checkByElectionPossible(term, vacancies, today) };
}
