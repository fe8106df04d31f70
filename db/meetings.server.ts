/**
 * The meetings read model (migration 00013, issue 12): written by the meeting workflow's step activity
 * — one transaction per step, skipped when the stored step is as new — and read by the web and the
 * minutes. Every person-facing query filters by community.
 */
import type { AgendaItem, AttendanceCounts } from '../domain/meeting/agenda';
import type { Confirmation, CountEntry } from '../domain/meeting/confirmation';
import type { MeetingConvene } from '../domain/meeting/schemas';
import { confirmedTally } from '../domain/meeting/agenda';
import type { RosterPerson } from '../domain/motion/roster';
import type { Queryable, Sql } from './client.server';
import type { MeetingState } from '../workflows/meeting-api';

const toDate = (ms: number | undefined | null) => (ms === undefined || ms === null ? null : new Date(ms));
const json = (sql: Queryable, v: unknown) => sql.json(v as never);

export type MeetingStep = {
  state: MeetingState;
  action: string;
  actorId: string | null;
  at: number;
  details: Record<string, unknown>;
};

/** The meeting's row as the web writes it before starting the workflow (so a page can show it at once). */
export async function insertMeeting(
  sql: Sql,
  m: { id: string; communityId: string; convene: MeetingConvene; noticeAt: number; convenedBy: string },
): Promise<void> {
  const c = m.convene;
  await sql`
    insert into meetings (id, community_id, body, title, mode, notice_at, channels, opens_at, location, chair_id,
                          minute_taker_id, materials_ref, convened_by)
    values (${m.id}, ${m.communityId}, ${c.body}, ${c.title}, ${c.mode ?? null}, ${toDate(m.noticeAt)}, ${c.channels},
            ${toDate(c.opensAt)}, ${c.location}, ${c.chairId}, ${c.minuteTakerId ?? null}, ${c.materialsRef ?? null},
            ${m.convenedBy})
    on conflict (id) do nothing`;
}

/** The rows an entry state stands for (a mismatch keeps both entries). */
function entryRows<C>(c: Confirmation<C>): { e: CountEntry<C>; status: string; confirmedBy?: string; confirmedAt?: number }[] {
  switch (c.status) {
    case 'empty':
      return [];
    case 'awaiting':
      return [{ e: c.entry, status: 'awaiting' }];
    case 'mismatch':
      return [
        { e: c.entry, status: 'mismatch' },
        { e: c.other, status: 'mismatch' },
      ];
    case 'confirmed':
      return [{ e: c.entry, status: 'confirmed', confirmedBy: c.confirmedBy, confirmedAt: c.confirmedAt }];
  }
}

async function writeEntries<C>(tx: Queryable, meetingId: string, subject: string, c: Confirmation<C>): Promise<void> {
  const rows = entryRows(c);
  for (const r of rows) {
    await tx`
      insert into meeting_count_entries (meeting_id, subject, entered_at, entered_by, counts, scan_ref, status,
                                         confirmed_by, confirmed_at)
      values (${meetingId}, ${subject}, ${toDate(r.e.enteredAt)}, ${r.e.enteredBy}, ${json(tx, r.e.counts)}, ${r.e.scanRef},
              ${r.status}, ${r.confirmedBy ?? null}, ${toDate(r.confirmedAt)})
      on conflict (meeting_id, subject, entered_at, entered_by) do update
        set status = excluded.status, confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at`;
  }
  // An awaiting entry its own author typed again is replaced (kept, marked so).
  const current = c.status === 'awaiting' ? c.entry : undefined;
  await tx`
    update meeting_count_entries set status = 'replaced'
    where meeting_id = ${meetingId} and subject = ${subject} and status = 'awaiting'
      and not (entered_at = ${toDate(current?.enteredAt ?? -1)} and entered_by = ${current?.enteredBy ?? ''})`;
}

/** Writes one step in one transaction; a step not newer than the stored one is skipped (a retry). */
export async function writeMeetingStep(sql: Sql, w: MeetingStep): Promise<{ written: boolean }> {
  const s = w.state;
  return sql.begin(async (tx) => {
    const [row] = await tx<{ step: number }[]>`select step from meetings where id = ${s.meetingId} for update`;
    if (!row) throw new Error(`meeting ${s.meetingId} has no row`);
    if (row.step >= s.step) return { written: false };
    await tx`update meetings set step = ${s.step}, roster = ${json(tx, s.roster)}, attendance = ${json(tx, s.attendance)}
             where id = ${s.meetingId}`;
    await writeEntries(tx, s.meetingId, 'attendance', s.attendance);
    for (const [position, it] of s.items.entries()) {
      const tally = confirmedTally(s.roster, s.convene.opensAt, s.attendance, it.counts) ?? null;
      await tx`
        insert into meeting_items (meeting_id, position, motion_id, motion_meeting_id, title, notes, counts, tally, delivered)
        values (${s.meetingId}, ${position}, ${it.motionId}, ${it.motionMeetingId}, ${it.title}, ${it.notes ?? null},
                ${json(tx, it.counts)}, ${tally ? json(tx, tally) : null}, ${it.delivered ? json(tx, it.delivered) : null})
        on conflict (meeting_id, motion_id) do update
          set notes = excluded.notes, counts = excluded.counts, tally = excluded.tally, delivered = excluded.delivered`;
      await writeEntries(tx, s.meetingId, it.motionId, it.counts);
    }
    return { written: true };
  });
}

// ─── Reads ──────────────────────────────────────────────────────────────────────────────────────

export type MeetingRow = {
  id: string;
  communityId: string;
  body: MeetingConvene['body'];
  title: string;
  mode: string | null;
  noticeAt: Date;
  channels: string[];
  opensAt: Date;
  location: string;
  chairId: string | null;
  minuteTakerId: string | null;
  convenedBy: string;
  roster: RosterPerson[];
  attendance: Confirmation<AttendanceCounts>;
  step: number;
};

export type MeetingItemRow = {
  position: number;
  motionId: string;
  motionMeetingId: string;
  title: string;
  notes: string | null;
  counts: AgendaItem['counts'];
  tally: { expected: number; present: number; yes: number; no: number; abstain: number } | null;
  delivered: AgendaItem['delivered'] | null;
  motionState: string;
};

export async function meetingById(sql: Sql, communityId: string, id: string): Promise<MeetingRow | undefined> {
  const [m] = await sql<MeetingRow[]>`
    select id, community_id as "communityId", body, title, mode, notice_at as "noticeAt", channels, opens_at as "opensAt",
           location, chair_id as "chairId", minute_taker_id as "minuteTakerId", convened_by as "convenedBy", roster,
           attendance, step
    from meetings where id = ${id} and community_id = ${communityId}`;
  return m;
}

export async function meetingItems(sql: Sql, meetingId: string): Promise<MeetingItemRow[]> {
  return sql<MeetingItemRow[]>`
    select i.position, i.motion_id as "motionId", i.motion_meeting_id as "motionMeetingId", i.title, i.notes, i.counts,
           i.tally, i.delivered, m.state as "motionState"
    from meeting_items i join motions m on m.id = i.motion_id
    where i.meeting_id = ${meetingId} order by i.position`;
}

export type CountEntryRow = {
  subject: string;
  enteredAt: Date;
  enteredBy: string;
  counts: unknown;
  scanRef: string;
  status: 'awaiting' | 'confirmed' | 'mismatch' | 'replaced';
  confirmedBy: string | null;
  confirmedAt: Date | null;
};

export async function countEntries(sql: Sql, meetingId: string): Promise<CountEntryRow[]> {
  return sql<CountEntryRow[]>`
    select subject, entered_at as "enteredAt", entered_by as "enteredBy", counts, scan_ref as "scanRef", status,
           confirmed_by as "confirmedBy", confirmed_at as "confirmedAt"
    from meeting_count_entries where meeting_id = ${meetingId} order by entered_at, entered_by`;
}

/** The shared meetings a motion was on, newest first (the motion page links them). */
export async function meetingsOfMotion(sql: Sql, communityId: string, motionId: string) {
  return sql<{ id: string; title: string; body: string; opensAt: Date; delivered: AgendaItem['delivered'] | null }[]>`
    select m.id, m.title, m.body, m.opens_at as "opensAt", i.delivered
    from meeting_items i join meetings m on m.id = i.meeting_id
    where i.motion_id = ${motionId} and m.community_id = ${communityId}
    order by m.opens_at desc`;
}
