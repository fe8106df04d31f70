-- Re-issuing a voter's one-time code (issue 9, item 9): one committee member asks, a second one
-- confirms and receives the new code; both are on the record the supervision committee sees.
create table voting_code_reissues (
  id uuid primary key default gen_random_uuid(),
  election_id uuid not null references elections(id),
  voter_id uuid not null references voters(id),
  requested_by text not null references users(id),
  requested_at timestamptz not null default now(),
  confirmed_by text references users(id),
  confirmed_at timestamptz,
  check (confirmed_by is null or confirmed_by <> requested_by)
);
-- At most one open request per voter.
create unique index voting_code_reissues_open on voting_code_reissues(election_id, voter_id) where confirmed_at is null;
