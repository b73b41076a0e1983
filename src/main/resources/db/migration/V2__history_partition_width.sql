-- History partitions of several days each (a week by default) instead of one a day.
--
-- Every lookup of an item's open tombstone (GET, DELETE again, PUT, undo by item) reads
-- item_history by id, and nothing in it says which day the tombstone becomes purgeable, so each
-- such statement covers every partition. With one partition a day, a deployment that has run for
-- its 90-day retention has about 98 of them, and the per-partition work (planning, locks, executor
-- start-up) made a GET about 9 times as costly to PostgreSQL as on a fresh database. A partition
-- is dropped only once every row in it is purgeable, so wider partitions keep rows past their
-- retention for up to width - 1 more days; reads never show them (they filter on purge_at).
--
-- A partition spans [first, end) and is named item_history_<first>_<end> (YYYYMMDD); one-day
-- partitions keep the name item_history_<day> of version 1. Blocks are aligned to a Monday, so
-- seven-day partitions run Monday to Monday whatever retention made them. Days that partitions
-- of another width already cover (those of version 1, or made before the width was changed) are
-- never covered twice: the rest of such a block is filled with one-day partitions.

DROP FUNCTION undo_premake_history_partitions(timestamptz, integer, bigint);
DROP FUNCTION undo_make_history_partitions(date, date);

-- The partitions of item_history that this service made, with the days they span.
CREATE FUNCTION undo_history_partitions() RETURNS TABLE (name text, first_day date, end_day date)
    LANGUAGE sql STABLE AS $$
    SELECT c.relname::text,
           to_date(substr(c.relname, 14, 8), 'YYYYMMDD'),
           CASE WHEN length(c.relname) = 21 THEN to_date(substr(c.relname, 14, 8), 'YYYYMMDD') + 1
                ELSE to_date(substr(c.relname, 23, 8), 'YYYYMMDD') END
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'item_history'::regclass
      AND c.relname ~ '^item_history_[0-9]{8}(_[0-9]{8})?$'
$$;

-- Makes the partitions, width_days wide, that the days [first_day, last_day] (UTC) are missing.
-- The advisory lock keeps two replicas from racing on the same CREATE TABLE.
CREATE FUNCTION undo_make_history_partitions(first_day date, last_day date, width_days integer) RETURNS integer
    LANGUAGE plpgsql AS $$
DECLARE
    block date := first_day - ((first_day - date '1970-01-05') % width_days);
    day   date;
    made  integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('undo:item_history:partitions'));
    WHILE block <= last_day LOOP
        IF NOT EXISTS (SELECT 1 FROM undo_history_partitions() p
                       WHERE p.first_day < block + width_days AND p.end_day > block) THEN
            PERFORM undo_make_history_partition(block, block + width_days);
            made := made + 1;
        ELSE
            day := greatest(block, first_day);
            WHILE day < block + width_days AND day <= last_day LOOP
                IF NOT EXISTS (SELECT 1 FROM undo_history_partitions() p
                               WHERE p.first_day <= day AND p.end_day > day) THEN
                    PERFORM undo_make_history_partition(day, day + 1);
                    made := made + 1;
                END IF;
                day := day + 1;
            END LOOP;
        END IF;
        block := block + width_days;
    END LOOP;
    RETURN made;
END $$;

CREATE FUNCTION undo_make_history_partition(first_day date, end_day date) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    part text := 'item_history_' || to_char(first_day, 'YYYYMMDD')
                 || CASE WHEN end_day = first_day + 1 THEN '' ELSE '_' || to_char(end_day, 'YYYYMMDD') END;
BEGIN
    EXECUTE format(
        'CREATE TABLE %I.%I PARTITION OF item_history FOR VALUES FROM (%L) TO (%L)',
        current_schema(), part,
        to_char(first_day, 'YYYY-MM-DD') || ' 00:00:00+00',
        to_char(end_day, 'YYYY-MM-DD') || ' 00:00:00+00');
END $$;

-- Rows become purgeable at (now + a collection's retention), so the partitions needed soon are
-- those of the days_ahead days from there for every retention in use, plus the default for
-- collections still to come.
CREATE FUNCTION undo_premake_history_partitions(at timestamptz, days_ahead integer, default_retention_ms bigint,
                                                width_days integer)
    RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    retention bigint;
    made integer := 0;
    first_day date;
BEGIN
    FOR retention IN
        SELECT DISTINCT r FROM (
            SELECT retention_ms AS r FROM collections
            UNION ALL SELECT default_retention_ms
        ) rs
    LOOP
        first_day := ((at + retention * interval '1 millisecond') AT TIME ZONE 'UTC')::date;
        made := made + undo_make_history_partitions(first_day, first_day + days_ahead, width_days);
    END LOOP;
    RETURN made;
END $$;
