-- Shared by motions, elections and consultations: the public disclosure chain, people's tasks,
-- and uploaded files.

-- Disclosures 公开: append-only and hash-chained per community (ARCHITECTURE.md "Data"). Each row
-- stores the previous row's hash and its own: hash = sha256(prev_hash || '\n' || canonical JSON of
-- its public content). Corrections are new rows that reference the corrected one.
create table disclosures (
  seq bigint generated always as identity primary key,
  id uuid not null unique default gen_random_uuid(),
  community_id uuid not null references communities(id),
  kind text not null check (kind in (
    'resolution', 'implementation_result', 'withdrawal',
    'consultation_topic', 'consultation_outcome', 'catalogue',
    'election_plan', 'candidate_list', 'election_result')),
  subject_type text not null,
  subject_id text not null,
  title text not null,
  body jsonb not null, -- public content only: never ID numbers, phones, addresses, objectors' names
  corrects uuid references disclosures(id),
  correction_reason text,
  substantive boolean,
  published_at timestamptz not null,
  visible_until timestamptz, -- end of the statutory window; afterwards shown as archived
  idempotency_key text not null unique, -- workflow id + step: a retried activity publishes once
  prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text not null unique check (hash ~ '^[0-9a-f]{64}$'),
  check ((corrects is null) = (correction_reason is null))
);
create index disclosures_community_idx on disclosures(community_id, seq desc);
create index disclosures_subject_idx on disclosures(subject_type, subject_id);
create trigger disclosures_append_only before update or delete on disclosures
  for each row execute function forbid_change();

-- What waits for a person: a vote, a meeting to record, opinions to answer. Written by workflow
-- activities (idempotent by key), shown on "my tasks". A task is for one person or for every holder
-- of a role in the community.
create table tasks (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references communities(id),
  assignee_user_id text references users(id),
  assignee_role text,
  kind text not null, -- i18n key
  subject_type text not null,
  subject_id text not null,
  params jsonb not null default '{}'::jsonb,
  due_at timestamptz,
  escalated_at timestamptz,
  created_at timestamptz not null default now(),
  done_at timestamptz,
  idempotency_key text not null unique,
  check (assignee_user_id is not null or assignee_role is not null)
);
create index tasks_open_user_idx on tasks(assignee_user_id) where done_at is null;
create index tasks_open_role_idx on tasks(community_id, assignee_role) where done_at is null;
create index tasks_subject_idx on tasks(subject_type, subject_id);

-- Uploaded files, kept in the database (backed up with it). Size and type are checked before insert
-- (app/attachments.server.ts); content is served with its checked type and as a download.
create table attachments (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references communities(id),
  uploaded_by text references users(id),
  subject_type text,
  subject_id text,
  filename text not null,
  content_type text not null check (content_type in (
    'application/pdf', 'image/jpeg', 'image/png', 'image/webp',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')),
  size_bytes integer not null check (size_bytes > 0 and size_bytes <= 10485760),
  sha256 text not null,
  is_public boolean not null default false,
  content bytea not null,
  created_at timestamptz not null default now()
);
create index attachments_subject_idx on attachments(subject_type, subject_id);
