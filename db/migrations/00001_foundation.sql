-- Foundation: tenancy (street offices, communities), people, sessions, memberships, audit log.

create table street_offices (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9-]{2,40}$'),
  name_zh text not null,
  name_en text not null,
  created_at timestamptz not null default now()
);

create table communities (
  id uuid primary key default gen_random_uuid(),
  street_office_id uuid not null references street_offices(id),
  slug text not null unique check (slug ~ '^[a-z0-9-]{2,40}$'),
  name_zh text not null,
  name_en text not null,
  -- community settings (periods, thresholds within DOMAIN.md's ranges); validated by domain/ on write
  settings jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);

-- Lucia v3 reads `users` by id and `sessions` (id, user_id, expires_at).
create table users (
  id text primary key,
  username text not null unique check (username = lower(username) and length(username) between 2 and 64),
  display_name text not null,
  password_hash text not null,
  phone text,
  created_at timestamptz not null default now()
);

create table sessions (
  id text primary key,
  user_id text not null references users(id) on delete cascade,
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions(user_id);

-- A person holds roles per community (DOMAIN.md §1.2); street-office staff hold theirs for a street
-- office (and so for each of its communities); platform operators for the platform.
create table memberships (
  id uuid primary key default gen_random_uuid(),
  user_id text not null references users(id) on delete cascade,
  role text not null check (role in (
    'party_secretary', 'party_committee_member', 'committee_member', 'party_member',
    'resident_representative', 'group_leader', 'resident', 'supervisor', 'election_committee',
    'street_office_admin', 'platform_admin')),
  community_id uuid references communities(id),
  street_office_id uuid references street_offices(id),
  attrs jsonb not null default '{}'::jsonb, -- office, full_member, constituency, is_chair
  starts_on date not null default current_date,
  ends_on date,
  created_at timestamptz not null default now(),
  constraint membership_scope check (
    (role = 'platform_admin' and community_id is null and street_office_id is null)
    or (role = 'street_office_admin' and community_id is null and street_office_id is not null)
    or (role not in ('platform_admin', 'street_office_admin') and community_id is not null and street_office_id is null)
  )
);
create unique index memberships_unique on memberships (
  user_id, role, coalesce(community_id, '00000000-0000-0000-0000-000000000000'),
  coalesce(street_office_id, '00000000-0000-0000-0000-000000000000'), starts_on);
create index memberships_community_idx on memberships(community_id, role);

-- Failed sign-ins, for throttling (auth.server.ts). Old rows are pruned on write.
create table login_failures (
  id bigserial primary key,
  username text not null,
  at timestamptz not null default now()
);
create index login_failures_idx on login_failures(username, at);

-- Who did what, when, from which workflow step. Append-only.
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  community_id uuid references communities(id),
  actor_user_id text references users(id),
  action text not null,
  subject_type text,
  subject_id text,
  workflow_id text,
  step text, -- idempotency: one entry per workflow step
  details jsonb not null default '{}'::jsonb
);
create unique index audit_log_step_idx on audit_log(workflow_id, step) where workflow_id is not null and step is not null;
create index audit_log_community_idx on audit_log(community_id, at);

create function forbid_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name using errcode = 'P0001';
end $$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function forbid_change();

-- Written by the systemCheck workflow's activity: proves worker → PostgreSQL end to end.
create table system_checks (
  id text primary key,
  worker_identity text not null,
  checked_at timestamptz not null default now()
);
