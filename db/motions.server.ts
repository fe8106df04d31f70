/**
 * The 四议两公开 read model (migrations 00003, 00004): written by the motion workflow's activities —
 * one transaction per workflow step, idempotent by (motion_id, step) — and by the web for high-volume
 * rows (residents' opinions and answers); read by the web. Every person-facing query filters by
 * community.
 */
import { enqueueMotionNotices } from './notify.server';
import type { MeetingBody, MeetingOutcome, Tally } from '../domain/motion/meetings';
import type { CommitteeOffice } from '../domain/motion/permissions';
import type { MotionSettings } from '../domain/motion/settings';
import type { MotionSnapshot, MotionState } from '../domain/motion/stages';
import type { DisclosureContent } from '../domain/disclosure';
import { motionDisclosureContent, type DisclosureSources, type MotionDisclosureKind } from '../domain/motion/disclosure';
import { yuanToFen } from '../domain/motion/matters';
import type { DraftFields, MeetingNotice, MotionFact, MotionStep } from '../domain/motion/facts';
import { ROSTER_ROLES, fullMembersOnly, type RosterPerson } from '../domain/motion/roster';
import type { TaskSpec } from '../domain/motion/tasks';
import type { Queryable, Sql } from './client.server';

const toDate = (ms: number | undefined | null) => (ms === undefined || ms === null ? null : new Date(ms));
const json = (sql: Queryable, v: unknown) => sql.json(v as never);

// ─── Writes from the workflow ───────────────────────────────────────────────────────────────────

/** Columns of `motions` a draft sets (camelCase here, snake_case in the table). */
export type DraftColumns = {
  title: string;
  category: string;
  majorReasons: string[];
  background: string;
  proposalText: string;
  estimatedCostFen: number;
  fundingSource: string | null;
  scope: string;
  scopeDetail: string | null;
  catalogueItemId: string | null;
  consultOptIn: boolean;
  resolutionBody: string;
  supersedesMotionId: string | null;
  changeNote: string | null;
};

/** The `motions` columns a draft sets (used by the web at creation and by the projection on edits). */
export function draftColumns(i: DraftFields): DraftColumns {
  return {
    title: i.title,
    category: i.category,
    majorReasons: [...i.majorReasons],
    background: i.background,
    proposalText: i.proposalText,
    estimatedCostFen: yuanToFen(i.estimatedCostYuan),
    fundingSource: i.fundingSource ?? null,
    scope: i.scope,
    scopeDetail: i.scopeDetail ?? null,
    catalogueItemId: i.catalogueItemId ?? null,
    consultOptIn: i.consultOptIn,
    resolutionBody: i.resolutionBody,
    supersedesMotionId: i.supersedesMotionId ?? null,
    changeNote: i.changeNote ?? null,
  };
}

/**
 * Writes one step in one transaction. Idempotent: if the step's motion_events row exists, the step
 * was written before (a retried activity) and nothing is done. The motions row takes the snapshot
 * only if the step is newer than the stored one.
 */
export async function writeMotionStep(sql: Sql, w: MotionStep): Promise<{ written: boolean }> {
  return sql.begin(async (tx) => {
    // Lock the motion first (the web's opinion transactions lock it the same way: no deadlock).
    const [motion] = await tx<{ textVersion: number }[]>`
      select text_version as "textVersion" from motions where id = ${w.motionId} for update`;
    if (!motion) throw new Error(`motion ${w.motionId} has no row`);
    const inserted = await tx`
      insert into motion_events (motion_id, step, at, action, from_state, to_state, actor_user_id, details)
      values (${w.motionId}, ${w.step}, ${toDate(w.at)}, ${w.action}, ${w.fromState}, ${w.toState},
              ${w.actorUserId}, ${json(tx, w.details)})
      on conflict (motion_id, step) do nothing
      returning step`;
    if (inserted.length === 0) return { written: false };
    for (const f of w.facts) await project(tx, w, f);
    await enqueueMotionNotices(tx, w); // the step's notices, committed with it (decision 040)
    await tx`
      update motions set snapshot = ${json(tx, w.snapshot)}, state = ${w.snapshot.state}, step = ${w.step},
                         text_version = ${w.snapshot.textVersion}, updated_at = ${toDate(w.at)}
      where id = ${w.motionId} and step < ${w.step}`;
    if (w.snapshot.textVersion > motion.textVersion) {
      await tx`
        insert into motion_versions (motion_id, version, title, proposal_text, change_note, created_at)
        select id, ${w.snapshot.textVersion}, title, proposal_text, ${w.versionNote ?? null}, ${toDate(w.at)}
        from motions where id = ${w.motionId}
        on conflict (motion_id, version) do nothing`;
    }
    await tx`
      insert into audit_log (at, community_id, actor_user_id, action, subject_type, subject_id, workflow_id, step, details)
      values (${toDate(w.at)}, ${w.communityId}, ${w.actorUserId}, ${'motion.' + w.action}, 'motion', ${w.motionId},
              ${w.workflowId}, ${String(w.step)}, ${json(tx, { from: w.fromState, to: w.toState })})
      on conflict (workflow_id, step) where workflow_id is not null and step is not null do nothing`;
    return { written: true };
  });
}

async function insertMeeting(tx: Queryable, w: MotionStep, m: MeetingNotice) {
  await tx`
    insert into motion_meetings (id, motion_id, body, notice_at, opens_at, closes_at, online, mode, location, agenda,
                                 text_version, roster, details, created_at)
    values (${m.id}, ${w.motionId}, ${m.body}, ${toDate(m.noticeAt)}, ${toDate(m.opensAt)}, ${toDate(m.closesAt)},
            ${m.online}, ${m.mode ?? null}, ${m.location ?? null}, ${m.agenda ?? null}, ${m.textVersion},
            ${json(tx, m.roster)}, ${json(tx, m.details ?? {})}, ${toDate(w.at)})
    on conflict (id) do nothing`;
}

/** One fact of a step → its rows. */
async function project(tx: Queryable, w: MotionStep, e: MotionFact): Promise<void> {
  switch (e.type) {
    case 'draftEdited': {
      const f = draftColumns(e.draft);
      await tx`
        update motions set title = ${f.title}, category = ${f.category}, major_reasons = ${f.majorReasons},
          background = ${f.background}, proposal_text = ${f.proposalText}, estimated_cost_fen = ${f.estimatedCostFen},
          funding_source = ${f.fundingSource}, scope = ${f.scope}, scope_detail = ${f.scopeDetail},
          catalogue_item_id = ${f.catalogueItemId}, consult_opt_in = ${f.consultOptIn},
          resolution_body = ${f.resolutionBody}, supersedes_motion_id = ${f.supersedesMotionId},
          change_note = ${f.changeNote}
        where id = ${w.motionId}`;
      return;
    }
    case 'meetingConvened':
      await insertMeeting(tx, w, e.notice);
      return;
    case 'meetingRecorded': {
      if (e.notice) await insertMeeting(tx, w, e.notice);
      const r = e.minutes;
      await tx`
        update motion_meetings set
          held_on = ${r.heldOn ?? null}, attendance = ${r.attendance === undefined ? null : json(tx, r.attendance)},
          tally = ${r.tally ? json(tx, r.tally) : null}, outcome = ${r.outcome ? json(tx, r.outcome) : null},
          minutes = ${r.minutes ?? null}, opinions = ${r.opinions ?? null}, amendments = ${r.amendments ?? null},
          conclusion = ${r.conclusion ?? null}, resolution_text = ${r.resolutionText ?? null},
          recorded_by = ${r.recordedBy}, recorded_at = ${toDate(r.recordedAt)},
          details = details || ${json(tx, r.details ?? {})}
        where id = ${e.meetingId} and motion_id = ${w.motionId}`;
      return;
    }
    case 'attendanceChanged':
      await tx`update motion_meetings set attendance = ${json(tx, e.attendance)}
               where id = ${e.meetingId} and motion_id = ${w.motionId}`;
      return;
    case 'voteCast':
      await tx`
        insert into representative_votes (meeting_id, voter_id, choice, method, version, cast_at)
        values (${e.meetingId}, ${e.voterId}, ${e.choice}, ${e.method}, ${e.version}, ${toDate(e.castAt)})
        on conflict (meeting_id, voter_id) do update
          set choice = excluded.choice, method = excluded.method, version = excluded.version, cast_at = excluded.cast_at
          where representative_votes.version < excluded.version`;
      await tx`
        insert into representative_vote_log (meeting_id, voter_id, version, choice, cast_at)
        values (${e.meetingId}, ${e.voterId}, ${e.version}, ${e.choice}, ${toDate(e.castAt)})
        on conflict do nothing`;
      return;
    case 'objectionRaised':
      await tx`
        insert into motion_objections (id, motion_id, raised_by, raised_as, blocking, body, raised_at, reply_due_at, status)
        values (${e.id}, ${w.motionId}, ${e.raisedBy}, ${e.raisedAs}, ${e.blocking}, ${e.body}, ${toDate(e.raisedAt)},
                ${toDate(e.replyDueAt)}, 'open')
        on conflict (id) do nothing`;
      return;
    case 'objectionReplied':
      await tx`
        update motion_objections set reply = ${e.reply}, replied_by = ${e.repliedBy}, replied_at = ${toDate(e.repliedAt)},
          status = case when status = 'settled' then status else 'answered' end
        where id = ${e.id} and motion_id = ${w.motionId}`;
      return;
    case 'objectionSettled':
      await tx`update motion_objections set status = 'settled' where id = ${e.id} and motion_id = ${w.motionId}`;
      return;
    case 'objectionRuled':
      await tx`
        update motion_objections set status = 'settled', ruling = ${e.ruling}, ruling_reasons = ${e.reasons},
          ruled_by = ${e.ruledBy}, ruled_at = ${toDate(e.ruledAt)}
        where id = ${e.id} and motion_id = ${w.motionId}`;
      return;
    case 'progressRecorded':
      await tx`
        insert into motion_progress (id, motion_id, entry_date, work, amount_fen, contractor_organization, is_final,
                                     final_lines, acceptance_record, recorded_by, created_at)
        values (${e.id}, ${w.motionId}, ${e.entryDate}, ${e.work}, ${yuanToFen(e.amountYuan)}, ${e.contractorOrganization},
                ${e.isFinal}, ${e.finalLines ? json(tx, e.finalLines) : null}, ${e.acceptanceRecord}, ${e.recordedBy},
                ${toDate(w.at)})
        on conflict (id) do nothing`;
      return;
  }
}

// ─── Rosters and offices ────────────────────────────────────────────────────────────────────────

const activeOn = (sql: Queryable) => sql`m.starts_on <= current_date and (m.ends_on is null or m.ends_on >= current_date)`;

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
    ...(r.lastDay ? { leftAt: Date.parse(`${r.lastDay}T00:00:00+08:00`) + 86_400_000 } : {}),
  }));
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

// ─── Tasks ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Makes the motion's open tasks exactly `tasks`: upserts each by its key, closes every other open task
 * of the motion. Office tasks go to each holder of the office (or to all committee members if no one
 * holds it).
 */
export async function syncMotionTasks(
  sql: Sql,
  o: { communityId: string; motionId: string; tasks: TaskSpec[] },
): Promise<{ open: number }> {
  return sql.begin(async (tx) => {
    const rows: {
      key: string;
      userId: string | null;
      role: string | null;
      kind: string;
      dueAt: number | undefined;
      escalated: boolean;
      params: Record<string, string | number>;
    }[] = [];
    for (const t of o.tasks) {
      const base = { kind: t.kind, dueAt: t.dueAt, escalated: t.escalated === true, params: t.params ?? {} };
      if ('userId' in t.to) rows.push({ ...base, key: t.key, userId: t.to.userId, role: null });
      else if ('role' in t.to) rows.push({ ...base, key: t.key, userId: null, role: t.to.role });
      else {
        const holders = await tx<{ userId: string }[]>`
          select distinct m.user_id as "userId" from memberships m
          where m.community_id = ${o.communityId} and m.role = 'committee_member' and m.attrs->>'office' = ${t.to.office}
            and ${activeOn(tx)} order by 1`;
        if (holders.length === 0) rows.push({ ...base, key: t.key, userId: null, role: 'committee_member' });
        for (const h of holders) rows.push({ ...base, key: `${t.key}:${h.userId}`, userId: h.userId, role: null });
      }
    }
    for (const r of rows) {
      await tx`
        insert into tasks (community_id, assignee_user_id, assignee_role, kind, subject_type, subject_id, params, due_at,
                           escalated_at, idempotency_key)
        values (${o.communityId}, ${r.userId}, ${r.role}, ${r.kind}, 'motion', ${o.motionId}, ${json(tx, r.params)},
                ${toDate(r.dueAt)}, ${r.escalated ? toDate(r.dueAt) ?? new Date() : null}, ${r.key})
        on conflict (idempotency_key) do update set due_at = excluded.due_at, params = excluded.params,
          escalated_at = excluded.escalated_at, done_at = null`;
    }
    const keys = rows.map((r) => r.key);
    await tx`
      update tasks set done_at = now()
      where subject_type = 'motion' and subject_id = ${o.motionId} and done_at is null
        and not (idempotency_key = any(${keys}::text[]))`;
    return { open: rows.length };
  });
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
        supersedes_motion_id, change_note, state, text_version, snapshot, step, settings, created_by, created_at, updated_at)
      values (${m.id}, ${m.communityId}, ${next!.n}, ${m.title}, ${m.category}, ${m.majorReasons}, ${m.background},
        ${m.proposalText}, ${m.estimatedCostFen}, ${m.fundingSource}, ${m.scope}, ${m.scopeDetail}, ${m.catalogueItemId},
        ${m.consultOptIn}, ${m.resolutionBody}, ${m.supersedesMotionId}, ${m.changeNote}, ${m.snapshot.state},
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
