-- Consultation catalogue 协商事项目录 and consultations 协商 (DOMAIN.md §5).
--
-- The catalogue is a document with immutable published versions; the consultation is a process
-- (workflow `consultation-<id>`) whose read model these tables hold. Opinions are many, so they are
-- written by SQL guarded by the consultation's state row, never through workflow history.

-- One row per item code per community and year: the stable identity a motion links to
-- (motions.catalogue_item_id). What the item says lives in each published version.
create table catalogue_items (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references communities(id),
  year integer not null check (year between 2000 and 2100),
  code text not null, -- upper case, e.g. ENV-03
  first_version integer not null,
  created_at timestamptz not null default now(),
  unique (community_id, year, code)
);

-- Published versions. Never updated or deleted: a change is a new version (no silent edits).
create table catalogue_versions (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references communities(id),
  year integer not null check (year between 2000 and 2100),
  version integer not null check (version >= 1),
  -- [{ itemId, ...CatalogueItem }], in the order the committee gave
  items jsonb not null,
  change_note text not null,
  published_by text not null references users(id),
  approved_by text not null references users(id),
  published_at timestamptz not null,
  unique (community_id, year, version)
);
create trigger catalogue_versions_append_only before update or delete on catalogue_versions
  for each row execute function forbid_change();

-- The one working draft per community and year: edited by committee members, submitted, then
-- approved and published by the party secretary (or sent back). Deleted when published.
create table catalogue_drafts (
  community_id uuid not null references communities(id),
  year integer not null check (year between 2000 and 2100),
  base_version integer, -- the version it was started from (null: first catalogue)
  items jsonb not null default '[]'::jsonb,
  change_note text not null default '',
  updated_by text not null references users(id),
  updated_at timestamptz not null default now(),
  submitted_by text references users(id),
  submitted_at timestamptz,
  returned_note text, -- why the secretary sent it back
  primary key (community_id, year)
);

-- Consultations: the read model of workflow `consultation-<id>`. `state` is the phase row that
-- guards opinions (written only by the workflow's activity).
create table consultations (
  id uuid primary key,
  community_id uuid not null references communities(id),
  number integer not null, -- per community, shown as 第 N 号
  title text not null,
  catalogue_item_id uuid references catalogue_items(id),
  catalogue_year integer,
  catalogue_version integer, -- the version in force when it was opened; it keeps that version
  motion_id uuid, -- the 四议两公开 motion it serves, if any (motions(id); no FK: the motion row is written by another workflow)
  state text not null check (state in ('topic_proposed', 'topic_published', 'collecting', 'meeting_scheduled',
                                       'meeting_held', 'outcome_published', 'feedback', 'closed', 'cancelled')),
  -- domain ConsultationSnapshot after the latest step (opinions excluded: they are rows below)
  snapshot jsonb not null,
  step integer not null default 0, -- a write carrying an older step never overwrites a newer one
  day_ms bigint not null,
  periods jsonb not null, -- ConsultationPeriods frozen at start
  opinions_open_at timestamptz, -- the opinion window [open, close)
  opinions_close_at timestamptz,
  outcome_published_at timestamptz,
  created_by text not null references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (community_id, number)
);
create index consultations_community_idx on consultations(community_id, created_at desc);
-- A motion has at most one consultation that is not cancelled.
create unique index consultations_motion_idx on consultations(motion_id) where motion_id is not null and state <> 'cancelled';

-- Timeline: every step of the workflow, who acted, from which state to which.
create table consultation_events (
  consultation_id uuid not null references consultations(id),
  step integer not null,
  at timestamptz not null,
  action text not null,
  from_state text not null,
  to_state text not null,
  actor_user_id text references users(id), -- null for the system (timers)
  details jsonb not null default '{}'::jsonb,
  primary key (consultation_id, step)
);

-- One-time codes for residents without an account (printed slips). Only a hash is stored.
create table consultation_access_codes (
  id uuid primary key default gen_random_uuid(),
  consultation_id uuid not null references consultations(id),
  community_id uuid not null references communities(id),
  code_hash text not null unique check (code_hash ~ '^[0-9a-f]{64}$'),
  batch integer not null,
  issued_by text not null references users(id),
  issued_at timestamptz not null default now(),
  used_at timestamptz
);
create index consultation_codes_idx on consultation_access_codes(consultation_id, batch);

-- Opinions 征求意见: attributed internally (a user, or a one-time code), anonymous publicly.
create table consultation_opinions (
  id uuid primary key, -- from the form: re-sending the same form is a no-op
  consultation_id uuid not null references consultations(id),
  community_id uuid not null references communities(id),
  author_user_id text references users(id),
  author_role text not null check (author_role in ('resident', 'resident_representative', 'code')),
  access_code_id uuid unique references consultation_access_codes(id),
  body text not null check (length(body) between 1 and 1000),
  submitted_at timestamptz not null default now(),
  answer text,
  answered_by text references users(id),
  answered_at timestamptz,
  check ((author_user_id is null) <> (access_code_id is null)),
  check ((answer is null) = (answered_by is null) and (answer is null) = (answered_at is null))
);
create index consultation_opinions_idx on consultation_opinions(consultation_id, submitted_at);
