/**
 * Who sits on each body on a date (rosters), committee offices, and what a motion's disclosure says.
 * Part of `./motions.server` (decision 048).
 */
import type { MeetingBody } from '../domain/motion/meetings';
import type { CommitteeOffice } from '../domain/motion/permissions';
import type { DisclosureContent } from '../domain/disclosure';
import {
  motionDisclosureContent,
  type DisclosureSources,
  type MotionDisclosureKind,
} from '../domain/motion/disclosure';
import {
  fullMembersOnly,
  type RosterPerson,
  ROSTER_ROLES,
} from '../domain/motion/roster';
import type { Queryable, Sql } from './client.server';

// ─── Rosters and offices ────────────────────────────────────────────────────────────────────────

export const activeOn = (sql: Queryable) => sql`m.starts_on <= current_date and (m.ends_on is null or m.ends_on >= current_date)`;

/**
 * The roster of a body in a community today, with names, ordered by name (frozen by the workflow).
 * A person whose every qualifying role has an end date carries `leftAt` — 00:00 Asia/Shanghai after
 * the last of those days (a membership's `ends_on` is its last day) — so a meeting held after it
 * counts them as DOMAIN.md §8 edge case 4 says (off the roster before the vote opens; during an
 * online window, a cast vote stands).
 */
export async function rosterOf(sql: Queryable, communityId: string, body: MeetingBody): Promise<RosterPerson[]> {
  const roles = [...ROSTER_ROLES[body]];
  if (roles.length === 0) return [];
  const fullOnly = fullMembersOnly(body);
  const rows = await sql<{ personId: string; name: string; lastDay: string | null }[]>`
    select u.id as "personId", u.display_name as name,
           case when bool_and(m.ends_on is not null) then to_char(max(m.ends_on), 'YYYY-MM-DD') end as "lastDay"
    from users u join memberships m on m.user_id = u.id
    where m.community_id = ${communityId} and m.role = any(${roles}) and ${activeOn(sql)}
      and (${!fullOnly} or coalesce((m.attrs->>'full_member')::boolean, false))
    group by u.id, u.display_name
    order by u.display_name, u.id`;
  return rows.map((r) => ({
    personId: r.personId,
    name: r.name,
    ...(r.lastDay ? { leftAt: leftAtAfter(r.lastDay) } : {}),
  }));
}

/** A membership's `ends_on` is its last day: its holder leaves at the next 00:00 Asia/Shanghai. */
const leftAtAfter = (lastDay: string): number => Date.parse(`${lastDay}T00:00:00+08:00`) + 86_400_000;

/**
 * A role ended after a roster was frozen (§8 edge case 4, "leaves office mid-vote"): every online vote
 * of the community not yet counted whose roster lists this person takes their departure — the end of
 * the last day of their last role that seats them on that body — unless they still hold such a role
 * with no end. Runs in the transaction that ends the role, so a vote cast after it commits is checked
 * against the new date (`castRepresentativeVote` locks the same row), and the workflow reads it with
 * the ballots. Returns the meetings changed.
 */
export async function carryDepartures(tx: Queryable, communityId: string, userId: string): Promise<string[]> {
  const meetings = await tx<{ id: string; body: MeetingBody; roster: (RosterPerson & { hasVote?: boolean })[] }[]>`
    select mm.id, mm.body, mm.roster
    from motion_meetings mm join motions m on m.id = mm.motion_id
    where m.community_id = ${communityId} and mm.online and mm.recorded_at is null and not (mm.details ? 'votingClosedAt')
      and mm.roster @> jsonb_build_array(jsonb_build_object('personId', ${userId}::text))
    order by mm.id
    for update of mm`;
  const changed: string[] = [];
  for (const mm of meetings) {
    const [seat] = await tx<{ open: boolean; lastDay: string | null }[]>`
      select coalesce(bool_or(ends_on is null), false) as open, to_char(max(ends_on), 'YYYY-MM-DD') as "lastDay"
      from memberships
      where user_id = ${userId} and community_id = ${communityId} and role = any(${[...ROSTER_ROLES[mm.body]]}) and starts_on <= current_date`;
    if (!seat || seat.open || !seat.lastDay) continue;
    const leftAt = leftAtAfter(seat.lastDay);
    const roster = mm.roster.map((r) => (r.personId === userId && (r.leftAt === undefined || r.leftAt > leftAt) ? { ...r, leftAt } : r));
    if (roster.every((r, i) => r === mm.roster[i])) continue;
    await tx`update motion_meetings set roster = ${tx.json(roster as never)} where id = ${mm.id}`;
    changed.push(mm.id);
  }
  return changed;
}

/** The office (director, deputy_director, member) of a person's committee membership, if any. */
export async function committeeOfficeOf(
  sql: Queryable,
  userId: string,
  communityId: string,
): Promise<CommitteeOffice | undefined> {
  const rows = await sql<{ office: string | null }[]>`
    select m.attrs->>'office' as office from memberships m
    where m.user_id = ${userId} and m.community_id = ${communityId} and m.role = 'committee_member' and ${activeOn(sql)}`;
  const offices = rows.map((r) => r.office);
  for (const o of ['director', 'deputy_director', 'member'] as const) if (offices.includes(o)) return o;
  return rows.length > 0 ? 'member' : undefined;
}


// ─── Disclosure content ─────────────────────────────────────────────────────────────────────────

/**
 * The public body of a motion disclosure: the rows it is made of, read here, and the content —
 * what the public may see (DOMAIN.md §6) — decided by domain/motion/disclosure.ts.
 */
export async function motionDisclosureBody(
  sql: Sql,
  motionId: string,
  kind: MotionDisclosureKind,
): Promise<{ communityId: string; title: string; body: DisclosureContent['body'] }> {
  const [m] = await sql<(DisclosureSources['motion'] & { communityId: string })[]>`
    select community_id as "communityId", number, title, category, catalogue_item_id as "catalogueItemId",
           proposal_text as "proposalText", snapshot, estimated_cost_fen::text as "estimatedCostFen"
    from motions where id = ${motionId}`;
  if (!m) throw new Error(`motion ${motionId} has no row`);
  const objections = await sql<DisclosureSources['objections']>`
    select raised_as as "raisedAs", body, reply, status, ruling, blocking from motion_objections
    where motion_id = ${motionId} order by raised_at, id`;
  if (kind === 'withdrawal') {
    return { communityId: m.communityId, title: m.title, body: motionDisclosureContent(kind, { motion: m, objections, progress: [] }) };
  }
  const [meeting] = await sql<NonNullable<DisclosureSources['meeting']>[]>`
    select body, mode, online, held_on::text as "heldOn", opens_at as "opensAt", closes_at as "closesAt", outcome,
           resolution_text as "resolutionText", text_version as "textVersion"
    from motion_meetings
    where motion_id = ${motionId} and body in ('residents_meeting', 'representatives_meeting')
      and outcome->>'kind' in ('passed', 'notPassed')
    order by recorded_at desc limit 1`;
  const [version] = meeting
    ? await sql<{ proposalText: string }[]>`
        select proposal_text as "proposalText" from motion_versions where motion_id = ${motionId} and version = ${meeting.textVersion}`
    : [];
  const progress =
    kind === 'resolution'
      ? []
      : await sql<DisclosureSources['progress']>`
          select entry_date::text as "entryDate", work, amount_fen::text as "amountFen",
                 contractor_organization as "contractorOrganization", is_final as "isFinal", final_lines as "finalLines",
                 acceptance_record as "acceptanceRecord"
          from motion_progress where motion_id = ${motionId} order by entry_date, created_at, id`;
  const sources: DisclosureSources = {
    motion: m,
    objections,
    progress,
    ...(meeting ? { meeting, votedText: version?.proposalText } : {}),
  };
  return { communityId: m.communityId, title: m.title, body: motionDisclosureContent(kind, sources) };
}

