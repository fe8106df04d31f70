-- Placeholder on branch wt-hardening: numbers 00007–00009 belong to other branches (postgres-shift needs
-- consecutive numbers). Delete this file when merging theirs.
select 1;
