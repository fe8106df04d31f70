/** Consultations 协商 in PostgreSQL: the read model the workflow writes (steps, events), its tasks, and what it reads of settings and motions. */
import type { ConsultationSnapshot, ConsultationState } from '../domain/consultation';
import type { Role } from '../domain/roles';
import type { Queryable, Sql } from './client.server';

// ─── Consultations ────────────────────────────────────────────────────────────────────────────

export type StoredSnapshot = Omit<ConsultationSnapshot, 'opinions'>;

export type ConsultationRow = {
  id: string;
  communityId: string;
  number: number;
  title: string;
  catalogueItemId: string | null;
  catalogueYear: number | null;
  catalogueVersion: number | null;
  motionId: string | null;
  state: ConsultationState;
  snapshot: StoredSnapshot;
  step: number;
  dayMs: number;
  periods: Record<string, number>;
  opinionsOpenAt: Date | null;
  opinionsCloseAt: Date | null;
  outcomePublishedAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
};

const consultationColumns = (sql: Queryable) => sql`
  id, community_id as "communityId", number, title, catalogue_item_id as "catalogueItemId",
  catalogue_year as "catalogueYear", catalogue_version as "catalogueVersion", motion_id as "motionId", state, snapshot,
  step, day_ms::float8 as "dayMs", periods, opinions_open_at as "opinionsOpenAt", opinions_close_at as "opinionsCloseAt",
  outcome_published_at as "outcomePublishedAt", created_by as "createdBy", created_at as "createdAt", updated_at as "updatedAt"`;

export type ConsultationStep = {
  consultationId: string;
  step: number;
  snapshot: StoredSnapshot;
  /** Present on the first step: what the row needs besides the snapshot. */
  create?: {
    catalogueItemId: string | null;
    catalogueYear: number | null;
    dayMs: number;
    periods: Record<string, number>;
    createdBy: string;
  };
  opinionsOpenAt?: number | null;
  opinionsCloseAt?: number | null;
  event: {
    at: number;
    action: string;
    fromState: ConsultationState;
    toState: ConsultationState;
    actorId: string | null;
    details?: Record<string, unknown>;
  };
};

/**
 * Writes one workflow step: the state row (only if this step is newer) and the timeline entry.
 * Idempotent: a retried activity writes nothing twice. Returns the row's number.
 */
export async function recordStep(sql: Sql, s: ConsultationStep): Promise<{ number: number }> {
  return sql.begin(async (tx) => {
    const snap = s.snapshot;
    if (s.create) {
      await tx`select pg_advisory_xact_lock(hashtextextended(${'consultation-number:' + snap.communityId}, 0))`;
      await tx`
        insert into consultations (id, community_id, number, title, catalogue_item_id, catalogue_year, catalogue_version,
                                   motion_id, state, snapshot, step, day_ms, periods, created_by, created_at, updated_at)
        values (${s.consultationId}, ${snap.communityId},
                (select coalesce(max(number), 0) + 1 from consultations where community_id = ${snap.communityId}),
                ${snap.title}, ${s.create.catalogueItemId}, ${s.create.catalogueYear}, ${snap.catalogueVersion},
                ${snap.motionId}, ${snap.state}, ${tx.json(snap as never)}, ${s.step}, ${s.create.dayMs},
                ${tx.json(s.create.periods as never)}, ${s.create.createdBy}, ${new Date(snap.proposedAt)}, now())
        on conflict (id) do nothing`;
    } else {
      await tx`
        update consultations set state = ${snap.state}, snapshot = ${tx.json(snap as never)}, step = ${s.step},
          title = ${snap.title},
          opinions_open_at = case when ${s.opinionsOpenAt !== undefined} then ${s.opinionsOpenAt ? new Date(s.opinionsOpenAt) : null}::timestamptz else opinions_open_at end,
          opinions_close_at = case when ${s.opinionsCloseAt !== undefined} then ${s.opinionsCloseAt ? new Date(s.opinionsCloseAt) : null}::timestamptz else opinions_close_at end,
          outcome_published_at = ${snap.outcomePublishedAt ? new Date(snap.outcomePublishedAt) : null},
          updated_at = now()
        where id = ${s.consultationId} and step < ${s.step}`;
    }
    await tx`
      insert into consultation_events (consultation_id, step, at, action, from_state, to_state, actor_user_id, details)
      values (${s.consultationId}, ${s.step}, ${new Date(s.event.at)}, ${s.event.action}, ${s.event.fromState},
              ${s.event.toState}, ${s.event.actorId}, ${tx.json((s.event.details ?? {}) as never)})
      on conflict (consultation_id, step) do nothing`;
    const [row] = await tx<{ number: number }[]>`select number from consultations where id = ${s.consultationId}`;
    return { number: row!.number };
  });
}

export async function consultationById(
  sql: Sql,
  communityId: string,
  id: string,
): Promise<ConsultationRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await sql<ConsultationRow[]>`
    select ${consultationColumns(sql)} from consultations where community_id = ${communityId} and id = ${id}`;
  return row;
}

export async function consultationRow(sql: Sql, id: string): Promise<ConsultationRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await sql<ConsultationRow[]>`select ${consultationColumns(sql)} from consultations where id = ${id}`;
  return row;
}

export async function consultationsOf(sql: Sql, communityId: string): Promise<ConsultationRow[]> {
  return sql<ConsultationRow[]>`
    select ${consultationColumns(sql)} from consultations where community_id = ${communityId} order by number desc`;
}

/** The consultation of a motion: the one not cancelled, else the latest. */
export async function consultationOfMotion(sql: Sql, motionId: string): Promise<ConsultationRow | undefined> {
  if (!isUuid(motionId)) return undefined;
  const [row] = await sql<ConsultationRow[]>`
    select ${consultationColumns(sql)} from consultations where motion_id = ${motionId}
    order by (state = 'cancelled'), created_at desc limit 1`;
  return row;
}

export type ConsultationEvent = {
  step: number;
  at: Date;
  action: string;
  fromState: string;
  toState: string;
  actorName: string | null;
  details: Record<string, unknown>;
};

export async function eventsOf(sql: Sql, consultationId: string): Promise<ConsultationEvent[]> {
  return sql<ConsultationEvent[]>`
    select e.step, e.at, e.action, e.from_state as "fromState", e.to_state as "toState", u.display_name as "actorName", e.details
    from consultation_events e left join users u on u.id = e.actor_user_id
    where e.consultation_id = ${consultationId} order by e.step`;
}


// ─── Tasks ────────────────────────────────────────────────────────────────────────────────────

export async function openTask(
  sql: Sql,
  t: { communityId: string; role: Role; kind: string; consultationId: string; dueAt?: number; params?: Record<string, unknown>; key: string },
): Promise<void> {
  await sql`
    insert into tasks (community_id, assignee_role, kind, subject_type, subject_id, params, due_at, idempotency_key)
    values (${t.communityId}, ${t.role}, ${t.kind}, 'consultation', ${t.consultationId},
            ${sql.json((t.params ?? {}) as never)}, ${t.dueAt ? new Date(t.dueAt) : null}, ${t.key})
    on conflict (idempotency_key) do nothing`;
}

export async function closeTasks(sql: Sql, consultationId: string, kinds: readonly string[]): Promise<void> {
  if (!kinds.length) return;
  await sql`
    update tasks set done_at = now()
    where subject_type = 'consultation' and subject_id = ${consultationId} and kind = any(${kinds as string[]}) and done_at is null`;
}

// ─── Community settings and motions ───────────────────────────────────────────────────────────

export async function communitySettings(sql: Sql, communityId: string): Promise<Record<string, unknown>> {
  const [row] = await sql<{ settings: Record<string, unknown> }[]>`select settings from communities where id = ${communityId}`;
  return row?.settings ?? {};
}

export type MotionLink = { id: string; communityId: string; state: string; catalogueItemId: string | null; title: string; number: number };

export async function motionForConsultation(sql: Sql, motionId: string): Promise<MotionLink | undefined> {
  if (!isUuid(motionId)) return undefined;
  const [row] = await sql<MotionLink[]>`
    select id, community_id as "communityId", state, catalogue_item_id as "catalogueItemId", title, number
    from motions where id = ${motionId}`;
  return row;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID_RE.test(s);
