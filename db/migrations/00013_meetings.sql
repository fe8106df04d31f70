-- Meetings as real meetings (issue 12, decision 043): one meeting of a body with an agenda of
-- several motions, attendance taken once, and every typed count kept with who entered it and who
-- confirmed it (§3.2: nothing counts until a different permitted person typed the same numbers).
-- Projected by the meeting workflow's step activity (db/meetings.server.ts); `step` makes a retried
-- write a no-op.
create table meetings (
  id uuid primary key,
  community_id uuid not null references communities(id),
  body text not null check (body in ('joint_meeting', 'party_members_meeting', 'residents_meeting',
                                     'representatives_meeting')),
  title text not null,
  mode text,
  notice_at timestamptz not null,
  channels text[] not null,
  opens_at timestamptz not null,
  location text not null,
  chair_id text references users(id),
  minute_taker_id text references users(id),
  materials_ref text,
  convened_by text not null references users(id),
  roster jsonb not null default '[]'::jsonb, -- frozen at notice: [{personId, name, leftAt?}]
  attendance jsonb not null default '{"status":"empty"}'::jsonb, -- domain Confirmation<AttendanceCounts>
  step integer not null default 0,
  created_at timestamptz not null default now()
);
create index meetings_community_idx on meetings(community_id, opens_at desc);

create table meeting_items (
  meeting_id uuid not null references meetings(id),
  position integer not null,
  motion_id uuid not null references motions(id),
  motion_meeting_id uuid not null references motion_meetings(id),
  title text not null,
  notes text,
  counts jsonb not null default '{"status":"empty"}'::jsonb, -- domain Confirmation<ItemCounts>
  tally jsonb, -- {expected, present, yes, no, abstain} once confirmed
  delivered jsonb, -- the motion's answer: {ok, outcome, state} or {ok: false, key}
  primary key (meeting_id, motion_id),
  unique (meeting_id, position)
);
create index meeting_items_motion_idx on meeting_items(motion_id);

-- Every typed count, confirmed or not: subject 'attendance' or the item's motion id.
create table meeting_count_entries (
  meeting_id uuid not null references meetings(id),
  subject text not null,
  entered_at timestamptz not null,
  entered_by text not null references users(id),
  counts jsonb not null,
  scan_ref text not null,
  status text not null check (status in ('awaiting', 'confirmed', 'mismatch', 'replaced')),
  confirmed_by text references users(id),
  confirmed_at timestamptz,
  check (confirmed_by is null or confirmed_by <> entered_by),
  primary key (meeting_id, subject, entered_at, entered_by)
);

-- Each motion's own meeting row names the shared meeting it was decided at.
alter table motion_meetings add column shared_meeting_id uuid references meetings(id);
create index motion_meetings_shared_idx on motion_meetings(shared_meeting_id) where shared_meeting_id is not null;
