-- The public board (DOMAIN.md §6): paging, filters, Chinese full-text search, chain checkpoints.

-- Search terms of a text: runs of CJK characters become overlapping bigrams (the CJK analysers of
-- Lucene and Elasticsearch do the same), runs of ASCII letters/digits become words. It needs no
-- extension and no Chinese dictionary, so it works on any PostgreSQL (decision 029).
create function minyi_search_terms(t text) returns text[]
  language plpgsql immutable parallel safe as $$
declare
  run text;
  terms text[] := '{}';
begin
  for run in select m[1] from regexp_matches(lower(coalesce(t, '')),
      '([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+)', 'g') as m loop
    if run ~ '^[a-z0-9]+$' or length(run) = 1 then
      terms := terms || run;
    else
      for i in 1 .. length(run) - 1 loop
        terms := terms || substr(run, i, 2);
      end loop;
    end if;
  end loop;
  return terms;
end $$;

create function minyi_search_vector(t text) returns tsvector
  language sql immutable parallel safe
  return array_to_tsvector(minyi_search_terms(t));

-- The words a person types, as a query: every term must occur; a lone CJK character matches the
-- bigrams it starts.
create function minyi_search_query(q text) returns tsquery
  language sql immutable parallel safe
  return (select coalesce(string_agg(
            case when length(term) = 1 then quote_literal(term) || ':*' else quote_literal(term) end, ' & '), '')::tsquery
          from unnest(minyi_search_terms(q)) as term);

-- Title and every string inside the body (not the JSON keys).
alter table disclosures add column search tsvector generated always as (
  minyi_search_vector(title || ' ' || coalesce(jsonb_path_query_array(body, 'strict $.** ? (@.type() == "string")')::text, ''))
) stored;
create index disclosures_search_idx on disclosures using gin (search);
create index disclosures_kind_idx on disclosures (community_id, kind, seq desc);
create index disclosures_corrects_idx on disclosures (corrects) where corrects is not null;
create index disclosures_published_idx on disclosures (community_id, published_at);

-- The last full re-check of a community's chain (a workflow runs it; decision 030). The board
-- checks only the entries after it on each view.
create table disclosure_checkpoints (
  community_id uuid primary key references communities(id),
  seq bigint not null,
  head_hash text not null check (head_hash ~ '^[0-9a-f]{64}$'),
  length integer not null,
  checked_at timestamptz, -- null: a first full check is under way
  -- the first broken entry, when the last full check found one
  broken_seq bigint,
  broken_reason text
);

-- A full re-check in progress (started by the schedule or by anyone from /p/<community>/verify).
alter table disclosure_checkpoints
  add column running_since timestamptz,
  add column running_checked integer,
  add column running_total integer;
