-- Democratic appraisal 民主评议 (issue 16, DOMAIN.md §9): the cadre appraisal (secret ballots per
-- subject) and the service appraisal (household ratings). Ballot secrecy follows the election's
-- guarantees (decisions 026, 037): the participation flag (appraisal_returns) and the ratings share
-- only plan_id; ratings carry a random id, no time, no rater, and reach their table in one shuffled
-- batch at the tally; until then each form waits sealed (AES-256-GCM) in appraisal_ballot_buffer,
-- the whole buffer rewritten in random order with every cast.

alter table disclosures drop constraint disclosures_kind_check;
alter table disclosures add constraint disclosures_kind_check check (kind in (
  'resolution', 'implementation_result', 'withdrawal',
  'consultation_topic', 'consultation_outcome', 'catalogue',
  'election_plan', 'candidate_list', 'election_result', 'finance',
  'appraisal_result', 'service_appraisal_result', 'service_appraisal_reply'));

-- One appraisal (cadre or service): the workflow's state row, written only by its activity.
create table appraisal_plans (
  id uuid primary key,
  community_id uuid not null references communities(id),
  kind text not null check (kind in ('cadre', 'service')),
  year integer not null check (year between 2000 and 2100),
  title text not null check (length(title) between 1 and 80),
  stage text not null,
  snapshot jsonb not null, -- the domain state after the latest step (reports, questions, result)
  step integer not null default 0, -- an older step never overwrites a newer one
  day_ms bigint not null,
  -- The guard of the high-volume writes: ballots (cadre, stage 'rating') and household ratings
  -- (service, stage 'surveying') are taken only while now() < closes_at, under a share lock of this row.
  closes_at timestamptz,
  created_by text not null references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index appraisal_plans_community_idx on appraisal_plans(community_id, year desc);

-- Subjects: committee members (subject_id = user id) or service units (subject_id = a uuid).
create table appraisal_subjects (
  plan_id uuid not null references appraisal_plans(id),
  subject_id text not null,
  position integer not null,
  name text not null check (length(name) between 1 and 60),
  unit_kind text, -- service: street_department, resident_unit, utility, property_company
  primary key (plan_id, subject_id)
);

-- The raters of a cadre plan, as of its plan date (a rater outside this list is refused).
create table appraisal_raters (
  plan_id uuid not null references appraisal_plans(id),
  user_id text not null references users(id),
  primary key (plan_id, user_id)
);

-- Who returned a form (online) or took a paper one: one per rater. No time, no sequence.
create table appraisal_returns (
  plan_id uuid not null references appraisal_plans(id),
  rater_id text not null,
  channel text not null check (channel in ('online', 'paper')),
  primary key (plan_id, rater_id)
);

-- Online forms while the window is open, sealed: {slot, ballot}, slot = HMAC(data key, plan:rater)
-- so that a second form replaces the first. Rewritten in random order at every cast; emptied at the tally.
create table appraisal_ballot_buffer (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references appraisal_plans(id),
  sealed bytea not null
);
create index appraisal_ballot_buffer_plan_idx on appraisal_ballot_buffer(plan_id);

-- Counted online forms, one row per form and subject: no rater, no time, random id.
create table appraisal_ratings (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references appraisal_plans(id),
  subject_id text not null,
  overall text not null check (overall in ('good', 'fair', 'poor')),
  criteria text[] not null
);
create index appraisal_ratings_plan_idx on appraisal_ratings(plan_id);

-- Service ratings: one per household per subject (a later rating replaces the earlier one).
-- household_key is a keyed hash (of the household's building and unit, or of a one-time code).
create table service_ratings (
  plan_id uuid not null references appraisal_plans(id),
  subject_id text not null,
  household_key text not null check (household_key ~ '^[0-9a-f]{64}$'),
  grade text not null check (grade in ('good', 'fair', 'poor')),
  primary key (plan_id, subject_id, household_key),
  foreign key (plan_id, subject_id) references appraisal_subjects(plan_id, subject_id)
);

-- One-time codes for households without an account (printed slips); only a keyed hash is kept.
create table service_codes (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references appraisal_plans(id),
  code_hash text not null unique check (code_hash ~ '^[0-9a-f]{64}$'),
  issued_by text not null references users(id),
  used boolean not null default false
);

-- Comments: no author; shown (summarised) only once a committee member approved them.
create table service_comments (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references appraisal_plans(id),
  subject_id text not null,
  body text not null check (length(body) between 1 and 300),
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  moderated_by text references users(id),
  foreign key (plan_id, subject_id) references appraisal_subjects(plan_id, subject_id)
);
create index service_comments_plan_idx on service_comments(plan_id, status);

-- Timeline of the workflow's steps (who acted, from which stage to which).
create table appraisal_events (
  plan_id uuid not null references appraisal_plans(id),
  step integer not null,
  at timestamptz not null,
  action text not null,
  from_stage text not null,
  to_stage text not null,
  actor_user_id text,
  primary key (plan_id, step)
);

-- Paper totals as counted at the meeting, entered by one supervisor and confirmed by another
-- (§8 #13); they count only once confirmed. Projected from the workflow's step.
create table appraisal_paper_totals (
  plan_id uuid primary key references appraisal_plans(id),
  totals jsonb not null,
  entered_by text not null references users(id),
  confirmed_by text references users(id),
  check (confirmed_by is null or confirmed_by <> entered_by)
);

-- A service unit's reply to a result below the threshold, published beside the result.
create table service_replies (
  plan_id uuid not null references appraisal_plans(id),
  subject_id text not null,
  body text not null check (length(body) between 1 and 3000),
  recorded_by text not null references users(id),
  published_at timestamptz not null,
  primary key (plan_id, subject_id),
  foreign key (plan_id, subject_id) references appraisal_subjects(plan_id, subject_id)
);
