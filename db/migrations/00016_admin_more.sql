-- People imports run as durable work (issue 11 item 2; workflows/people-import.ts): the upload waits
-- in its import row until the activity has checked and stored it, and is cleared then (the file
-- holds phone numbers: it is not kept once the people are in the register or the import is refused).
-- `locked_hash` is the password hash given to people without a sign-in (of a random secret nobody
-- knows, decision 018), computed by the web process that received the upload.
alter table people_imports
  add column file bytea,
  add column locked_hash text;
