-- 财务公开: quarterly accounts of a community (DOMAIN.md §6), reviewed by the supervision committee
-- before publication (§3.7.3). One row per version of a quarter's account: a correction of a published
-- account is a new row (`corrects`), and the published one becomes `superseded` only when the
-- correction is published. Lines are kept as the imported JSON (validated by domain/finance).
create table finance_accounts (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references communities(id),
  year integer not null check (year between 2000 and 2100),
  quarter integer not null check (quarter between 1 and 4),
  version integer not null check (version >= 1),
  state text not null check (state in ('draft', 'submitted', 'returned', 'approved', 'published', 'superseded')),
  opening_yuan numeric(14, 2) not null,
  lines jsonb not null,
  source_file text check (length(source_file) <= 200),
  drafted_by text not null references users(id),
  drafted_at timestamptz not null default now(),
  submitted_by text references users(id),
  submitted_at timestamptz,
  reviewed_by text references users(id),
  reviewed_at timestamptz,
  review_note text check (length(review_note) <= 500),
  published_by text references users(id),
  published_at timestamptz,
  disclosure_id uuid references disclosures(id),
  corrects uuid references finance_accounts(id),
  correction_reason text check (length(correction_reason) <= 500),
  unique (community_id, year, quarter, version),
  check ((corrects is null) = (correction_reason is null)),
  check ((state = 'published' or state = 'superseded') = (disclosure_id is not null))
);
-- one open draft (not yet published) per quarter at a time
create unique index finance_accounts_one_open on finance_accounts(community_id, year, quarter)
  where state in ('draft', 'submitted', 'returned', 'approved');

alter table disclosures drop constraint disclosures_kind_check;
alter table disclosures add constraint disclosures_kind_check check (kind in (
  'resolution', 'implementation_result', 'withdrawal',
  'consultation_topic', 'consultation_outcome', 'catalogue',
  'election_plan', 'candidate_list', 'election_result', 'finance'));
