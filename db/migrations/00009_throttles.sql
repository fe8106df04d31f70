-- Throttling with exponential backoff (app/throttle.server.ts, decision 022): one row per bucket
-- (an account, a client address, a code prefix…), claimed under an advisory lock, so concurrent
-- attempts cannot both pass a check. Replaces the per-name and per-election failure logs.
create table throttle_buckets (
  key text primary key check (length(key) <= 200),
  failures integer not null check (failures >= 0),
  last_failure_at timestamptz not null default now()
);
create index throttle_buckets_age_idx on throttle_buckets(last_failure_at);

drop table login_failures;
drop table voting_code_failures;
