-- The rule for naming item_history's partitions, both ways, in one place: item_history_<first> for a
-- partition of one day (the only kind schema version 1 made), item_history_<first>_<end> otherwise,
-- UTC days as YYYYMMDD, the end not included. A repeatable migration (Flyway runs it again whenever
-- it changes), so it is edited here, in place.

CREATE OR REPLACE FUNCTION undo_history_partition_name(first_day date, end_day date) RETURNS text
    LANGUAGE sql STABLE AS $$
    SELECT 'item_history_' || to_char(first_day, 'YYYYMMDD')
           || CASE WHEN end_day = first_day + 1 THEN '' ELSE '_' || to_char(end_day, 'YYYYMMDD') END
$$;

-- The days a partition of that name spans; no row for a name the rule does not make.
CREATE OR REPLACE FUNCTION undo_history_partition_span(name text) RETURNS TABLE (first_day date, end_day date)
    LANGUAGE sql IMMUTABLE AS $$
    SELECT to_date(m[1], 'YYYYMMDD'), coalesce(to_date(m[2], 'YYYYMMDD'), to_date(m[1], 'YYYYMMDD') + 1)
    FROM regexp_match(name, '^item_history_([0-9]{8})(?:_([0-9]{8}))?$') AS m
    WHERE m IS NOT NULL
$$;

-- The partitions of item_history that this service made, with the days they span.
CREATE OR REPLACE FUNCTION undo_history_partitions() RETURNS TABLE (name text, first_day date, end_day date)
    LANGUAGE sql STABLE AS $$
    SELECT c.relname::text, s.first_day, s.end_day
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    CROSS JOIN LATERAL undo_history_partition_span(c.relname) s
    WHERE i.inhparent = 'item_history'::regclass
$$;

CREATE OR REPLACE FUNCTION undo_make_history_partition(first_day date, end_day date) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format(
        'CREATE TABLE %I.%I PARTITION OF item_history FOR VALUES FROM (%L) TO (%L)',
        current_schema(), undo_history_partition_name(first_day, end_day),
        to_char(first_day, 'YYYY-MM-DD') || ' 00:00:00+00',
        to_char(end_day, 'YYYY-MM-DD') || ' 00:00:00+00');
END $$;
