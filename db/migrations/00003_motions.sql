-- 四议两公开 motions: the read model the motion workflow's activities write (idempotently) and the
-- web reads. Process state lives in the workflow `motion-<id>`; these rows mirror it.

create table motions (
  id uuid primary key,
  community_id uuid not null references communities(id),
  number integer not null, -- per community, shown as 第 N 号
  title text not null,
  category text not null,
  major_reasons text[] not null,
  background text not null,
  proposal_text text not null,
  estimated_cost_fen bigint not null default 0 check (estimated_cost_fen >= 0),
  funding_source text,
  scope text not null,
  scope_detail text,
  catalogue_item_id uuid, -- consultation catalogue item (linked by the consultation feature)
  consult_opt_in boolean not null default false,
  resolution_body text not null check (resolution_body in ('residents_meeting', 'representatives_meeting')),
  supersedes_motion_id uuid references motions(id),
  change_note text,
  state text not null,
  text_version integer not null default 1,
  -- The workflow's MotionSnapshot (domain/motion/stages.ts) after its latest step, so pages can ask
  -- domain/ which actions a person may take without calling Temporal on the hot path.
  snapshot jsonb not null,
  -- The workflow's step counter: a write carrying an older step never overwrites a newer one.
  step integer not null default 0,
  settings jsonb not null, -- MotionSettings frozen at creation (periods, thresholds)
  created_by text not null references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (community_id, number)
);
create index motions_community_state_idx on motions(community_id, state);

-- Every text version (a return or an adopted amendment creates one; all are kept, §3.1).
create table motion_versions (
  motion_id uuid not null references motions(id),
  version integer not null,
  title text not null,
  proposal_text text not null,
  change_note text,
  created_at timestamptz not null default now(),
  primary key (motion_id, version)
);

-- The timeline: each step of the workflow, who acted, from which state to which.
create table motion_events (
  motion_id uuid not null references motions(id),
  step integer not null,
  at timestamptz not null,
  action text not null,
  from_state text not null,
  to_state text not null,
  actor_user_id text references users(id), -- null for the system (timers, disclosure)
  details jsonb not null default '{}'::jsonb,
  primary key (motion_id, step)
);

-- Meetings: convened (notice) and then recorded (minutes, attendance, tally, outcome).
create table motion_meetings (
  id uuid primary key,
  motion_id uuid not null references motions(id),
  body text not null check (body in ('party_committee', 'joint_meeting', 'party_members_meeting',
                                     'residents_meeting', 'representatives_meeting')),
  notice_at timestamptz,
  opens_at timestamptz,
  closes_at timestamptz, -- online voting window end
  online boolean not null default false,
  mode text, -- residents' meeting mode
  location text,
  agenda text,
  text_version integer not null,
  roster jsonb not null default '[]'::jsonb, -- frozen at notice: [{personId, name, ...}]
  held_on date,
  attendance jsonb, -- [{personId, method}] or counts
  tally jsonb, -- {expected, present, yes, no, abstain}
  outcome jsonb, -- domain MeetingOutcome
  minutes text,
  opinions text,
  amendments text,
  conclusion text,
  recorded_by text references users(id),
  recorded_at timestamptz,
  created_at timestamptz not null default now()
);
create index motion_meetings_motion_idx on motion_meetings(motion_id, created_at);

-- Representatives' named votes (§3.8): the choice that counts, per voter and meeting.
create table representative_votes (
  meeting_id uuid not null references motion_meetings(id),
  voter_id text not null references users(id),
  choice text not null check (choice in ('agree', 'disagree', 'abstain')),
  method text not null check (method in ('online', 'in_person', 'paper')),
  version integer not null,
  cast_at timestamptz not null,
  primary key (meeting_id, voter_id)
);
-- Every ballot ever cast, replacements included (edge #3: earlier ones stay in the log).
create table representative_vote_log (
  meeting_id uuid not null references motion_meetings(id),
  voter_id text not null references users(id),
  version integer not null,
  choice text not null,
  cast_at timestamptz not null,
  primary key (meeting_id, voter_id, version)
);

-- Residents' opinions during 商议 and the committee's answers. Many per motion, so written by SQL
-- guarded by the motion's state (not through workflow history).
create table motion_opinions (
  id uuid primary key,
  motion_id uuid not null references motions(id),
  author_user_id text not null references users(id),
  body text not null,
  created_at timestamptz not null default now(),
  answer text,
  answered_by text references users(id),
  answered_at timestamptz
);
create index motion_opinions_motion_idx on motion_opinions(motion_id, created_at);

-- Objections 异议 (§3.7): by supervisors or residents; identity never public.
create table motion_objections (
  id uuid primary key,
  motion_id uuid not null references motions(id),
  raised_by text not null references users(id),
  raised_as text not null check (raised_as in ('supervisor', 'resident')),
  blocking boolean not null default false,
  body text not null,
  raised_at timestamptz not null,
  reply_due_at timestamptz not null,
  reply text,
  replied_by text references users(id),
  replied_at timestamptz,
  status text not null check (status in ('open', 'answered', 'settled')),
  ruling text check (ruling in ('upheld', 'dismissed')),
  ruling_reasons text,
  ruled_by text references users(id),
  ruled_at timestamptz
);

-- Implementation 实施: progress entries, then the final report with accounts.
create table motion_progress (
  id uuid primary key,
  motion_id uuid not null references motions(id),
  entry_date date not null,
  work text not null,
  amount_fen bigint not null default 0,
  contractor_organization text,
  is_final boolean not null default false,
  final_lines jsonb, -- [{item, amountYuan}] on the final report
  acceptance_record text,
  recorded_by text not null references users(id),
  created_at timestamptz not null default now()
);
create index motion_progress_motion_idx on motion_progress(motion_id, entry_date);
