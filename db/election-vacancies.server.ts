/**
 * The sitting committee's term and its vacant seats, read from the roster for a by-election 补选
 * (DOMAIN.md §4.8; rules in domain/election/by-election.ts).
 */
import { termEndOf, type CommitteeOfficeId } from '../domain/admin/roles';
import { byElectionDeadline, checkByElectionPossible, openVacancies, sittingTerm, vacantSeats, type ByElectionDeadline, type CommitteeSeat, type SittingTerm } from '../domain/election/by-election';
import { OFFICES } from '../domain/election/plan';
import type { Office, Seats } from '../domain/election/plan';
import type { Verdict } from '../domain/errors';
import type { Queryable } from './client.server';

const OFFICE_OF: Record<CommitteeOfficeId, Office> = { director: 'director', deputy_director: 'deputy', member: 'member' };

export type Vacancies = { term: SittingTerm | null; vacancies: Seats; possible: Verdict; deadline: ByElectionDeadline | null };

/**
 * Seats of the term's by-elections not certified yet (nor void): a published result holds its
 * winners' seats, an election still running its plan's seats. `except` is the one being certified.
 */
async function heldSeats(q: Queryable, communityId: string, termEndsOn: string, except: string | undefined): Promise<Seats> {
  const rows = await q<{ phase: string; seats: Seats; winners: { office: Office }[] | null }[]>`
    select e.phase, e.snapshot #> '{plan,seats}' as seats, e.snapshot #> '{result,members}' as winners
    from elections e
    where e.community_id = ${communityId} and e.snapshot #>> '{plan,byElection,termEndsOn}' = ${termEndsOn}
      and e.phase <> 'void' and (${except ?? null}::uuid is null or e.id <> ${except ?? null}::uuid)
      and not exists (select 1 from election_certifications c where c.election_id = e.id)`;
  const out: Seats = { director: 0, deputy: 0, member: 0 };
  for (const r of rows)
    for (const o of OFFICES) out[o] += r.phase === 'results' || r.phase === 'closed' ? (r.winners ?? []).filter((w) => w.office === o).length : (r.seats?.[o] ?? 0);
  return out;
}

/**
 * The community's sitting term on `today`, the seats vacant in it (less those a by-election not
 * yet certified holds), whether a by-election may be planned, and the oldest vacancy's deadline.
 */
export async function vacanciesOf(q: Queryable, communityId: string, today: string, o: { except?: string } = {}): Promise<Vacancies> {
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
  const held = term ? await heldSeats(q, communityId, term.endsOn, o.except) : { director: 0, deputy: 0, member: 0 };
  const vacancies = term ? vacantSeats(seats, term, held) : { director: 0, deputy: 0, member: 0 };
  const deadline = term && term.endsOn > today ? byElectionDeadline(openVacancies(seats, term, held), today) : null;
  return { term, vacancies, possible: checkByElectionPossible(term, vacancies, today), deadline };
}
