-- Community administration (DOMAIN.md §1, §4.8, §7): the people register 居民信息, roles with dates
-- and history, versioned community settings, people imports and election certification.

-- Communities: households (Art. 6 sizes a committee at 100–700; not enforced) and a drill flag
-- (only a drill community may shorten its day length).
alter table communities
  add column households integer check (households is null or households between 0 and 1000000),
  add column is_drill boolean not null default false,
  add column settings_version integer not null default 0;

-- 居民信息: one row per person of a community. Every person has a `users` row (roles, rosters and
-- ballots refer to users); `has_sign_in` says whether it can sign in (otherwise its password hash
-- is of a secret nobody knows). Phone: AES-256-GCM ciphertext, keyed hash, masked copy (§7.3).
create table people (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references communities(id),
  user_id text not null unique references users(id),
  name text not null check (length(name) between 1 and 50),
  gender text check (gender in ('male', 'female')),
  birth_year integer check (birth_year between 1900 and 2100),
  group_name text check (length(group_name) <= 50),
  building text check (length(building) <= 50),
  unit text check (length(unit) <= 50),
  phone_cipher text,
  phone_hash text check (phone_hash ~ '^[0-9a-f]{64}$'),
  phone_masked text,
  has_sign_in boolean not null default false,
  status text not null default 'active' check (status in ('active', 'moved_away', 'deceased')),
  ended_on date,
  end_reason text check (length(end_reason) <= 500),
  import_id uuid,
  created_by text references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'active') = (ended_on is null))
);
create index people_community_idx on people(community_id, status, name);
create unique index people_phone_once on people(community_id, phone_hash) where status = 'active' and phone_hash is not null;

-- Roles with dates: who granted and why, who ended and why. A membership is never deleted, and
-- only its end (once) may change; everything else is a new row (no silent edits).
alter table memberships
  add column granted_by text references users(id),
  add column grant_reason text check (length(grant_reason) <= 500),
  add column ended_by text references users(id),
  add column end_reason text check (length(end_reason) <= 500),
  add column ended_at timestamptz,
  add column source text; -- 'admin', 'import', 'election:<id>', 'seed'
alter table memberships add constraint membership_dates check (ends_on is null or ends_on >= starts_on);

create function memberships_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    -- an account deleted with its memberships (users … on delete cascade) is the only way out
    if exists (select 1 from users where id = old.user_id) then
      raise exception 'memberships are never deleted; end them' using errcode = 'P0001';
    end if;
    return old;
  end if;
  if new.user_id is distinct from old.user_id or new.role is distinct from old.role
     or new.community_id is distinct from old.community_id or new.street_office_id is distinct from old.street_office_id
     or new.starts_on is distinct from old.starts_on or new.attrs is distinct from old.attrs
     or new.granted_by is distinct from old.granted_by or new.grant_reason is distinct from old.grant_reason then
    raise exception 'a membership is changed only by ending it' using errcode = 'P0001';
  end if;
  if old.ended_at is not null and new.ends_on is distinct from old.ends_on then
    raise exception 'a membership is ended once' using errcode = 'P0001';
  end if;
  return new;
end $$;
create trigger memberships_no_silent_edits before update or delete on memberships
  for each row execute function memberships_guard();

-- Community settings, versioned: version n is what `communities.settings` held from `changed_at`.
-- Processes copy the settings they start with (motions.settings, elections.day_ms…).
create table community_settings_versions (
  community_id uuid not null references communities(id),
  version integer not null check (version >= 1),
  settings jsonb not null,
  reason text not null check (length(reason) between 1 and 500),
  approval_ref text check (length(approval_ref) <= 200),
  changed_by text references users(id),
  changed_at timestamptz not null default now(),
  primary key (community_id, version)
);
create trigger community_settings_versions_append_only before update or delete on community_settings_versions
  for each row execute function forbid_change();

-- People imports (CSV / XLSX): all or nothing; progress shown by a self-refreshing page.
create table people_imports (
  id uuid primary key,
  community_id uuid not null references communities(id),
  filename text not null,
  status text not null check (status in ('queued', 'checking', 'storing', 'imported', 'rejected', 'refused')),
  mapping jsonb not null default '{}'::jsonb,
  total_rows integer,
  processed_rows integer not null default 0,
  imported_count integer not null default 0,
  errors jsonb not null default '[]'::jsonb, -- [{row, field, key, params}] — never a phone number
  failure_key text,
  failure_params jsonb,
  created_by text not null references users(id),
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index people_imports_community_idx on people_imports(community_id, created_at desc);

-- 选举结果确认: the street office certifies a published result; the winners become office-holders
-- from the term's start and the previous committee's terms end the day before (§4.8).
create table election_certifications (
  election_id uuid primary key references elections(id),
  community_id uuid not null references communities(id),
  term_starts_on date not null,
  term_ends_on date not null check (term_ends_on > term_starts_on),
  members jsonb not null, -- [{userId, office, name}]
  ended_memberships integer not null,
  certified_by text not null references users(id),
  certified_at timestamptz not null default now(),
  note text check (length(note) <= 500)
);
create trigger election_certifications_append_only before update or delete on election_certifications
  for each row execute function forbid_change();

create index audit_log_action_idx on audit_log(community_id, action, at);
