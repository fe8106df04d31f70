-- Issue 13 (decision 073): an outbox row may address a voter on an election's register 选民名单, so
-- the election's voter notices reach the many voters who never sign in. A register row is the
-- recipient of every voter notice of its election, with or without an account: one row per
-- voter per step per channel, whichever way the voter is reached. No address here either: the
-- register's phone (or the linked account's contacts) is read only when the row is sent.
alter table notify_outbox add column voter_id uuid references voters(id);

-- Exactly one recipient kind: an account, a board subscription, or a register entry.
alter table notify_outbox drop constraint notify_outbox_check;
alter table notify_outbox add constraint notify_outbox_one_recipient check (num_nonnulls(user_id, subscription_id, voter_id) = 1);

-- "Never a second notice": unique per (step, channel, recipient), the recipient now of any kind.
drop index notify_outbox_once;
create unique index notify_outbox_once on notify_outbox (step_key, channel, (coalesce(user_id, subscription_id::text, voter_id::text)));
