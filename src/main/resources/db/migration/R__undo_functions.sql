-- The service's functions as they are now, edited here in place: Flyway runs a repeatable
-- migration again whenever it changes, after the versioned ones. The versioned migrations that
-- first made each of them stay as they were (Flyway checks their checksums); a function whose
-- arguments or result columns change needs a DROP in a versioned migration first, since CREATE OR
-- REPLACE cannot change them. The naming rule of history partitions is R__history_partition_names.sql.
-- jsonb's text form is canonical (key order, spacing), so equal JSON values get equal digests.
CREATE OR REPLACE FUNCTION undo_digest(value jsonb) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT sha256(convert_to(value::text, 'UTF8')) $$;

-- The end of an undo window, rounded up to the whole second: Undo-Expires (an IMF-fixdate) has
-- one-second resolution, and the window must close exactly at the instant that header names.
CREATE OR REPLACE FUNCTION undo_window_end(deleted_at timestamptz, window_ms bigint) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT date_trunc('second', deleted_at + window_ms * interval '1 millisecond' + interval '999999 microseconds') $$;

-- RFC 7396 JSON Merge Patch, so that PATCH is one statement with no read-modify-write race.
CREATE OR REPLACE FUNCTION undo_merge_patch(target jsonb, patch jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    result jsonb;
    member text;
    value  jsonb;
BEGIN
    IF patch IS NULL OR jsonb_typeof(patch) <> 'object' THEN
        RETURN patch;
    END IF;
    IF target IS NULL OR jsonb_typeof(target) <> 'object' THEN
        result := '{}'::jsonb;
    ELSE
        result := target;
    END IF;
    FOR member, value IN SELECT key, v FROM jsonb_each(patch) AS e(key, v) LOOP
        IF jsonb_typeof(value) = 'null' THEN
            result := result - member;
        ELSE
            result := result || jsonb_build_object(member, undo_merge_patch(result -> member, value));
        END IF;
    END LOOP;
    RETURN result;
END $$;

-- Makes the partitions, width_days wide, that the days [first_day, last_day] (UTC) are missing.
-- The advisory lock keeps two replicas from racing on the same CREATE TABLE.
CREATE OR REPLACE FUNCTION undo_make_history_partitions(first_day date, last_day date, width_days integer) RETURNS integer
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

-- Rows become purgeable at (now + a collection's retention), so the partitions needed soon are
-- those of the days_ahead days from there for every retention in use, plus the default for
-- collections still to come.
CREATE OR REPLACE FUNCTION undo_premake_history_partitions(at timestamptz, days_ahead integer, default_retention_ms bigint,
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

-- The open tombstone of an item, for the statements that must answer a request about an item that
-- is not live (GET, DELETE again, PUT or PATCH of a deleted item).
--
-- Nothing in such a request says on which day the tombstone becomes purgeable, so the lookup covers
-- every partition of item_history, and the statement around it paid for every partition whether or
-- not the item turned out to be live: DELETE and PUT/PATCH planned the scan of each partition every
-- time (custom plans, which PostgreSQL keeps for them because they prune elsewhere), and GET's
-- generic plan locked and set up a scan of each partition even when LIMIT 1 was answered from
-- items. PL/pgSQL keeps its queries' plans for the connection, and a function that is not called
-- costs nothing. STABLE, so that the query runs in the calling statement's snapshot and, like the
-- subquery it stands for, does not see a tombstone that the same statement writes.
CREATE OR REPLACE FUNCTION undo_open_tombstone(p_tenant text, p_collection text, p_id uuid, p_now timestamptz)
    RETURNS TABLE (collection text, id uuid, version integer, data jsonb, created_at timestamptz,
                   valid_from timestamptz, deletion_id uuid, undo_expires_at timestamptz, purge_at timestamptz)
    LANGUAGE plpgsql STABLE ROWS 1 AS $$
BEGIN
    RETURN QUERY
        SELECT h.collection, h.id, h.version, h.data, h.created_at, h.valid_from, h.deletion_id,
               h.undo_expires_at, h.purge_at
        FROM item_history h
        WHERE h.tenant_id = p_tenant AND h.id = p_id AND h.collection = p_collection
          AND h.valid_to IS NULL AND h.purge_at > p_now;
END $$;

-- The undo of a deletion, in a function whose plan PostgreSQL makes once a connection.
--
-- The query reads item_history in three places, each bounded by the undo ticket's purge_at
-- ($4, $5) so that only the partitions holding the tombstones are touched. Left to itself
-- PostgreSQL keeps a custom plan for it, since a generic plan's estimated cost counts every
-- partition (the planner does not count the pruning a generic plan does at executor start-up), and
-- planning would cost more than the undo: in psql with 14 partitions, 1.1 ms of planning for 0.35 ms
-- of execution; forced generic, 0.02 ms of planning and the same execution. plan_cache_mode is set
-- on the function rather than on the service's connections, so that it holds behind a connection
-- pooler too and no other statement inherits it.
--
-- The statement: close a deletion's tombstones and put their items back, all or nothing, unless the
-- window has closed or a unique value was taken meanwhile. The deletion is named by its id, or
-- (undo by item) it is the latest deletion of an item; without a ticket $4..$5 span everything.
-- $1 tenant, $2 deletion id (NULL: latest deletion of item $6), $3 now, $4 purge_at low,
-- $5 purge_at high, $6 item id (by item only), $7 collection (by item only), $8 actor
-- The query names table columns that are also the names of the result's columns, hence
-- variable_conflict; it refers to the arguments by position.
CREATE OR REPLACE FUNCTION undo_restore(p_tenant text, p_deletion_id uuid, p_now timestamptz, p_purge_from timestamptz,
                             p_purge_to timestamptz, p_item_id uuid, p_collection text, p_actor text)
    RETURNS TABLE (outcome text, expires_at timestamptz, deleted_at timestamptz, deletion_collection text,
                   conflicts jsonb, state text, collection text, id uuid, version integer, data jsonb,
                   created_at timestamptz, updated_at timestamptz)
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        WITH target AS (
            SELECT coalesce($2::uuid, (
                SELECT h.deletion_id FROM item_history h
                WHERE h.tenant_id = $1::text AND h.id = $6::uuid AND h.collection = $7::text
                  AND h.state = 'deleted' AND h.purge_at > $3::timestamptz
                ORDER BY h.version DESC
                LIMIT 1)) AS deletion_id
        ),
        tomb AS (
            SELECT h.* FROM item_history h JOIN target ON h.deletion_id = target.deletion_id
            WHERE h.tenant_id = $1 AND h.purge_at > $3
              AND h.purge_at >= $4::timestamptz AND h.purge_at <= $5::timestamptz
        ),
        deadline AS (
            SELECT max(undo_expires_at) AS expires_at, max(valid_from) AS deleted_at, min(collection) AS collection FROM tomb
        ),
        openable AS (
            SELECT t.* FROM tomb t CROSS JOIN deadline d WHERE t.valid_to IS NULL AND d.expires_at >= $3
        ),
        wanted AS (
            SELECT o.id, o.collection, f.field, o.data -> f.field AS value
            FROM openable o
            JOIN collections c ON c.tenant_id = $1 AND c.name = o.collection
            CROSS JOIN LATERAL unnest(c.unique_fields) AS f(field)
            WHERE jsonb_typeof(o.data -> f.field) <> 'null'
        ),
        taken AS (
            SELECT w.field, w.value FROM wanted w
            JOIN unique_keys u ON u.tenant_id = $1 AND u.collection = w.collection AND u.field = w.field
                              AND u.value_digest = undo_digest(w.value)
        ),
        closed AS (
            UPDATE item_history h
            SET valid_to = greatest($3, h.valid_from + interval '1 millisecond')
            FROM openable o
            WHERE h.tenant_id = $1 AND h.id = o.id AND h.version = o.version AND h.purge_at = o.purge_at
              -- Implied by tomb's bounds, but said again here so that the planner prunes this UPDATE too.
              AND h.purge_at >= $4 AND h.purge_at <= $5
              AND h.valid_to IS NULL AND NOT EXISTS (SELECT 1 FROM taken)
            RETURNING h.collection, h.id, h.version, h.data, h.created_at, h.created_by, h.valid_to
        ),
        restored AS (
            INSERT INTO items (tenant_id, collection, id, version, data, created_at, updated_at, created_by, updated_by)
            SELECT $1, collection, id, version + 1, data, created_at, valid_to, created_by, $8::text FROM closed
            RETURNING collection, id, version, data, created_at, updated_at
        ),
        occupied AS (
            INSERT INTO unique_keys (tenant_id, collection, field, value_digest, value, item_id)
            SELECT $1, w.collection, w.field, undo_digest(w.value), w.value, w.id
            FROM wanted w JOIN restored r ON r.id = w.id
        ),
        live AS (
            SELECT i.collection, i.id, i.version, i.data, i.created_at, i.updated_at
            FROM items i JOIN tomb t ON i.tenant_id = $1 AND i.id = t.id
        ),
        live_item AS (
            SELECT 1 FROM items WHERE tenant_id = $1 AND id = $6 AND collection = $7
        ),
        outcome AS (
            SELECT CASE
                WHEN EXISTS (SELECT 1 FROM restored) THEN 'restored'
                WHEN NOT EXISTS (SELECT 1 FROM tomb) THEN
                     CASE WHEN EXISTS (SELECT 1 FROM live_item) THEN 'not_deleted' ELSE 'not_found' END
                WHEN (SELECT expires_at FROM deadline) < $3 THEN
                     CASE WHEN $2 IS NULL AND EXISTS (SELECT 1 FROM live_item) THEN 'not_deleted' ELSE 'expired' END
                WHEN EXISTS (SELECT 1 FROM taken) THEN 'conflict'
                WHEN EXISTS (SELECT 1 FROM openable) THEN 'race'
                WHEN (SELECT count(*) FROM live) = (SELECT count(*) FROM tomb) THEN 'repeat'
                ELSE 'superseded' END AS outcome
        ),
        shown AS (
            SELECT * FROM restored
            UNION ALL
            SELECT * FROM live WHERE (SELECT outcome FROM outcome) = 'repeat'
        )
        SELECT o.outcome, d.expires_at, d.deleted_at, d.collection AS deletion_collection,
               (SELECT jsonb_agg(jsonb_build_object('field', field, 'value', value) ORDER BY field) FROM taken) AS conflicts,
               'active' AS state, s.collection, s.id, s.version, s.data, s.created_at, s.updated_at
        FROM outcome o CROSS JOIN deadline d LEFT JOIN shown s ON true
        ORDER BY s.id;
END $fn$;

-- A page of live items, in a function that plans it once a connection, as undo_restore does.
--
-- Left to itself PostgreSQL keeps a custom plan for the page and plans it on every request: it cannot
-- cost a generic plan's LIMIT $4: it takes a tenth of the rows, and the generic plan looked four
-- hundred times dearer than the custom one. Both are the same plan (the collection's row, then the
-- items' index in id order, stopped after the page). In psql on the benchmark's database, a page of
-- 50 planned in 0.10-0.16 ms and ran in 0.055 ms; forced generic, it plans in 0.005 ms.
--
-- One page of live items after a key (the nil UUID for the first page). A row with a NULL id
-- means the collection exists but has nothing more; no row means no such collection.
-- $1 tenant, $2 collection, $3 after id, $4 page size
CREATE OR REPLACE FUNCTION undo_list_active(p_tenant text, p_collection text, p_after uuid, p_limit integer)
    RETURNS TABLE (state text, collection text, id uuid, version integer, data jsonb,
                   created_at timestamptz, updated_at timestamptz)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT i.* FROM collections c
        LEFT JOIN LATERAL (
            SELECT 'active'::text AS state, collection, id, version, data, created_at, updated_at
            FROM items
            WHERE tenant_id = $1 AND collection = $2 AND id > $3
            ORDER BY id
            LIMIT $4
        ) AS i ON true
        WHERE c.tenant_id = $1 AND c.name = $2;
END $fn$;
