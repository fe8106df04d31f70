-- Motions, additions after the first read-model schema.
create index motion_events_actor_idx on motion_events(actor_user_id) where actor_user_id is not null;
