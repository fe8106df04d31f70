-- Sealed ballots waiting for their batch (issue 9, item 10; decision 026). A ballot is written
-- here, encrypted, in the same transaction as its participation flag (so an acknowledged ballot is
-- durable); it moves to `ballots` in a shuffled batch of at least 20, in another transaction, so
-- neither xmin, physical order nor WAL order of `ballots` pairs it with its voter.
create table ballot_buffer (
  id uuid primary key default gen_random_uuid(),
  election_id uuid not null references elections(id),
  round_no integer not null,
  sealed bytea not null -- AES-256-GCM of {choices, receiptHash} under the data key
);
create index ballot_buffer_round_idx on ballot_buffer(election_id, round_no);

-- A forked disclosure chain is impossible in the database itself (issue 9, item 11): two entries
-- of one community can never name the same predecessor (the first names the genesis value).
create unique index disclosures_one_successor on disclosures(community_id, prev_hash);
