/**
 * Representatives' online votes as guarded SQL (decision 060), like election ballots: the vote is one
 * transaction under `for update` of its meeting row, checked by domain/motion/votes.ts's `checkVoter`
 * against the roster frozen at notice (left office, §8 #4), the window, the recusals recorded for the
 * item (§8 #12) and whether the motion's workflow has sealed the book. A form's idempotency key is
 * the audit entry's `(workflow_id, step)`, which is unique: 1,000 copies of one submission store one
 * vote. A resubmission with a new key inside the window replaces the earlier choice (§8 #3), and every
 * version stays in `representative_vote_log`.
 *
 * The motion workflow reads the ballots when it is signalled (`votesChanged`, to close early once all
 * have voted) and when the window closes: `sealVoteBook` then marks the row closed in the same
 * transaction as it reads, so no vote can land after the count.
 */
import { DomainError, refuse, type Refusal } from '../domain/errors';
import type { AttendanceMethod, RosterMember, VoteChoice } from '../domain/motion/meetings';
import { checkVoter, type StoredBallot, type VoteBook } from '../domain/motion/votes';
import type { Queryable, Sql } from './client.server';

export interface VoteResult {
  ok: true;
  version: number;
  replaced: boolean;
  /** False when this was a copy of a submission already stored (same idempotency key). */
  fresh: boolean;
}

interface MeetingRow {
  id: string;
  motionId: string;
  communityId: string;
  body: string;
  online: boolean;
  opensAt: Date | null;
  closesAt: Date | null;
  recordedAt: Date | null;
  roster: { personId: string; hasVote?: boolean; leftAt?: number }[];
  details: { recusedIds?: string[]; votingClosedAt?: number };
}

const stepKey = (meetingId: string, voterId: string, key: string) => `vote:${meetingId}:${voterId}:${key}`;

async function lockMeeting(tx: Queryable, motionId: string, meetingId: string): Promise<MeetingRow | undefined> {
  const [m] = await tx<MeetingRow[]>`
    select mm.id, mm.motion_id as "motionId", m.community_id as "communityId", mm.body, mm.online,
           mm.opens_at as "opensAt", mm.closes_at as "closesAt", mm.recorded_at as "recordedAt", mm.roster, mm.details
    from motion_meetings mm join motions m on m.id = mm.motion_id
    where mm.id = ${meetingId} and mm.motion_id = ${motionId}
    for update of mm`;
  return m;
}

const rosterMembers = (roster: MeetingRow['roster']): RosterMember[] =>
  roster.map((r) => ({
    personId: r.personId,
    ...(r.hasVote === false ? { hasVote: false } : {}),
    ...(typeof r.leftAt === 'number' ? { leftAt: r.leftAt } : {}),
  }));

/** The row as the domain's vote book (without ballots): the rules are checked once, in domain/. */
export function bookOf(m: MeetingRow, ballots: Record<string, StoredBallot> = {}): VoteBook {
  const roster = rosterMembers(m.roster);
  const closedAt = m.details.votingClosedAt ?? (m.recordedAt ? m.recordedAt.getTime() : undefined);
  return {
    questionId: m.id,
    roster,
    recused: m.details.recusedIds ?? [],
    opensAt: m.opensAt?.getTime() ?? Number.POSITIVE_INFINITY,
    closesAt: m.closesAt?.getTime() ?? Number.NEGATIVE_INFINITY,
    ...(closedAt !== undefined ? { closedAt } : {}),
    ballots,
    attendance: [],
  };
}

function openOnline(m: MeetingRow | undefined): Refusal | undefined {
  if (!m || m.body !== 'representatives_meeting' || !m.online) return refuse('motion.errors.votingNotOpen');
  return undefined;
}

/**
 * One representative's online vote. The caller's role and the motion's stage are checked by the web
 * (`availability`) before; here the meeting's own rules, under its row lock.
 */
export async function castRepresentativeVote(
  sql: Sql,
  v: { motionId: string; meetingId: string; voterId: string; choice: VoteChoice; idempotencyKey: string; now?: number; method?: AttendanceMethod },
): Promise<VoteResult | Refusal> {
  return sql.begin(async (tx) => {
    const m = await lockMeeting(tx, v.motionId, v.meetingId);
    const closed = openOnline(m);
    if (closed) return closed;
    const key = stepKey(v.meetingId, v.voterId, v.idempotencyKey);
    const [prior] = await tx<{ details: { version: number; replaced: boolean } }[]>`
      select details from audit_log where workflow_id = ${'motion-' + v.motionId} and step = ${key}`;
    if (prior) return { ok: true as const, version: prior.details.version, replaced: prior.details.replaced, fresh: false };
    const now = v.now ?? Date.now();
    const verdict = checkVoter(bookOf(m!), v.voterId, now);
    if (!verdict.ok) return verdict;
    const [current] = await tx<{ version: number }[]>`
      select version from representative_votes where meeting_id = ${v.meetingId} and voter_id = ${v.voterId}`;
    const version = (current?.version ?? 0) + 1;
    const castAt = new Date(now);
    const method = v.method ?? 'online';
    await tx`
      insert into representative_votes (meeting_id, voter_id, choice, method, version, cast_at)
      values (${v.meetingId}, ${v.voterId}, ${v.choice}, ${method}, ${version}, ${castAt})
      on conflict (meeting_id, voter_id) do update
        set choice = excluded.choice, method = excluded.method, version = excluded.version, cast_at = excluded.cast_at`;
    await tx`
      insert into representative_vote_log (meeting_id, voter_id, version, choice, cast_at)
      values (${v.meetingId}, ${v.voterId}, ${version}, ${v.choice}, ${castAt})`;
    const replaced = current !== undefined;
    await tx`
      insert into audit_log (community_id, actor_user_id, action, subject_type, subject_id, workflow_id, step, details)
      values (${m!.communityId}, ${v.voterId}, 'motion.castVote', 'motion', ${v.motionId}, ${'motion-' + v.motionId}, ${key},
              ${tx.json({ meetingId: v.meetingId, version, replaced })})`;
    return { ok: true as const, version, replaced, fresh: true };
  });
}

/**
 * Records that representatives are recused from this item (§8 #12): they are not offered it and
 * cannot vote on it; a ballot they cast before stays in the log but is not counted. Refused once
 * the book is sealed or for people not on the roster.
 */
export async function recordVoteRecusals(
  sql: Sql,
  r: { motionId: string; meetingId: string; personIds: readonly string[]; actorUserId: string; now?: number },
): Promise<{ ok: true; recusedIds: string[] } | Refusal> {
  return sql.begin(async (tx) => {
    const m = await lockMeeting(tx, r.motionId, r.meetingId);
    const closed = openOnline(m);
    if (closed) return closed;
    const book = bookOf(m!);
    if (book.closedAt !== undefined || (r.now ?? Date.now()) >= book.closesAt) return refuse('motion.errors.votingClosed');
    const onRoster = new Set(book.roster.map((p) => p.personId));
    if (r.personIds.some((id) => !onRoster.has(id))) return refuse('motion.errors.notOnRoster');
    const recusedIds = [...new Set([...book.recused, ...r.personIds])].sort();
    await tx`update motion_meetings set details = details || ${tx.json({ recusedIds })} where id = ${r.meetingId}`;
    await tx`
      insert into audit_log (community_id, actor_user_id, action, subject_type, subject_id, details)
      values (${m!.communityId}, ${r.actorUserId}, 'motion.recordRecusal', 'motion', ${r.motionId},
              ${tx.json({ meetingId: r.meetingId, personIds: [...r.personIds] })})`;
    return { ok: true as const, recusedIds };
  });
}

export interface BookBallots {
  ballots: Record<string, StoredBallot>;
  recused: string[];
  /**
   * The roster as it stands: a departure recorded after the notice carries its date (§8 #4,
   * `carryDepartures`). Optional for the workflow: results recorded before it have none.
   */
  roster?: RosterMember[];
}

async function ballotsOf(q: Queryable, meetingId: string): Promise<Record<string, StoredBallot>> {
  const rows = await q<{ voterId: string; choice: VoteChoice; method: AttendanceMethod; version: number; castAt: Date }[]>`
    select voter_id as "voterId", choice, method, version, cast_at as "castAt" from representative_votes where meeting_id = ${meetingId}`;
  return Object.fromEntries(rows.map((b) => [b.voterId, { voterId: b.voterId, choice: b.choice, method: b.method, version: b.version, castAt: b.castAt.getTime() }]));
}

/** The ballots that count now and the item's recusals (the workflow's `votesChanged` read). */
export async function readVoteBook(sql: Sql, meetingId: string): Promise<BookBallots> {
  const [m] = await sql<Pick<MeetingRow, 'details' | 'roster'>[]>`select details, roster from motion_meetings where id = ${meetingId}`;
  if (!m) throw new DomainError('motion.errors.noMeetingConvened');
  return { ballots: await ballotsOf(sql, meetingId), recused: m.details.recusedIds ?? [], roster: rosterMembers(m.roster) };
}

/**
 * Seals the book at `closedAt` and returns what counts, in one transaction under the row lock: a vote
 * waiting for the lock is refused ('votingClosed'). Idempotent — a retried seal keeps the first time.
 */
export async function sealVoteBook(sql: Sql, meetingId: string, closedAt: number): Promise<BookBallots> {
  return sql.begin(async (tx) => {
    const [m] = await tx<Pick<MeetingRow, 'details' | 'roster'>[]>`select details, roster from motion_meetings where id = ${meetingId} for update`;
    if (!m) throw new DomainError('motion.errors.noMeetingConvened');
    if (m.details.votingClosedAt === undefined) {
      await tx`update motion_meetings set details = details || ${tx.json({ votingClosedAt: closedAt })} where id = ${meetingId}`;
    }
    return { ballots: await ballotsOf(tx, meetingId), recused: m.details.recusedIds ?? [], roster: rosterMembers(m.roster) };
  });
}

/**
 * The next item of the agenda open to this representative (issue 12 item 2): another motion of the
 * community whose online vote is open now, with them on its roster, not recused, not yet voted —
 * first by the shared meeting's agenda order when the item belongs to one, else by motion number.
 */
export async function nextOpenVoteFor(
  q: Queryable,
  o: { communityId: string; userId: string; afterMotionId: string },
): Promise<{ motionId: string; title: string } | undefined> {
  const [row] = await q<{ motionId: string; title: string }[]>`
    select m.id as "motionId", m.title
    from motion_meetings mm join motions m on m.id = mm.motion_id
    where m.community_id = ${o.communityId} and m.state = 'resolving' and m.id <> ${o.afterMotionId}
      and mm.body = 'representatives_meeting' and mm.online and mm.recorded_at is null
      and not (mm.details ? 'votingClosedAt') and mm.opens_at <= now() and mm.closes_at > now()
      and mm.roster @> jsonb_build_array(jsonb_build_object('personId', ${o.userId}::text))
      and not (coalesce(mm.details->'recusedIds', '[]'::jsonb) ? ${o.userId})
      and not exists (select 1 from representative_votes v where v.meeting_id = mm.id and v.voter_id = ${o.userId})
    order by m.number, m.created_at
    limit 1`;
  return row;
}

export interface OpenVoteRoster {
  meetingId: string;
  opensAt: Date | null;
  closesAt: Date | null;
  /** Counted already (closed early or at its end): recusals are refused. */
  sealed: boolean;
  people: { personId: string; name: string; recused: boolean; voted: boolean }[];
}

/** The motion's online vote not yet counted, with names, recusals and who has voted: the recusal page's list. */
export async function openVoteRoster(q: Queryable, motionId: string): Promise<OpenVoteRoster | undefined> {
  const [m] = await q<{ id: string; opensAt: Date | null; closesAt: Date | null; roster: { personId: string; name?: string }[]; details: MeetingRow['details'] }[]>`
    select id, opens_at as "opensAt", closes_at as "closesAt", roster, details from motion_meetings
    where motion_id = ${motionId} and online and body = 'representatives_meeting' and recorded_at is null
    order by created_at desc limit 1`;
  if (!m) return undefined;
  const voted = new Set((await q<{ voterId: string }[]>`select voter_id as "voterId" from representative_votes where meeting_id = ${m.id}`).map((v) => v.voterId));
  const recused = new Set(m.details.recusedIds ?? []);
  return {
    meetingId: m.id,
    opensAt: m.opensAt,
    closesAt: m.closesAt,
    sealed: m.details.votingClosedAt !== undefined,
    people: m.roster.map((p) => ({ personId: p.personId, name: p.name ?? '', recused: recused.has(p.personId), voted: voted.has(p.personId) })),
  };
}
