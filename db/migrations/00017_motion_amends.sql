-- §3.5 / edge #14: a change after resolution pauses implementation and needs a new linked motion
-- (`amends`) through the full process; once it is resolved it resumes the original's implementation
-- (decision 062). Set when the amending motion is created, never edited.
alter table motions add column amends_motion_id uuid references motions(id);
create index motions_amends_idx on motions (amends_motion_id) where amends_motion_id is not null;
