-- Placeholder so postgres-shift's consecutive numbering holds on branch wt-meetings (its migration is 00015,
-- as assigned). DELETE THIS FILE AT MERGE: the real 00013 migration of another branch takes its place.
select 1;
