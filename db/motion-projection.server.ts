/**
 * The motion workflow's writes into the read model: one transaction per workflow step, idempotent by
 * (motion_id, step), projecting the step's facts into table rows; and the motion's open tasks.
 * Part of `./motions.server` (decision 048).
 */
import { enqueueMotionNotices } from './notify.server';
import { yuanToFen } from '../domain/motion/matters';
import type { DraftFields, MeetingNotice, MotionFact, MotionStep } from '../domain/motion/facts';
import type { TaskSpec } from '../domain/motion/tasks';
import type { Queryable, Sql } from './client.server';
import { activeOn } from './motion-rosters.server';

export const toDate = (ms: number | undefined | null) => (ms === undefined || ms === null ? null : new Date(ms));
export const json = (sql: Queryable, v: unknown) => sql.json(v as never);

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

