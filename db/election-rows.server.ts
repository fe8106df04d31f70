/** The election row the workflow writes (phase, snapshot), who runs it, its audit entries, and the public pages' reads. */
import type { BallotForm } from '../domain/election/ballot';
import type { ElectionPlan } from '../domain/election/plan';
import type { ElectionPhase, ElectionSnapshot } from '../domain/election/process';
import type { ElectionSchedule } from '../domain/election/timeline';
import type { Queryable, Sql } from './client.server';

// ─── audit ──────────────────────────────────────────────────────────────────────────────────────

export async function audit(
  q: Queryable,
  e: { communityId: string; actor: string | null; action: string; electionId: string; subjectType?: string; subjectId?: string; details?: object; workflowStep?: number },
) {
  await q`insert into audit_log (community_id, actor_user_id, action, subject_type, subject_id, workflow_id, step, details)
          values (${e.communityId}, ${e.actor}, ${e.action}, ${e.subjectType ?? 'election'}, ${e.subjectId ?? e.electionId},
                  ${e.workflowStep !== undefined ? `election-${e.electionId}` : null},
                  ${e.workflowStep !== undefined ? String(e.workflowStep) : null}, ${q.json((e.details ?? {}) as never)})
          on conflict do nothing`;
}

// ─── elections ──────────────────────────────────────────────────────────────────────────────────

export type ElectionRow = {
  id: string;
  communityId: string;
  title: string;
  plan: ElectionPlan;
  dayMs: number;
  schedule: ElectionSchedule;
  phase: ElectionSnapshot['phase'];
  roundNo: number;
  ballotForm: BallotForm | null;
  step: number;
  snapshot: ElectionSnapshot;
  createdAt: Date;
};

const electionColumns = (q: Queryable) => q`
  id, community_id as "communityId", title, plan, day_ms::float8 as "dayMs", schedule, phase,
  round_no as "roundNo", ballot_form as "ballotForm", step, snapshot, created_at as "createdAt"`;

export async function insertElection(
  sql: Sql,
  e: { snapshot: ElectionSnapshot; createdBy: string; committee: { userId: string; chair: boolean }[] },
): Promise<{ created: boolean }> {
  const s = e.snapshot;
  return sql.begin(async (tx) => {
    const inserted = await tx`
      insert into elections (id, community_id, title, plan, day_ms, schedule, phase, step, snapshot, created_by)
      values (${s.electionId}, ${s.communityId}, ${s.title}, ${tx.json(s.plan as never)}, ${s.dayMs},
              ${tx.json(s.schedule as never)}, ${s.phase}, 0, ${tx.json(s as never)}, ${e.createdBy})
      on conflict (id) do nothing returning id`;
    if (inserted.length === 0) return { created: false };
    for (const m of e.committee) {
      await tx`insert into election_committee_members (election_id, user_id, is_chair) values (${s.electionId}, ${m.userId}, ${m.chair})`;
      // The role 选举委员会成员 in this community, if the person does not hold it yet.
      await tx`insert into memberships (user_id, role, community_id)
               select ${m.userId}, 'election_committee', ${s.communityId}
               where not exists (select 1 from memberships where user_id = ${m.userId} and role = 'election_committee'
                                 and community_id = ${s.communityId} and starts_on <= current_date
                                 and (ends_on is null or ends_on >= current_date))`;
    }
    await audit(tx, { communityId: s.communityId, actor: e.createdBy, action: 'election.created', electionId: s.electionId, details: { title: s.title, mode: s.plan.mode, seats: s.plan.seats, onlineVoting: s.plan.onlineVoting } });
    return { created: true };
  });
}

/** Who set the election up (its workflow input names them). */
export async function electionCreator(q: Queryable, electionId: string): Promise<string> {
  const [row] = await q<{ createdBy: string }[]>`select created_by as "createdBy" from elections where id = ${electionId}`;
  return row!.createdBy;
}

/** Marks an election whose workflow never started as void (phase row only; audited). */
export async function voidOrphanElection(sql: Sql, a: { electionId: string; actor: string }): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ communityId: string }[]>`
      update elections set phase = 'void' where id = ${a.electionId} and step = 0 and phase not in ('results', 'closed', 'void')
      returning community_id as "communityId"`;
    if (!row) return false;
    await audit(tx, { communityId: row.communityId, actor: a.actor, action: 'election.orphan_voided', electionId: a.electionId });
    return true;
  });
}

export async function electionById(q: Queryable, electionId: string): Promise<ElectionRow | undefined> {
  const [row] = await q<ElectionRow[]>`select ${electionColumns(q)} from elections where id = ${electionId}`;
  return row;
}

export async function electionIn(q: Queryable, communityId: string, electionId: string): Promise<ElectionRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(electionId)) return undefined;
  const [row] = await q<ElectionRow[]>`select ${electionColumns(q)} from elections where id = ${electionId} and community_id = ${communityId}`;
  return row;
}

export async function electionsOf(q: Queryable, communityId: string): Promise<ElectionRow[]> {
  return q<ElectionRow[]>`select ${electionColumns(q)} from elections where community_id = ${communityId} order by created_at desc`;
}

export async function runningElectionOf(q: Queryable, communityId: string): Promise<string | null> {
  const [row] = await q<{ id: string }[]>`
    select id from elections where community_id = ${communityId} and phase not in ('results', 'closed', 'void') limit 1`;
  return row?.id ?? null;
}

/**
 * The workflow's write after each step: phase row, round, snapshot; one audit entry per step.
 * A write carrying an older step never overwrites a newer one (activities may be retried).
 */
export async function writeElectionState(
  sql: Sql,
  w: { snapshot: ElectionSnapshot; audit?: { actor: string | null; action: string; details?: object }; committeeLeft?: string[] },
): Promise<void> {
  const s = w.snapshot;
  await sql.begin(async (tx) => {
    const updated = await tx`
      update elections set phase = ${s.phase}, round_no = ${s.round?.no ?? s.rounds.at(-1)?.no ?? 0},
             ballot_form = ${s.round ? tx.json(s.round.form as never) : null}, step = ${s.step},
             snapshot = ${tx.json(s as never)}, updated_at = now()
      where id = ${s.electionId} and step < ${s.step} returning id`;
    if (updated.length === 0) return;
    for (const userId of w.committeeLeft ?? [])
      await tx`update election_committee_members set left_at = now(), left_reason = 'candidate'
               where election_id = ${s.electionId} and user_id = ${userId} and left_at is null`;
    if (w.audit)
      await audit(tx, { communityId: s.communityId, actor: w.audit.actor, action: w.audit.action, electionId: s.electionId, details: w.audit.details, workflowStep: s.step });
  });
}

export async function committeeUserIds(q: Queryable, electionId: string): Promise<string[]> {
  const rows = await q<{ userId: string }[]>`
    select user_id as "userId" from election_committee_members where election_id = ${electionId} and left_at is null`;
  return rows.map((r) => r.userId);
}

/** People of the community (any role there today), for choosing the election committee. */
export async function communityPeople(q: Queryable, communityId: string): Promise<{ userId: string; name: string; roles: string[] }[]> {
  return q<{ userId: string; name: string; roles: string[] }[]>`
    select u.id as "userId", u.display_name as name, array_agg(distinct m.role order by m.role) as roles
    from memberships m join users u on u.id = m.user_id
    where m.community_id = ${communityId} and m.starts_on <= current_date and (m.ends_on is null or m.ends_on >= current_date)
    group by u.id, u.display_name order by u.display_name`;
}


// ─── public pages ───────────────────────────────────────────────────────────────────────────────

export async function publicElection(q: Queryable, communitySlug: string, electionId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(electionId)) return undefined;
  const [row] = await q<{ id: string; communityId: string; nameZh: string; nameEn: string; title: string; phase: ElectionPhase; plan: ElectionPlan }[]>`
    select e.id, e.community_id as "communityId", c.name_zh as "nameZh", c.name_en as "nameEn", e.title, e.phase, e.plan
    from elections e join communities c on c.id = e.community_id where c.slug = ${communitySlug} and e.id = ${electionId}`;
  return row;
}

export async function publicElectionsOf(q: Queryable, communitySlug: string) {
  return q<{ id: string; title: string; phase: ElectionPhase; electionDay: string; nameZh: string; nameEn: string }[]>`
    select e.id, e.title, e.phase, e.plan->>'electionDay' as "electionDay", c.name_zh as "nameZh", c.name_en as "nameEn"
    from elections e join communities c on c.id = e.community_id
    where c.slug = ${communitySlug} order by e.created_at desc`;
}
