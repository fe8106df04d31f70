-- Residents' committee elections 换届选举 (DOMAIN.md §4): the read model the election workflow
-- `election-<id>` writes, the voter register, and the secret ballot.
--
-- Secrecy by schema (ARCHITECTURE.md "Data"): `election_participation` says WHO took part in a
-- round, `ballots` says WHAT was chosen. Both are written in one transaction, and they share only
-- the coarse columns (election_id, round_no): no serial, no timestamp, no voter column in ballots,
-- no ballot column in participation. Physical order and xmin are re-mixed by `resealBallots`
-- (db/elections.server.ts), see docs in that file for the residual risk.

create table elections (
  id uuid primary key,
  community_id uuid not null references communities(id),
  title text not null,
  plan jsonb not null, -- domain ElectionPlan (mode, seats, election day, online-voting approval, ...)
  day_ms bigint not null check (day_ms > 0), -- length of a day: 86 400 000, shorter in tests and demos
  schedule jsonb not null, -- domain ElectionSchedule: the statutory instants (epoch ms)
  -- The phase row. Written only by the workflow's activity; ballots are inserted under
  -- `select … for share` of this row while phase = 'voting'.
  phase text not null check (phase in (
    'preparation', 'registration', 'register_published', 'nomination', 'candidates_published',
    'voting', 'counting', 'awaiting_round', 'results', 'closed', 'void')),
  round_no integer not null default 0, -- current ballot round (0: none yet)
  ballot_form jsonb, -- domain BallotForm of the current round
  step integer not null default 0, -- workflow step of the last write: older steps never overwrite
  snapshot jsonb not null, -- domain ElectionSnapshot after that step (pages read it, never Temporal)
  created_by text not null references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index elections_community_idx on elections(community_id, created_at desc);
-- One election at a time per community (a finished one may still be in its results window).
create unique index elections_one_running on elections(community_id)
  where phase not in ('results', 'closed', 'void');

-- 选举委员会: chosen from the people of the community at set-up; a member nominated as a formal
-- candidate leaves (§4.3).
create table election_committee_members (
  election_id uuid not null references elections(id),
  user_id text not null references users(id),
  is_chair boolean not null default false,
  left_at timestamptz,
  left_reason text,
  primary key (election_id, user_id)
);

-- 选民名单: one row per registration. ID numbers only encrypted (AES-256-GCM) plus a keyed hash
-- (HMAC-SHA256) for de-duplication here and across communities (§4.3, §7, edge #16).
create table voters (
  id uuid primary key default gen_random_uuid(),
  election_id uuid not null references elections(id),
  community_id uuid not null references communities(id),
  name text not null,
  gender text not null check (gender in ('male', 'female')),
  group_name text not null,
  household_id text not null,
  phone text,
  basis text not null check (basis in ('local_hukou', 'long_term_resident', 'community_worker')),
  id_cipher text not null,
  id_hash text not null check (id_hash ~ '^[0-9a-f]{64}$'),
  id_masked text not null,
  user_id text references users(id), -- the person's account, when they have one (online voting)
  status text not null default 'active' check (status in ('active', 'removed')),
  source text not null check (source in ('import', 'manual', 'objection')),
  import_id uuid,
  added_by text references users(id),
  added_at timestamptz not null default now(),
  removed_by text references users(id),
  removed_at timestamptz,
  removed_reason text
);
create unique index voters_once_per_election on voters(election_id, id_hash) where status = 'active';
create unique index voters_account_once on voters(election_id, user_id) where status = 'active' and user_id is not null;
create index voters_hash_idx on voters(id_hash) where status = 'active';
create index voters_list_idx on voters(election_id, status, group_name, name);

-- Register imports (CSV / XLSX), run by the workflow's activity; progress is shown by a page that
-- refreshes itself. The upload is kept encrypted only until it is processed.
create table voter_imports (
  id uuid primary key,
  election_id uuid not null references elections(id),
  community_id uuid not null references communities(id),
  filename text not null,
  format text not null check (format in ('csv', 'xlsx')),
  file_cipher bytea,
  status text not null check (status in ('queued', 'reading', 'checking', 'storing', 'imported', 'rejected', 'refused')),
  total_rows integer,
  processed_rows integer not null default 0,
  imported_count integer not null default 0,
  error_count integer not null default 0,
  errors jsonb not null default '[]'::jsonb, -- [{row, field, key, params}] — never an ID number
  failure_key text, -- file-level refusal (unreadable, columns missing, wrong phase)
  failure_params jsonb,
  created_by text not null references users(id),
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index voter_imports_election_idx on voter_imports(election_id, created_at desc);

-- Objections to the published list (§4.2): raised by people of the community until E−5, decided
-- by the election committee within 3 days and before E−1.
create table voter_objections (
  id uuid primary key default gen_random_uuid(),
  election_id uuid not null references elections(id),
  community_id uuid not null references communities(id),
  raised_by text not null references users(id),
  kind text not null check (kind in ('missing', 'wrongly_listed', 'details_wrong')),
  voter_id uuid references voters(id),
  body text not null,
  raised_at timestamptz not null default now(),
  decide_by timestamptz not null,
  decision text check (decision in ('upheld', 'dismissed')),
  decision_reason text,
  decided_by text references users(id),
  decided_at timestamptz
);
create index voter_objections_election_idx on voter_objections(election_id, raised_at);

-- Proxies 委托投票 (§4.5): direct mode, paper only, at most 3 per holder.
create table election_proxies (
  id uuid primary key default gen_random_uuid(),
  election_id uuid not null references elections(id),
  giver_voter_id uuid not null references voters(id),
  holder_voter_id uuid not null references voters(id),
  relationship text not null,
  recorded_by text not null references users(id),
  recorded_at timestamptz not null default now(),
  unique (election_id, giver_voter_id)
);

-- One-time voting codes for voters without an account: shown once, stored as a keyed hash.
create table voting_codes (
  election_id uuid not null references elections(id),
  voter_id uuid not null references voters(id),
  code_hash text not null unique,
  issued_by text not null references users(id),
  issued_at timestamptz not null default now(),
  primary key (election_id, voter_id)
);
-- Wrong codes, for throttling guesses per election.
create table voting_code_failures (
  election_id uuid not null,
  at timestamptz not null default now()
);
create index voting_code_failures_idx on voting_code_failures(election_id, at);

-- 参选标记: who took part in a round and how. Nothing here identifies a ballot.
create table election_participation (
  election_id uuid not null references elections(id),
  round_no integer not null,
  voter_id uuid not null references voters(id),
  channel text not null check (channel in ('online', 'paper', 'proxy')),
  primary key (election_id, round_no, voter_id)
);

-- 选票: what was chosen. Random id, no voter, no time, no sequence.
create table ballots (
  id uuid primary key default gen_random_uuid(),
  election_id uuid not null references elections(id),
  round_no integer not null,
  choices jsonb not null,
  receipt_hash text not null unique check (receipt_hash ~ '^[0-9a-f]{64}$')
);
create index ballots_round_idx on ballots(election_id, round_no);
