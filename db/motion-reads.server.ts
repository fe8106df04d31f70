/**
 * Reads of the motion read model for the web (every person-facing query filters by community), and
 * the new motion's row. Part of `./motions.server` (decision 048).
 */
import type { MeetingBody, MeetingOutcome, Tally } from '../domain/motion/meetings';
import type { MotionSettings } from '../domain/motion/settings';
import type { MotionSnapshot, MotionState } from '../domain/motion/stages';
import { type RosterPerson } from '../domain/motion/roster';
import type { Queryable, Sql } from './client.server';
import {
  json,
  toDate,
  type DraftColumns,
} from './motion-projection.server';
import { activeOn } from './motion-rosters.server';

// ─── Reads for the web ──────────────────────────────────────────────────────────────────────────

export type MotionRow = Omit<DraftColumns, 'resolutionBody'> & {
  id: string;
  communityId: string;
  number: number;
  resolutionBody: 'residents_meeting' | 'representatives_meeting';
  state: MotionState;
  textVersion: number;
  snapshot: MotionSnapshot;
  step: number;
  settings: MotionSettings;
  createdBy: string;
  createdByName: string;
  createdAt: Date;
  updatedAt: Date;
};

const motionColumns = (sql: Queryable) => sql`
  mo.id, mo.community_id as "communityId", mo.number, mo.title, mo.category, mo.major_reasons as "majorReasons",
  mo.background, mo.proposal_text as "proposalText", mo.estimated_cost_fen::float8 as "estimatedCostFen",
  mo.funding_source as "fundingSource", mo.scope, mo.scope_detail as "scopeDetail",
  mo.catalogue_item_id as "catalogueItemId", mo.consult_opt_in as "consultOptIn",
  mo.resolution_body as "resolutionBody", mo.supersedes_motion_id as "supersedesMotionId",
  mo.change_note as "changeNote", mo.state, mo.text_version as "textVersion", mo.snapshot, mo.step, mo.settings,
  mo.created_by as "createdBy", u.display_name as "createdByName", mo.created_at as "createdAt",
  mo.updated_at as "updatedAt"`;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID_RE.test(s);

export async function motionById(sql: Queryable, motionId: string): Promise<MotionRow | undefined> {
  if (!isUuid(motionId)) return undefined;
  const [row] = await sql<MotionRow[]>`
    select ${motionColumns(sql)} from motions mo join users u on u.id = mo.created_by where mo.id = ${motionId}`;
  return row;
}

export async function motionsOf(
  sql: Queryable,
  communityId: string,
  o: { states?: readonly MotionState[]; includeDrafts: boolean },
): Promise<MotionRow[]> {
  const states = o.states ? [...o.states] : null;
  return sql<MotionRow[]>`
    select ${motionColumns(sql)} from motions mo join users u on u.id = mo.created_by
    where mo.community_id = ${communityId}
      and (${states}::text[] is null or mo.state = any(${states}::text[]))
      and (${o.includeDrafts} or mo.state <> 'draft')
    order by mo.updated_at desc, mo.number desc`;
}

/** Inserts the row of a new motion with the next number of its community; nothing if it exists. */
export async function insertMotion(
  sql: Sql,
  m: DraftColumns & {
    id: string;
    communityId: string;
    snapshot: MotionSnapshot;
    settings: MotionSettings;
    createdBy: string;
    idempotencyKey: string;
    /** §3.5: the paused motion this one amends (migration 00017). */
    amendsMotionId?: string | null;
  },
): Promise<{ created: boolean }> {
  return sql.begin(async (tx) => {
    // Serialise numbering per community.
    await tx`select id from communities where id = ${m.communityId} for update`;
    const [exists] = await tx`select 1 from motions where id = ${m.id}`;
    if (exists) return { created: false };
    const [next] = await tx<{ n: number }[]>`
      select coalesce(max(number), 0) + 1 as n from motions where community_id = ${m.communityId}`;
    await tx`
      insert into motions (id, community_id, number, title, category, major_reasons, background, proposal_text,
        estimated_cost_fen, funding_source, scope, scope_detail, catalogue_item_id, consult_opt_in, resolution_body,
        supersedes_motion_id, amends_motion_id, change_note, state, text_version, snapshot, step, settings, created_by, created_at, updated_at)
      values (${m.id}, ${m.communityId}, ${next!.n}, ${m.title}, ${m.category}, ${m.majorReasons}, ${m.background},
        ${m.proposalText}, ${m.estimatedCostFen}, ${m.fundingSource}, ${m.scope}, ${m.scopeDetail}, ${m.catalogueItemId},
        ${m.consultOptIn}, ${m.resolutionBody}, ${m.supersedesMotionId}, ${m.amendsMotionId ?? null}, ${m.changeNote}, ${m.snapshot.state},
        ${m.snapshot.textVersion}, ${json(tx, m.snapshot)}, 0, ${json(tx, m.settings)}, ${m.createdBy},
        ${toDate(m.snapshot.history[0]!.at)}, ${toDate(m.snapshot.history[0]!.at)})`;
    await tx`
      insert into motion_versions (motion_id, version, title, proposal_text, change_note, created_at)
      values (${m.id}, ${m.snapshot.textVersion}, ${m.title}, ${m.proposalText}, ${m.changeNote},
              ${toDate(m.snapshot.history[0]!.at)})`;
    await tx`
      insert into motion_events (motion_id, step, at, action, from_state, to_state, actor_user_id, details)
      values (${m.id}, 0, ${toDate(m.snapshot.history[0]!.at)}, 'create', 'draft', 'draft', ${m.createdBy},
              ${json(tx, { idempotencyKey: m.idempotencyKey, result: { step: 0, motionId: m.id } })})`;
    await tx`
      insert into audit_log (at, community_id, actor_user_id, action, subject_type, subject_id, workflow_id, step)
      values (${toDate(m.snapshot.history[0]!.at)}, ${m.communityId}, ${m.createdBy}, 'motion.create', 'motion', ${m.id},
              ${'motion-' + m.id}, '0')
      on conflict (workflow_id, step) where workflow_id is not null and step is not null do nothing`;
    return { created: true };
  });
}

/** The result of a command already applied with this idempotency key, if any. */
export async function commandResult(
  sql: Queryable,
  motionId: string,
  idempotencyKey: string,
): Promise<Record<string, unknown> | undefined> {
  const [row] = await sql<{ result: Record<string, unknown> | null }[]>`
    select details->'result' as result from motion_events
    where motion_id = ${motionId} and details ? 'idempotencyKey' and details->>'idempotencyKey' = ${idempotencyKey}
    limit 1`;
  return row ? (row.result ?? {}) : undefined;
}

export type MotionEventRow = {
  step: number;
  at: Date;
  action: string;
  fromState: MotionState;
  toState: MotionState;
  actorUserId: string | null;
  actorName: string | null;
  details: Record<string, unknown>;
};

export async function eventsOfMotion(sql: Queryable, motionId: string): Promise<MotionEventRow[]> {
  return sql<MotionEventRow[]>`
    select e.step, e.at, e.action, e.from_state as "fromState", e.to_state as "toState",
           e.actor_user_id as "actorUserId", u.display_name as "actorName", e.details
    from motion_events e left join users u on u.id = e.actor_user_id
    where e.motion_id = ${motionId} order by e.step`;
}

export type VersionRow = { version: number; title: string; proposalText: string; changeNote: string | null; createdAt: Date };

export async function versionsOfMotion(sql: Queryable, motionId: string): Promise<VersionRow[]> {
  return sql<VersionRow[]>`
    select version, title, proposal_text as "proposalText", change_note as "changeNote", created_at as "createdAt"
    from motion_versions where motion_id = ${motionId} order by version`;
}

export type MeetingRow = {
  id: string;
  body: MeetingBody;
  noticeAt: Date | null;
  opensAt: Date | null;
  closesAt: Date | null;
  online: boolean;
  mode: string | null;
  location: string | null;
  agenda: string | null;
  textVersion: number;
  roster: RosterPerson[];
  heldOn: string | null;
  attendance: unknown;
  tally: Tally | null;
  outcome: (MeetingOutcome & { count?: unknown }) | null;
  minutes: string | null;
  opinions: string | null;
  amendments: string | null;
  conclusion: string | null;
  resolutionText: string | null;
  details: Record<string, unknown>;
  recordedBy: string | null;
  recordedAt: Date | null;
  createdAt: Date;
};

export async function meetingsOfMotion(sql: Queryable, motionId: string): Promise<MeetingRow[]> {
  return sql<MeetingRow[]>`
    select id, body, notice_at as "noticeAt", opens_at as "opensAt", closes_at as "closesAt", online, mode, location,
           agenda, text_version as "textVersion", roster, held_on::text as "heldOn", attendance, tally, outcome,
           minutes, opinions, amendments, conclusion, resolution_text as "resolutionText", details,
           recorded_by as "recordedBy", recorded_at as "recordedAt", created_at as "createdAt"
    from motion_meetings where motion_id = ${motionId} order by created_at, id`;
}

export type RepVoteRow = {
  meetingId: string;
  voterId: string;
  name: string;
  choice: 'agree' | 'disagree' | 'abstain';
  method: 'online' | 'in_person' | 'paper';
  version: number;
  castAt: Date;
};

export async function representativeVotesOf(sql: Queryable, motionId: string): Promise<RepVoteRow[]> {
  return sql<RepVoteRow[]>`
    select v.meeting_id as "meetingId", v.voter_id as "voterId", u.display_name as name, v.choice, v.method,
           v.version, v.cast_at as "castAt"
    from representative_votes v join motion_meetings mm on mm.id = v.meeting_id join users u on u.id = v.voter_id
    where mm.motion_id = ${motionId} order by u.display_name, v.voter_id`;
}

export type OpinionRow = {
  id: string;
  authorUserId: string;
  authorName: string;
  body: string;
  createdAt: Date;
  answer: string | null;
  answeredBy: string | null;
  answeredByName: string | null;
  answeredAt: Date | null;
};

export async function opinionsOfMotion(sql: Queryable, motionId: string): Promise<OpinionRow[]> {
  return sql<OpinionRow[]>`
    select o.id, o.author_user_id as "authorUserId", a.display_name as "authorName", o.body, o.created_at as "createdAt",
           o.answer, o.answered_by as "answeredBy", b.display_name as "answeredByName", o.answered_at as "answeredAt"
    from motion_opinions o join users a on a.id = o.author_user_id left join users b on b.id = o.answered_by
    where o.motion_id = ${motionId} order by o.created_at, o.id`;
}

export type ObjectionRow = {
  id: string;
  raisedBy: string;
  raisedByName: string;
  raisedAs: 'supervisor' | 'resident';
  blocking: boolean;
  body: string;
  raisedAt: Date;
  replyDueAt: Date;
  reply: string | null;
  repliedAt: Date | null;
  status: 'open' | 'answered' | 'settled';
  ruling: 'upheld' | 'dismissed' | null;
  rulingReasons: string | null;
  ruledAt: Date | null;
};

export async function objectionsOfMotion(sql: Queryable, motionId: string): Promise<ObjectionRow[]> {
  return sql<ObjectionRow[]>`
    select o.id, o.raised_by as "raisedBy", u.display_name as "raisedByName", o.raised_as as "raisedAs", o.blocking,
           o.body, o.raised_at as "raisedAt", o.reply_due_at as "replyDueAt", o.reply, o.replied_at as "repliedAt",
           o.status, o.ruling, o.ruling_reasons as "rulingReasons", o.ruled_at as "ruledAt"
    from motion_objections o join users u on u.id = o.raised_by
    where o.motion_id = ${motionId} order by o.raised_at, o.id`;
}

export type ProgressRow = {
  id: string;
  entryDate: string;
  work: string;
  amountFen: number;
  contractorOrganization: string | null;
  isFinal: boolean;
  finalLines: { item: string; amountYuan: number }[] | null;
  acceptanceRecord: string | null;
  recordedBy: string;
  recordedByName: string;
  createdAt: Date;
};

export async function progressOfMotion(sql: Queryable, motionId: string): Promise<ProgressRow[]> {
  return sql<ProgressRow[]>`
    select p.id, p.entry_date::text as "entryDate", p.work, p.amount_fen::float8 as "amountFen",
           p.contractor_organization as "contractorOrganization", p.is_final as "isFinal", p.final_lines as "finalLines",
           p.acceptance_record as "acceptanceRecord", p.recorded_by as "recordedBy", u.display_name as "recordedByName",
           p.created_at as "createdAt"
    from motion_progress p join users u on u.id = p.recorded_by
    where p.motion_id = ${motionId} order by p.entry_date, p.created_at, p.id`;
}

export type OpenTaskRow = {
  id: string;
  communityId: string;
  communitySlug: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  subjectTitle: string | null;
  subjectNumber: number | null;
  params: Record<string, string | number>;
  dueAt: Date | null;
  escalatedAt: Date | null;
  createdAt: Date;
  assigneeRole: string | null;
  overdue: boolean;
};

/** Open tasks for a person: theirs by name, and those of the roles they hold where they hold them. */
export async function openTasksOf(sql: Queryable, userId: string): Promise<OpenTaskRow[]> {
  return sql<OpenTaskRow[]>`
    with mine as (
      select m.role, m.community_id, m.street_office_id from memberships m
      where m.user_id = ${userId} and ${activeOn(sql)})
    select t.id, t.community_id as "communityId", c.slug as "communitySlug", t.kind, t.subject_type as "subjectType",
           t.subject_id as "subjectId", mo.title as "subjectTitle", mo.number as "subjectNumber", t.params,
           t.due_at as "dueAt", t.escalated_at as "escalatedAt", t.created_at as "createdAt",
           t.assignee_role as "assigneeRole", coalesce(t.due_at < now(), false) as overdue
    from tasks t
    join communities c on c.id = t.community_id
    left join motions mo on t.subject_type = 'motion' and mo.id::text = t.subject_id
    where t.done_at is null
      and (t.assignee_user_id = ${userId}
           or (t.assignee_user_id is null and exists (
                select 1 from mine where mine.role = t.assignee_role
                  and (mine.community_id = t.community_id or mine.street_office_id = c.street_office_id))))
    order by t.due_at nulls last, t.created_at, t.id`;
}


/** A motion linked to another (§3.5): the one it amends or supersedes, or one that amends or supersedes it. */
export type RelatedMotion = {
  /** `basis`: this motion starts from it; `follower`: it starts from this motion. */
  direction: 'basis' | 'follower';
  kind: 'amends' | 'supersedes';
  id: string;
  number: number;
  title: string;
  state: MotionState;
  /** Its newest disclosure on the board, if it has one (the public reach a motion only through these). */
  disclosureId: string | null;
};

/** The motions linked to this one, earlier first: what it starts from, then what started from it. */
export async function relatedMotions(sql: Queryable, motionId: string): Promise<RelatedMotion[]> {
  if (!isUuid(motionId)) return [];
  return sql<RelatedMotion[]>`
    with links as (
      select 'basis' as direction, case when me.amends_motion_id is not null then 'amends' else 'supersedes' end as kind,
             coalesce(me.amends_motion_id, me.supersedes_motion_id) as id
      from motions me where me.id = ${motionId} and coalesce(me.amends_motion_id, me.supersedes_motion_id) is not null
      union all
      select 'follower', case when f.amends_motion_id = ${motionId} then 'amends' else 'supersedes' end, f.id
      from motions f where f.amends_motion_id = ${motionId} or f.supersedes_motion_id = ${motionId})
    select l.direction, l.kind, o.id, o.number, o.title, o.state,
           (select d.id from disclosures d where d.subject_type = 'motion' and d.subject_id = o.id::text order by d.seq desc limit 1) as "disclosureId"
    from links l join motions o on o.id = l.id
    order by l.direction, o.number`;
}
