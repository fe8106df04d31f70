-- Motions, additions after the first read-model schema.
create index motion_events_actor_idx on motion_events(actor_user_id) where actor_user_id is not null;

-- Added with the motion workflow. The resolution text as passed (residents' meetings enter it in the
-- minutes; an online vote passes the text version it voted on), and the rest of a meeting's record
-- that has no column of its own: named votes of the party committee and joint meeting, recusals,
-- notice channels, chair, supervisor remarks.
alter table motion_meetings
  add column resolution_text text,
  add column details jsonb not null default '{}'::jsonb;

-- A command's idempotency key is kept in its motion_events row, so a double submission is answered
-- from the read model even after the workflow has finished.
create index motion_events_idempotency_idx on motion_events (motion_id, (details->>'idempotencyKey'))
  where details ? 'idempotencyKey';

create index motion_objections_motion_idx on motion_objections(motion_id, raised_at);
