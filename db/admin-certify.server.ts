/**
 * 选举结果确认与换届 (DOMAIN.md §4.8, §4.2 handover): after the election workflow has published its
 * result, the street office certifies it. In one transaction: the previous committee's terms end the
 * day before the new term starts, each winner becomes a committee member (office as elected) from the
 * term's start for five years, the certification row and an audit entry are written. A by-election's
 * 补选 winners join the sitting committee instead: nobody's term ends, and theirs ends with the
 * sitting term (the plan's `byElection.termEndsOn`), in seats still vacant. Not a workflow step: the
 * election workflow has finished its part when the result is published.
 */
import { BY_ELECTION_SOURCE } from '../domain/election/by-election';
import { OFFICES, type ByElection, type Office } from '../domain/election/plan';
import type { ElectionSnapshot } from '../domain/election/process';
import { dayBefore, termEndOf, type CommitteeOfficeId } from '../domain/admin/roles';
import { refuse, type Refusal } from '../domain/errors';
import { writeAudit } from './admin.server';
import { hashPhone, insertPeople } from './admin-people.server';
import type { Queryable, Sql } from './client.server';
import { vacanciesOf } from './election-vacancies.server';
import { endRoleIn, grantRoleIn } from './roster.server';

const OFFICE: Record<Office, CommitteeOfficeId> = { director: 'director', deputy: 'deputy_director', member: 'member' };

export type Certification = {
  electionId: string;
  termStartsOn: string;
  termEndsOn: string;
  members: { userId: string; name: string; office: CommitteeOfficeId }[];
  endedMemberships: number;
  certifiedBy: string;
  certifiedAt: Date;
};

export async function certificationOf(q: Queryable, electionId: string): Promise<Certification | undefined> {
  const [row] = await q<Certification[]>`
    select c.election_id as "electionId", to_char(c.term_starts_on, 'YYYY-MM-DD') as "termStartsOn", to_char(c.term_ends_on, 'YYYY-MM-DD') as "termEndsOn",
           c.members, c.ended_memberships as "endedMemberships", u.display_name as "certifiedBy", c.certified_at as "certifiedAt"
    from election_certifications c join users u on u.id = c.certified_by where c.election_id = ${electionId}`;
  return row;
}

export type Winner = { personId: string; office: Office; votes: number; name: string | null };

/** The published result of an election of this community, or why it cannot be certified yet. */
export async function certifiableResult(
  q: Queryable,
  communityId: string,
  electionId: string,
): Promise<{ ok: true; title: string; winners: Winner[]; byElection: ByElection | null } | Refusal> {
  const [e] = await q<{ title: string; snapshot: ElectionSnapshot }[]>`
    select title, snapshot from elections where id = ${electionId} and community_id = ${communityId}`;
  if (!e) return refuse('admin.errors.electionNotFound');
  const s = e.snapshot;
  if (!s.result || s.resultsPublishedAt === null || !['results', 'closed'].includes(s.phase)) return refuse('admin.errors.electionNotPublished');
  if (s.result.members.length === 0) return refuse('admin.errors.electionNoWinners');
  const names = await q<{ id: string; name: string }[]>`select id::text, name from voters where election_id = ${electionId} and id::text = any(${s.result.members.map((m) => m.personId)})`;
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  return { ok: true, title: e.title, winners: s.result.members.map((m) => ({ ...m, name: nameOf.get(m.personId) ?? null })), byElection: s.plan.byElection ?? null };
}

/** The winner's account in this community: the register entry linked to the voter, made if missing. */
async function accountOfWinner(tx: Queryable, communityId: string, electionId: string, personId: string, actor: string, lockedHash: string) {
  const [v] = await tx<{ userId: string | null; name: string; gender: 'male' | 'female'; groupName: string; phone: string | null }[]>`
    select user_id as "userId", name, gender, group_name as "groupName", phone from voters where election_id = ${electionId} and id::text = ${personId}`;
  const userId = v?.userId ?? null;
  if (userId) {
    const [p] = await tx<{ id: string }[]>`select id from people where user_id = ${userId} and community_id = ${communityId}`;
    if (p) return p.id;
    const [u] = await tx<{ name: string }[]>`select display_name as name from users where id = ${userId}`;
    const [made] = await tx<{ id: string }[]>`
      insert into people (community_id, user_id, name, gender, group_name, created_by)
      values (${communityId}, ${userId}, ${(u?.name ?? v!.name).slice(0, 50)}, ${v?.gender ?? null}, ${v?.groupName ?? null}, ${actor}) returning id`;
    return made!.id;
  }
  if (!v) throw new Error(`winner ${personId} is not on the register of election ${electionId}`);
  // Not linked to an account: the register entry with the same name and phone, else the only one of that name.
  const byPhone = v.phone
    ? await tx<{ id: string }[]>`select id from people where community_id = ${communityId} and status = 'active' and name = ${v.name} and phone_hash = ${hashPhone(v.phone)}`
    : [];
  if (byPhone[0]) return byPhone[0].id;
  const byName = await tx<{ id: string }[]>`select id from people where community_id = ${communityId} and status = 'active' and name = ${v.name} limit 2`;
  if (byName.length === 1) return byName[0]!.id;
  const made = await insertPeople(tx, communityId, [{ name: v.name, gender: v.gender, birthYear: null, groupName: v.groupName, building: null, unit: null, phone: null }], { actor, lockedHash });
  if (!made.ok) throw new Error(`cannot register winner ${personId}: ${made.key}`);
  return made.ids[0]!;
}

export async function certifyElection(
  sql: Sql,
  a: { communityId: string; electionId: string; termStartsOn: string; note: string | null; actor: string; lockedHash: string },
): Promise<{ ok: true; members: number; ended: number; termEndsOn: string | null } | Refusal> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(a.termStartsOn) || Number.isNaN(Date.parse(a.termStartsOn))) return refuse('admin.errors.termStartInvalid');
  return sql.begin(async (tx) => {
    await tx`select id from elections where id = ${a.electionId} and community_id = ${a.communityId} for update`;
    if (await certificationOf(tx, a.electionId)) return refuse('admin.errors.electionAlreadyCertified');
    const result = await certifiableResult(tx, a.communityId, a.electionId);
    if (!result.ok) return result;
    const by = result.byElection;
    if (by) {
      const still = await seatsStillVacant(tx, a.communityId, a.electionId, a.termStartsOn, by, result.winners);
      if (!still.ok) return still;
    }
    const lastDay = dayBefore(a.termStartsOn);
    // A by-election ends nobody's term; a general election ends the previous committee's.
    const previous = by
      ? []
      : await tx<{ id: string }[]>`
      select id from memberships where community_id = ${a.communityId} and role = 'committee_member' and ended_at is null
        and starts_on <= ${lastDay}::date and (ends_on is null or ends_on >= ${lastDay}::date)`;
    const reason = `${by ? '补选' : '换届'}：${result.title}`;
    for (const m of previous) {
      const r = await endRoleIn(tx, a.communityId, { membershipId: m.id, endsOn: lastDay, reason }, a.actor);
      if (!r.ok) return r;
    }
    const termEndsOn = by ? by.termEndsOn : termEndOf(a.termStartsOn);
    const source = `${by ? BY_ELECTION_SOURCE : 'election:'}${a.electionId}`;
    const members: Certification['members'] = [];
    for (const w of result.winners) {
      const personId = await accountOfWinner(tx, a.communityId, a.electionId, w.personId, a.actor, a.lockedHash);
      const granted = await grantRoleIn(
        tx,
        a.communityId,
        { personId, role: 'committee_member', attrs: { office: OFFICE[w.office] }, startsOn: a.termStartsOn, endsOn: termEndsOn, reason, source },
        a.actor,
      );
      if (!granted.ok) return granted;
      const [p] = await tx<{ userId: string; name: string }[]>`select user_id as "userId", name from people where id = ${personId}`;
      members.push({ userId: p!.userId, name: p!.name, office: OFFICE[w.office] });
    }
    await tx`insert into election_certifications (election_id, community_id, term_starts_on, term_ends_on, members, ended_memberships, certified_by, note)
             values (${a.electionId}, ${a.communityId}, ${a.termStartsOn}, ${termEndsOn}, ${tx.json(members as never)}, ${previous.length}, ${a.actor}, ${a.note})`;
    await writeAudit(tx, { communityId: a.communityId, actor: a.actor, action: 'admin.electionCertified', subjectType: 'election', subjectId: a.electionId, details: { new: { termStartsOn: a.termStartsOn, termEndsOn, members, byElection: by !== null }, endedMemberships: previous.length, note: a.note } });
    return { ok: true, members: members.length, ended: previous.length, termEndsOn: by ? termEndsOn : null };
  });
}

/**
 * A by-election's winners take seats still vacant on the day they start, before the sitting term's
 * last day (the term may not end on the day it starts: the certification's dates are a range).
 */
async function seatsStillVacant(tx: Queryable, communityId: string, electionId: string, startsOn: string, by: ByElection, winners: Winner[]): Promise<{ ok: true } | Refusal> {
  if (startsOn >= by.termEndsOn) return refuse('admin.errors.byElectionTermOver', { termEndsOn: by.termEndsOn });
  const { vacancies } = await vacanciesOf(tx, communityId, startsOn, { except: electionId });
  for (const o of OFFICES) {
    const won = winners.filter((w) => w.office === o).length;
    if (won > vacancies[o]) return refuse('admin.errors.byElectionSeatsFilled', { won, vacant: vacancies[o] });
  }
  return { ok: true };
}
