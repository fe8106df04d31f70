-- Notifications (issue 13, decisions 040–042): an outbox written in the same transaction as the
-- process step that causes it, delivery attempts, board subscriptions, the grid worker's call
-- records, and an email address for people (encrypted like phones, DOMAIN.md §7.3).

alter table people
  add column email_cipher text,
  add column email_masked text check (length(email_masked) <= 260);

-- Residents subscribe to a community's board by email or SMS: pending until the code sent to the
-- address is entered (double opt-in), then active until the signed one-click unsubscribe link.
create table notify_subscriptions (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references communities(id),
  channel text not null check (channel in ('sms', 'email')),
  address_cipher text not null,
  address_hash text not null check (address_hash ~ '^[0-9a-f]{64}$'),
  address_masked text not null,
  status text not null default 'pending' check (status in ('pending', 'active', 'unsubscribed')),
  code_hash text,
  code_expires_at timestamptz,
  code_failures integer not null default 0,
  lang text not null default 'zh-CN' check (lang in ('zh-CN', 'en')),
  created_at timestamptz not null default now(),
  confirmed_at timestamptz,
  unsubscribed_at timestamptz,
  unique (community_id, channel, address_hash)
);

-- One row per (recipient, step, channel): the unique index is the "never a second notice" rule.
-- No addresses here: they are read (and decrypted) only when the row is sent.
create table notify_outbox (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references communities(id),
  subject_type text not null,
  subject_id text not null,
  step_key text not null check (length(step_key) <= 200),
  kind text not null,
  channel text not null check (channel in ('sms', 'email')),
  user_id text references users(id),
  subscription_id uuid references notify_subscriptions(id),
  params jsonb not null default '{}'::jsonb,
  unless jsonb,
  not_before timestamptz not null,
  status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'retry', 'failed', 'cancelled')),
  attempts integer not null default 0,
  attempt_id uuid,
  claimed_at timestamptz,
  next_attempt_at timestamptz not null,
  provider_ref text,
  last_error text check (length(last_error) <= 500),
  cancel_reason text,
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((user_id is null) <> (subscription_id is null))
);
create unique index notify_outbox_once on notify_outbox (step_key, channel, (coalesce(user_id, subscription_id::text)));
create index notify_outbox_due on notify_outbox (community_id, next_attempt_at) where status in ('queued', 'retry', 'sending');
create index notify_outbox_subject on notify_outbox (subject_type, subject_id, step_key);

-- Every attempt to hand a notice to a provider, kept (the committee sees retries and errors).
create table notify_attempts (
  id uuid primary key,
  outbox_id uuid not null references notify_outbox(id),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  outcome text check (outcome in ('sent', 'error', 'lost', 'found')),
  error text check (length(error) <= 500)
);
create index notify_attempts_outbox on notify_attempts (outbox_id, started_at);

-- 电话通知单: what the grid worker recorded after calling someone about one meeting or vote.
create table notify_calls (
  id uuid primary key default gen_random_uuid(),
  community_id uuid not null references communities(id),
  meeting_id uuid not null references motion_meetings(id),
  user_id text not null references users(id),
  outcome text not null check (outcome in ('will_attend', 'no_answer')),
  note text check (length(note) <= 200),
  recorded_by text not null references users(id),
  recorded_at timestamptz not null default now()
);
create index notify_calls_meeting on notify_calls (meeting_id, user_id, recorded_at);
