-- The service's functions as they are now, edited here in place: Flyway runs a repeatable
-- migration again whenever it changes, after the versioned ones. The versioned migrations that
-- first made each of them stay as they were (Flyway checks their checksums); a function whose
-- arguments or result columns change needs a DROP in a versioned migration first, since CREATE OR
-- REPLACE cannot change them. The naming rule of history partitions is R__history_partition_names.sql.
-- The scalar SQL functions below are declared no stricter than their bodies (convert_to, timestamptz +
-- interval and date_trunc are STABLE), so that PostgreSQL inlines them into the calling statement. One
-- declared IMMUTABLE over a STABLE body is not inlined but run as a function of its own, planned again
-- at every execution of the statement that calls it: SqlFunctionInliningTest.

-- jsonb's text form is canonical (key order, spacing), so equal JSON values get equal digests.
CREATE OR REPLACE FUNCTION undo_digest(value jsonb) RETURNS bytea
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    AS $$ SELECT sha256(convert_to(value::text, 'UTF8')) $$;

-- The end of an undo window, rounded up to the whole second: Undo-Expires (an IMF-fixdate) has
-- one-second resolution, and the window must close exactly at the instant that header names.
CREATE OR REPLACE FUNCTION undo_window_end(deleted_at timestamptz, window_ms bigint) RETURNS timestamptz
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
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

-- The tombstones in history of a deletion's items, for an undo that found none of them in items: they
-- tell whether the deletion was undone (valid_to set), moved after its window (valid_to NULL) or never
-- was. A function for the reason undo_open_tombstone is one: the statement that calls it does not
-- set up a scan of every partition when it does not call it.
CREATE OR REPLACE FUNCTION undo_deletion_history(p_tenant text, p_deletion_id uuid, p_items uuid[], p_now timestamptz)
    RETURNS TABLE (collection text, id uuid, version integer, valid_from timestamptz, valid_to timestamptz,
                   undo_expires_at timestamptz)
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY
        SELECT h.collection, h.id, h.version, h.valid_from, h.valid_to, h.undo_expires_at
        FROM item_history h
        WHERE h.tenant_id = p_tenant AND h.id = ANY(p_items) AND h.deletion_id = p_deletion_id
          AND h.state = 'deleted' AND h.purge_at > p_now;
END $$;

-- A deletion as its tombstones in history tell it (found through item_history_by_deletion), for a
-- deletion that no longer has its row in deletions; no row when there are none.
-- Its collection is the one most of its items are in (the deletion's row, which names the collection
-- it was asked of, is gone).
CREATE OR REPLACE FUNCTION undo_history_deletion(p_tenant text, p_deletion_id uuid, p_now timestamptz)
    RETURNS TABLE (collection text, item_ids uuid[], item_collections text[], undo_expires_at timestamptz,
                   deleted_by text)
    LANGUAGE plpgsql STABLE ROWS 1 AS $$
BEGIN
    RETURN QUERY
        SELECT mode() WITHIN GROUP (ORDER BY t.collection), array_agg(t.id ORDER BY t.id),
               array_agg(t.collection ORDER BY t.id), max(t.undo_expires_at), min(t.deleted_by)
        FROM (SELECT DISTINCT ON (h.id) h.id, h.collection, h.undo_expires_at, h.deleted_by
              FROM item_history h
              WHERE h.tenant_id = p_tenant AND h.deletion_id = p_deletion_id AND h.purge_at > p_now
              ORDER BY h.id) t
        HAVING count(*) > 0;
END $$;

-- The tombstones in history of a deletion, for GET /v1/deletions/{id} once its row is gone: when each
-- was made (valid_from), and whether an undo ended it (valid_to set) or it is still the item's state.
CREATE OR REPLACE FUNCTION undo_deletion_tombstones(p_tenant text, p_deletion_id uuid, p_now timestamptz)
    RETURNS TABLE (collection text, id uuid, valid_from timestamptz, valid_to timestamptz,
                   undo_expires_at timestamptz, deleted_by text)
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY
        SELECT h.collection, h.id, h.valid_from, h.valid_to, h.undo_expires_at, h.deleted_by
        FROM item_history h
        WHERE h.tenant_id = p_tenant AND h.deletion_id = p_deletion_id AND h.purge_at > p_now;
END $$;

-- The open tombstones in history of a deletion (its window closed and the background move took them
-- out of items), whole, for a restore from the trash.
CREATE OR REPLACE FUNCTION undo_deletion_open_tombstones(p_tenant text, p_deletion_id uuid, p_items uuid[], p_now timestamptz)
    RETURNS TABLE (collection text, id uuid, version integer, data jsonb, created_at timestamptz, created_by text,
                   updated_by text, valid_from timestamptz, undo_expires_at timestamptz, purge_at timestamptz)
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY
        SELECT h.collection, h.id, h.version, h.data, h.created_at, h.created_by, h.updated_by, h.valid_from,
               h.undo_expires_at, h.purge_at
        FROM item_history h
        WHERE h.tenant_id = p_tenant AND h.id = ANY(p_items) AND h.deletion_id = p_deletion_id
          AND h.valid_to IS NULL AND h.purge_at > p_now;
END $$;

-- The deletion of an item's latest tombstone in history; NULL when it has none.
CREATE OR REPLACE FUNCTION undo_latest_deletion(p_tenant text, p_collection text, p_id uuid, p_now timestamptz)
    RETURNS uuid LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT h.deletion_id
            FROM item_history h
            WHERE h.tenant_id = p_tenant AND h.id = p_id AND h.collection = p_collection
              AND h.state = 'deleted' AND h.purge_at > p_now
            ORDER BY h.version DESC
            LIMIT 1);
END $$;

-- A page of live items, in a function that plans it once a connection.
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
            WHERE tenant_id = $1 AND collection = $2 AND id > $3 AND state = 'active'
            ORDER BY id
            LIMIT $4
        ) AS i ON true
        WHERE c.tenant_id = $1 AND c.name = $2;
END $fn$;

-- The two steps of the Undo toast. Each is a function that runs the common case as one lean statement
-- (an UPDATE of the item's row and the history row it retires) and only when that wrote nothing
-- runs a read-only query that tells why; both in the caller's transaction, so the request is still
-- one statement and one round trip. The reason query takes a snapshot of its own, later than the
-- write's: what it reports is what it sees then, and when it sees a case the write should have
-- handled (a row changed in between), it reports 'race' and the caller runs the function again.
-- The lean statements cost PostgreSQL a fifth less than one that answers every case (BENCHMARKS.md).
--
-- plan_cache_mode: left to themselves, PostgreSQL kept custom plans for the steps and planned them on
-- every call (under the benchmark's load, pg_stat_statements: 0.92 ms of planning a DELETE and 1.44 ms
-- an undo, for 0.47 ms of execution each); their generic plans are the same plans, since they read
-- items by primary key and history only through the functions above. Set on the function rather than
-- on the service's connections, so that it holds behind a connection pooler too and no other
-- statement inherits it. The queries name table columns that are also result columns, hence
-- variable_conflict; they refer to the arguments by position.

-- Tombstone an item in its row: the row takes the tombstone version (state deleted, the deletion,
-- its window, when it is purged), the version it was goes to history, its unique values are freed
-- and the deletion is recorded. The UPDATE changes no indexed column, so it is a HOT update. A
-- second DELETE finds the tombstone, in items while the window is open or in history after it
-- ('repeat'). 'race': the row can be tombstoned but was not, because a concurrent writer changed it
-- between the write and the look. In a collection that takes part in references the item and the
-- items it cascades to are locked and tombstoned together (undo_cascade, undo_tombstone; R__references.sql),
-- or nothing is: 'restricted' (blocked lists the referrers) or 'too_many'. deletion_items and
-- deletion_collections: every item the deletion covers.
-- $1 tenant, $2 collection, $3 id, $4 now, $5 If-Match versions (NULL: unconditional),
-- $6 deletion id, $7 actor, $8 the most items a deletion may cover
CREATE OR REPLACE FUNCTION undo_delete_item(p_tenant text, p_collection text, p_id uuid, p_now timestamptz,
                                            p_versions integer[], p_deletion_id uuid, p_actor text, p_max integer)
    RETURNS TABLE (outcome text, state text, collection text, id uuid, version integer, data jsonb,
                   created_at timestamptz, updated_at timestamptz, deleted_at timestamptz, deletion_id uuid,
                   undo_expires_at timestamptz, purge_at timestamptz, deletion_items uuid[],
                   deletion_collections text[], blocked jsonb)
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
DECLARE
    settings record;
    reached  record;
BEGIN
    -- The collection's settings, read once: the common case (no references, no unique fields) then
    -- runs a statement that joins nothing and frees nothing. No row: no such collection (the look below).
    -- The references are probed here rather than through undo_has_references: a function call of its
    -- own costs a toast step more than the two probes.
    SELECT c.undo_window_ms, c.retention_ms, c.unique_fields <> '{}' AS has_unique_fields,
           EXISTS (SELECT 1 FROM collection_references r WHERE r.tenant_id = $1 AND r.target = $2)
           OR EXISTS (SELECT 1 FROM collection_references r WHERE r.tenant_id = $1 AND r.collection = $2) AS referenced
    INTO settings
    FROM collections c WHERE c.tenant_id = $1 AND c.name = $2;
    IF settings.referenced THEN
        -- The item and every item its deletion cascades to, locked (undo_cascade), then tombstoned.
        PERFORM 1 FROM items i
        WHERE i.tenant_id = $1 AND i.id = $3 AND i.collection = $2 AND i.state = 'active'
          AND ($5 IS NULL OR i.version = ANY($5))
        FOR UPDATE;
        IF FOUND THEN
            SELECT * INTO reached FROM undo_cascade($1, $2, ARRAY[$3], $8);
            IF reached.outcome <> 'ok' THEN
                RETURN QUERY SELECT reached.outcome, NULL::text, $2, $3, NULL::integer, NULL::jsonb,
                                    NULL::timestamptz, NULL::timestamptz, NULL::timestamptz, NULL::uuid,
                                    NULL::timestamptz, NULL::timestamptz, NULL::uuid[], NULL::text[], reached.blocked;
                RETURN;
            END IF;
            RETURN QUERY
                WITH tombstoned AS (
                    SELECT * FROM undo_tombstone($1, $2, reached.ids, $4, $6, $7)
                ),
                recorded AS (
                    INSERT INTO deletions (tenant_id, id, collection, item_ids, item_collections, deleted_at,
                                           undo_expires_at, deleted_by)
                    SELECT $1, $6, $2, array_agg(t.id ORDER BY t.id), array_agg(t.collection ORDER BY t.id),
                           max(t.updated_at), max(t.undo_expires_at), $7
                    FROM tombstoned t
                    RETURNING item_ids, item_collections
                )
                SELECT 'deleted'::text, 'deleted'::text, t.collection, t.id, t.version, t.data, t.created_at,
                       t.updated_at, t.updated_at, $6, t.undo_expires_at, t.purge_at, r.item_ids,
                       r.item_collections, NULL::jsonb
                FROM tombstoned t CROSS JOIN recorded r
                WHERE t.id = $3;
            RETURN;
        END IF;
        -- Not deletable as asked: the look below tells why.
    ELSIF FOUND THEN
        -- The toast's delete writes its event itself (see undo_item_event).
        RETURN QUERY
            WITH tombstoned AS (
                UPDATE items i
                SET version = i.version + 1, state = 'deleted', retired_from = i.updated_at, retired_by = i.updated_by,
                    updated_at = greatest($4, i.updated_at + interval '1 millisecond'), updated_by = $7,
                    deletion_id = $6, deleted_by = $7,
                    undo_expires_at = undo_window_end(greatest($4, i.updated_at + interval '1 millisecond'),
                                                      settings.undo_window_ms),
                    purge_at = greatest($4, i.updated_at + interval '1 millisecond')
                               + settings.retention_ms * interval '1 millisecond',
                    event_xid = greatest(pg_current_xact_id(), i.event_xid), event_seq = nextval('events_seq')
                WHERE i.tenant_id = $1 AND i.id = $3 AND i.collection = $2 AND i.state = 'active'
                  AND ($5 IS NULL OR i.version = ANY($5))
                RETURNING i.tenant_id, i.collection, i.id, i.version, i.state, i.data, i.created_at, i.created_by,
                          i.updated_at, i.retired_from, i.retired_by, i.deletion_id, i.undo_expires_at, i.purge_at,
                          i.event_xid, i.event_seq
            ),
            evented AS (
                INSERT INTO events (tenant_id, event_xid, seq, occurred_at, id, aggregatetype, aggregateid, type,
                                    version, state, deletion_id, actor, payload)
                SELECT tenant_id, event_xid, event_seq, updated_at, gen_random_uuid(), collection, id::text,
                       'dev.undo.item.deleted', version, 'deleted', deletion_id, $7, data
                FROM tombstoned
            ),
            retired AS (
                INSERT INTO item_history (tenant_id, collection, id, version, state, data, created_at, created_by,
                                          updated_by, valid_from, valid_to, purge_at)
                SELECT tenant_id, collection, id, version - 1, 'active', data, created_at, created_by,
                       retired_by, retired_from, updated_at, purge_at
                FROM tombstoned
            ),
            recorded AS (
                INSERT INTO deletions (tenant_id, id, collection, item_ids, deleted_at, undo_expires_at, deleted_by)
                SELECT $1, $6, collection, ARRAY[id], updated_at, undo_expires_at, $7 FROM tombstoned
            )
            SELECT 'deleted'::text, t.state, t.collection, t.id, t.version, t.data, t.created_at, t.updated_at,
                   t.updated_at, t.deletion_id, t.undo_expires_at, t.purge_at, ARRAY[t.id], ARRAY[t.collection],
                   NULL::jsonb
            FROM tombstoned t;
        IF FOUND THEN
            -- The unique values it held are free, in a statement of their own: as a part of the one above,
            -- every delete paid for setting it up, and most collections have no unique fields.
            IF settings.has_unique_fields THEN
                DELETE FROM unique_keys u WHERE u.tenant_id = $1 AND u.item_id = $3;
            END IF;
            RETURN;
        END IF;
    END IF;
    RETURN QUERY
        WITH seen AS (
            SELECT i.state, i.collection, i.id, i.version, i.data, i.created_at, i.updated_at,
                   i.deletion_id, i.undo_expires_at, i.purge_at
            FROM items i
            WHERE i.tenant_id = $1 AND i.id = $3 AND i.collection = $2 AND (i.state = 'active' OR i.purge_at > $4)
        ),
        earlier AS (
            SELECT collection, id, version, data, created_at, updated_at, deletion_id, undo_expires_at, purge_at
            FROM seen WHERE state = 'deleted'
            UNION ALL
            SELECT h.collection, h.id, h.version, h.data, h.created_at, h.valid_from,
                   h.deletion_id, h.undo_expires_at, h.purge_at
            FROM undo_open_tombstone($1, $2, $3, $4) h WHERE NOT EXISTS (SELECT 1 FROM seen)
        )
        SELECT CASE WHEN e.id IS NOT NULL
                    -- A retried conditional DELETE carries the version it deleted, one below the tombstone's.
                    THEN CASE WHEN $5 IS NULL OR e.version = ANY($5) OR e.version - 1 = ANY($5)
                              THEN 'repeat' ELSE 'precondition_failed' END
                    WHEN EXISTS (SELECT 1 FROM seen WHERE $5 IS NOT NULL AND NOT version = ANY($5))
                    THEN 'precondition_failed'
                    WHEN EXISTS (SELECT 1 FROM seen) THEN 'race'
                    ELSE 'not_found' END,
               'deleted'::text, e.collection, e.id, e.version, e.data, e.created_at,
               e.updated_at, e.updated_at, e.deletion_id, e.undo_expires_at, e.purge_at, NULL::uuid[], NULL::text[],
               NULL::jsonb
        FROM (SELECT 1) AS one LEFT JOIN earlier e ON true;
END $fn$;

-- Undo a deletion: each item it tombstoned becomes live again in its row, all or nothing, unless the
-- window has closed or a unique value was taken meanwhile; the tombstone version goes to history and
-- the unique values are taken back. The UPDATE changes no indexed column (a HOT update) and takes no
-- lock before it: two undos of one deletion meet on the item rows, and the one that waited finds them
-- live (PostgreSQL checks the WHERE again on the row it waited for) and restores nothing; its reason
-- query then sees them live and answers 'repeat'. When nothing of the deletion is left in items
-- (moved after its window, undone, or no such deletion), its tombstones in history tell which.
-- When a collection of the deletion declares references, the items its tombstones name must be there
-- to be restored with ('reference_deleted', see undo_dangling_references), and the restored items
-- take their item_references rows back.
-- $1 tenant, $2 deletion id, $3 the deletion's item ids, $4 now, $5 actor, $6 the deletion's collections
CREATE OR REPLACE FUNCTION undo_deletion(p_tenant text, p_deletion_id uuid, p_items uuid[], p_now timestamptz,
                                         p_actor text, p_collections text[])
    RETURNS TABLE (outcome text, expires_at timestamptz, deleted_at timestamptz, deletion_collection text,
                   conflicts jsonb, dangling jsonb, state text, collection text, id uuid, version integer, data jsonb,
                   created_at timestamptz, updated_at timestamptz)
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
DECLARE
    settings   record;
    v_dangling jsonb;
BEGIN
    -- The deletion's collections' settings, read once: without unique fields (most collections) the
    -- undo is the lean statement, which neither joins collections nor probes unique_keys.
    SELECT coalesce(bool_or(c.unique_fields <> '{}'), false) AS has_unique_fields,
           EXISTS (SELECT 1 FROM collection_references r
                   WHERE r.tenant_id = $1 AND r.collection = ANY($6)) AS referring
    INTO settings
    FROM collections c WHERE c.tenant_id = $1 AND c.name = ANY($6);
    IF settings.referring THEN
        SELECT undo_dangling_references($1, array_agg(i.collection), array_agg(i.id), array_agg(i.data))
        INTO v_dangling
        FROM items i
        WHERE i.tenant_id = $1 AND i.id = ANY($3) AND i.deletion_id = $2 AND i.state = 'deleted'
          AND i.undo_expires_at >= $4;
        IF v_dangling IS NOT NULL THEN
            RETURN QUERY
                SELECT 'reference_deleted'::text, max(i.undo_expires_at), max(i.updated_at), min(i.collection),
                       NULL::jsonb, v_dangling, 'active'::text, NULL::text, NULL::uuid, NULL::integer, NULL::jsonb,
                       NULL::timestamptz, NULL::timestamptz
                FROM items i
                WHERE i.tenant_id = $1 AND i.id = ANY($3) AND i.deletion_id = $2 AND i.state = 'deleted';
            RETURN;
        END IF;
    END IF;
    IF NOT settings.has_unique_fields THEN
        -- The statement below without its unique values (wanted, occupied): what a step of the toast
        -- cycle costs PostgreSQL is mostly setting up each part of its statement, used or not. Like the
        -- lean delete, it writes its events itself (see undo_item_event).
        RETURN QUERY
            WITH restored AS (
                UPDATE items i
                SET version = i.version + 1, state = 'active', retired_from = i.updated_at, retired_by = i.updated_by,
                    updated_at = greatest($4, i.updated_at + interval '1 millisecond'), updated_by = $5,
                    deletion_id = NULL, undo_expires_at = NULL, deleted_by = NULL, purge_at = NULL,
                    event_xid = greatest(pg_current_xact_id(), i.event_xid), event_seq = nextval('events_seq')
                FROM (SELECT i.id, i.undo_expires_at, i.purge_at
                      FROM items i
                      WHERE i.tenant_id = $1 AND i.id = ANY($3) AND i.deletion_id = $2 AND i.state = 'deleted'
                        AND i.undo_expires_at >= $4) t
                WHERE i.tenant_id = $1 AND i.id = t.id AND i.deletion_id = $2 AND i.state = 'deleted'
                RETURNING i.tenant_id, i.collection, i.id, i.version, i.data, i.created_at, i.created_by,
                          i.updated_at, i.retired_from, i.retired_by, t.undo_expires_at AS closed_expiry,
                          t.purge_at AS closed_purge_at, i.event_xid, i.event_seq
            ),
            evented AS (
                INSERT INTO events (tenant_id, event_xid, seq, occurred_at, id, aggregatetype, aggregateid, type,
                                    version, state, actor, payload)
                SELECT tenant_id, event_xid, event_seq, updated_at, gen_random_uuid(), collection, id::text,
                       'dev.undo.item.restored', version, 'active', $5, data
                FROM restored
            ),
            retired AS (
                INSERT INTO item_history (tenant_id, collection, id, version, state, data, created_at, created_by,
                                          updated_by, valid_from, valid_to, deletion_id, undo_expires_at, deleted_by,
                                          purge_at)
                SELECT tenant_id, collection, id, version - 1, 'deleted', data, created_at, created_by,
                       retired_by, retired_from, updated_at, $2, closed_expiry, retired_by, closed_purge_at
                FROM restored
            )
            SELECT 'restored'::text, r.closed_expiry, r.retired_from, r.collection, NULL::jsonb, NULL::jsonb,
                   'active'::text, r.collection, r.id, r.version, r.data, r.created_at, r.updated_at
            FROM restored r;
    ELSE
        RETURN QUERY
            WITH tomb AS (
                SELECT i.id, i.collection, i.data, i.undo_expires_at, i.purge_at
                FROM items i
                WHERE i.tenant_id = $1 AND i.id = ANY($3) AND i.deletion_id = $2 AND i.state = 'deleted'
                  AND i.undo_expires_at >= $4
            ),
            wanted AS (
                SELECT t.id, t.collection, f.field, t.data -> f.field AS value
                FROM tomb t
                JOIN collections c ON c.tenant_id = $1 AND c.name = t.collection AND c.unique_fields <> '{}'
                CROSS JOIN LATERAL unnest(c.unique_fields) AS f(field)
                WHERE jsonb_typeof(t.data -> f.field) <> 'null'
            ),
            restored AS (
                UPDATE items i
                SET version = i.version + 1, state = 'active', retired_from = i.updated_at, retired_by = i.updated_by,
                    updated_at = greatest($4, i.updated_at + interval '1 millisecond'), updated_by = $5,
                    deletion_id = NULL, undo_expires_at = NULL, deleted_by = NULL, purge_at = NULL
                FROM tomb t
                WHERE i.tenant_id = $1 AND i.id = t.id AND i.deletion_id = $2 AND i.state = 'deleted'
                  AND NOT EXISTS (SELECT 1 FROM wanted w
                                  JOIN unique_keys u ON u.tenant_id = $1 AND u.collection = w.collection
                                                    AND u.field = w.field AND u.value_digest = undo_digest(w.value))
                RETURNING i.tenant_id, i.collection, i.id, i.version, i.data, i.created_at, i.created_by, i.updated_at,
                          i.retired_from, i.retired_by, t.undo_expires_at AS closed_expiry, t.purge_at AS closed_purge_at
            ),
            retired AS (
                INSERT INTO item_history (tenant_id, collection, id, version, state, data, created_at, created_by,
                                          updated_by, valid_from, valid_to, deletion_id, undo_expires_at, deleted_by, purge_at)
                SELECT tenant_id, collection, id, version - 1, 'deleted', data, created_at, created_by,
                       retired_by, retired_from, updated_at, $2, closed_expiry, retired_by, closed_purge_at
                FROM restored
            ),
            occupied AS (
                INSERT INTO unique_keys (tenant_id, collection, field, value_digest, value, item_id)
                SELECT $1, w.collection, w.field, undo_digest(w.value), w.value, w.id
                FROM wanted w WHERE EXISTS (SELECT 1 FROM restored)
            )
            SELECT 'restored'::text, r.closed_expiry, r.retired_from, r.collection, NULL::jsonb, NULL::jsonb,
                   'active'::text, r.collection, r.id, r.version, r.data, r.created_at, r.updated_at
            FROM restored r;
    END IF;
    IF FOUND THEN
        IF settings.referring THEN
            PERFORM undo_link_references($1, $3);
        END IF;
        RETURN;
    END IF;
    RETURN QUERY
        WITH tomb AS (
            SELECT i.id, i.collection, i.data, i.updated_at, i.undo_expires_at
            FROM items i
            WHERE i.tenant_id = $1 AND i.id = ANY($3) AND i.deletion_id = $2 AND i.state = 'deleted'
        ),
        taken AS (
            SELECT f.field, t.data -> f.field AS value
            FROM tomb t
            JOIN collections c ON c.tenant_id = $1 AND c.name = t.collection
            CROSS JOIN LATERAL unnest(c.unique_fields) AS f(field)
            JOIN unique_keys u ON u.tenant_id = $1 AND u.collection = t.collection AND u.field = f.field
                              AND u.value_digest = undo_digest(t.data -> f.field)
            WHERE jsonb_typeof(t.data -> f.field) <> 'null'
        ),
        history AS (
            -- Read only when the deletion has no tombstone left in items; a function, so that the query
            -- does not set up a scan of every history partition when it is not (see V3).
            SELECT * FROM undo_deletion_history($1, $2, $3, $4) WHERE NOT EXISTS (SELECT 1 FROM tomb)
        ),
        span AS (
            SELECT max(undo_expires_at) AS expires_at, max(updated_at) AS deleted_at, min(collection) AS collection
            FROM tomb HAVING count(*) > 0
            UNION ALL
            SELECT max(undo_expires_at), max(valid_from), min(collection) FROM history
            LIMIT 1
        ),
        live AS (
            SELECT i.collection, i.id, i.version, i.data, i.created_at, i.updated_at
            FROM items i
            WHERE i.tenant_id = $1 AND i.id = ANY($3) AND i.state = 'active'
        ),
        outcome AS (
            SELECT CASE
                WHEN EXISTS (SELECT 1 FROM tomb) THEN
                     CASE WHEN (SELECT expires_at FROM span) < $4 THEN 'expired'
                          WHEN EXISTS (SELECT 1 FROM taken) THEN 'conflict'
                          ELSE 'race' END
                WHEN NOT EXISTS (SELECT 1 FROM history) THEN 'not_found'
                WHEN (SELECT expires_at FROM span) < $4 THEN 'expired'
                WHEN (SELECT count(*) FROM live) = (SELECT count(*) FROM history) THEN 'repeat'
                ELSE 'superseded' END AS outcome
        )
        SELECT o.outcome, s.expires_at, s.deleted_at, s.collection,
               (SELECT jsonb_agg(jsonb_build_object('field', field, 'value', value) ORDER BY field) FROM taken),
               NULL::jsonb, 'active'::text, v.collection, v.id, v.version, v.data, v.created_at, v.updated_at
        FROM outcome o
        LEFT JOIN span s ON true
        LEFT JOIN live v ON o.outcome = 'repeat'
        ORDER BY v.id;
END $fn$;

-- A batch delete: the named items of a collection in one deletion, all or nothing. Every id must be an
-- item of the collection (an unknown one deletes nothing: 'missing'); those deleted before keep their
-- own deletion and are listed as already deleted; the active ones, and the items they cascade to
-- (undo_cascade, when references are declared: 'restricted' or 'too_many' delete nothing), are
-- tombstoned in their rows as a DELETE of one item does (undo_tombstone), under one deletion with one
-- window from p_now. An Idempotency-Key seen before answers the deletion it made ('replay'), or
-- 'key_reused' when it came with another collection or other ids; two batches racing with one key
-- meet on the key's unique index, and the one that lost runs again and replays.
CREATE OR REPLACE FUNCTION undo_delete_batch(p_tenant text, p_collection text, p_ids uuid[], p_now timestamptz,
                                             p_deletion_id uuid, p_actor text, p_key text, p_max integer)
    RETURNS TABLE (outcome text, deletion_id uuid, item_ids uuid[], item_collections text[], already_deleted uuid[],
                   deleted_at timestamptz, undo_expires_at timestamptz, deleted_by text, missing uuid[],
                   blocked jsonb)
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
DECLARE
    v_window  bigint;
    v_digest  bytea;
    v_missing uuid[];
    v_ids     uuid[] := p_ids;
    reached   record;
BEGIN
    SELECT c.undo_window_ms INTO v_window FROM collections c WHERE c.tenant_id = p_tenant AND c.name = p_collection;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'not_found'::text, NULL::uuid, NULL::uuid[], NULL::text[], NULL::uuid[],
                            NULL::timestamptz, NULL::timestamptz, NULL::text, NULL::uuid[], NULL::jsonb;
        RETURN;
    END IF;
    v_digest := sha256(convert_to(p_collection || ':' || coalesce(
        (SELECT string_agg(a.id::text, ',' ORDER BY a.id) FROM (SELECT DISTINCT unnest(p_ids) AS id) a), ''), 'UTF8'));
    IF p_key IS NOT NULL THEN
        RETURN QUERY
            SELECT CASE WHEN d.request_digest = v_digest THEN 'replay' ELSE 'key_reused' END, d.id, d.item_ids,
                   coalesce(d.item_collections, array_fill(d.collection, ARRAY[cardinality(d.item_ids)])),
                   d.already_deleted, d.deleted_at, d.undo_expires_at, d.deleted_by, NULL::uuid[], NULL::jsonb
            FROM deletions d
            WHERE d.tenant_id = p_tenant AND d.idempotency_key = p_key;
        IF FOUND THEN
            RETURN;
        END IF;
    END IF;
    -- Not in items: an item whose tombstone moved to history after its window is deleted, not missing.
    v_missing := ARRAY(
        SELECT a.id FROM (SELECT DISTINCT unnest(p_ids) AS id) a
        WHERE NOT EXISTS (SELECT 1 FROM items i
                          WHERE i.tenant_id = p_tenant AND i.id = a.id AND i.collection = p_collection
                            AND (i.state = 'active' OR i.purge_at > p_now))
          AND NOT EXISTS (SELECT 1 FROM undo_open_tombstone(p_tenant, p_collection, a.id, p_now))
        ORDER BY a.id);
    IF cardinality(v_missing) > 0 THEN
        RETURN QUERY SELECT 'missing'::text, NULL::uuid, NULL::uuid[], NULL::text[], NULL::uuid[],
                            NULL::timestamptz, NULL::timestamptz, NULL::text, v_missing, NULL::jsonb;
        RETURN;
    END IF;
    IF undo_has_references(p_tenant, ARRAY[p_collection]) THEN
        SELECT * INTO reached FROM undo_cascade(p_tenant, p_collection, p_ids, p_max);
        IF reached.outcome <> 'ok' THEN
            RETURN QUERY SELECT reached.outcome, NULL::uuid, NULL::uuid[], NULL::text[], NULL::uuid[],
                                NULL::timestamptz, NULL::timestamptz, NULL::text, NULL::uuid[], reached.blocked;
            RETURN;
        END IF;
        v_ids := reached.ids;
    ELSIF cardinality(p_ids) > p_max THEN
        RETURN QUERY SELECT 'too_many'::text, NULL::uuid, NULL::uuid[], NULL::text[], NULL::uuid[],
                            NULL::timestamptz, NULL::timestamptz, NULL::text, NULL::uuid[], NULL::jsonb;
        RETURN;
    END IF;
    -- Concurrent deletes of the same items wait on their rows and skip those they find deleted, so
    -- what was already deleted is what was asked and this deletion did not tombstone.
    RETURN QUERY
        WITH tombstoned AS (
            SELECT * FROM undo_tombstone(p_tenant, p_collection, v_ids, p_now, p_deletion_id, p_actor)
        ),
        recorded AS (
            INSERT INTO deletions (tenant_id, id, collection, item_ids, item_collections, deleted_at, undo_expires_at,
                                   deleted_by, idempotency_key, request_digest, already_deleted)
            SELECT p_tenant, p_deletion_id, p_collection,
                   coalesce((SELECT array_agg(t.id ORDER BY t.id) FROM tombstoned t), '{}'),
                   coalesce((SELECT array_agg(t.collection ORDER BY t.id) FROM tombstoned t), '{}'),
                   coalesce((SELECT max(t.updated_at) FROM tombstoned t), p_now), undo_window_end(p_now, v_window),
                   p_actor, p_key, CASE WHEN p_key IS NOT NULL THEN v_digest END,
                   ARRAY(SELECT a.id FROM (SELECT DISTINCT unnest(p_ids) AS id) a
                         WHERE NOT EXISTS (SELECT 1 FROM tombstoned t WHERE t.id = a.id) ORDER BY a.id)
            RETURNING id, item_ids, item_collections, already_deleted, deleted_at, undo_expires_at, deleted_by
        )
        SELECT 'deleted'::text, r.id, r.item_ids, r.item_collections, r.already_deleted, r.deleted_at,
               r.undo_expires_at, r.deleted_by, NULL::uuid[], NULL::jsonb
        FROM recorded r;
END $fn$;

-- Create an item and occupy its unique values, unless one is taken ('conflict'). In a collection that
-- declares references, the ids they hold must first name active items of the collections they refer
-- to ('reference_missing', nothing written): those items are taken FOR SHARE, and looked at by a
-- later statement with a later snapshot, so that a delete of one either waits for this create (and
-- then cascades to the item, or is restricted by it) or has committed and is seen; the ids go into
-- item_references. A function for the plan: as one statement with the reference checks in it,
-- PostgreSQL kept custom plans and planned it on every call (pg_stat_statements in the benchmark:
-- 67,152 plans for 67,152 calls, 0.87 ms each, for 0.2 ms of execution), a third of the creates a
-- second it made before; here the common case is the lean statement, planned once a connection.
-- $1 tenant, $2 collection, $3 id, $4 data, $5 now, $6 actor
CREATE OR REPLACE FUNCTION undo_create_item(p_tenant text, p_collection text, p_id uuid, p_data jsonb,
                                            p_now timestamptz, p_actor text)
    RETURNS TABLE (outcome text, conflicts jsonb, dangling jsonb, state text, collection text, id uuid,
                   version integer, data jsonb, created_at timestamptz, updated_at timestamptz)
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
DECLARE
    referring boolean := EXISTS (SELECT 1 FROM collection_references r
                                 WHERE r.tenant_id = p_tenant AND r.collection = p_collection);
    v_dangling jsonb;
BEGIN
    IF referring THEN
        PERFORM 1 FROM (
            SELECT i.id FROM items i
            WHERE i.tenant_id = $1 AND i.state = 'active'
              AND i.id = ANY(ARRAY(SELECT undo_reference_id($4 -> r.field) FROM collection_references r
                                   WHERE r.tenant_id = $1 AND r.collection = $2))
            ORDER BY i.id
            FOR SHARE OF i) AS held;
        SELECT jsonb_agg(jsonb_build_object('field', r.field, 'value', $4 -> r.field) ORDER BY r.field)
        INTO v_dangling
        FROM collection_references r
        WHERE r.tenant_id = $1 AND r.collection = $2 AND jsonb_typeof($4 -> r.field) <> 'null'
          AND NOT EXISTS (SELECT 1 FROM items i
                          WHERE i.tenant_id = $1 AND i.id = undo_reference_id($4 -> r.field)
                            AND i.collection = r.target AND i.state = 'active');
        IF v_dangling IS NOT NULL THEN
            RETURN QUERY SELECT 'reference_missing'::text, NULL::jsonb, v_dangling, 'active'::text, NULL::text,
                                NULL::uuid, NULL::integer, NULL::jsonb, NULL::timestamptz, NULL::timestamptz;
            RETURN;
        END IF;
    END IF;
    RETURN QUERY
        WITH coll AS (
            SELECT unique_fields FROM collections WHERE tenant_id = $1 AND name = $2
        ),
        wanted AS (
            SELECT f.field, $4 -> f.field AS value
            FROM coll CROSS JOIN LATERAL unnest(coll.unique_fields) AS f(field)
            WHERE jsonb_typeof($4 -> f.field) <> 'null'
        ),
        taken AS (
            SELECT w.field, w.value FROM wanted w
            JOIN unique_keys u ON u.tenant_id = $1 AND u.collection = $2 AND u.field = w.field
                              AND u.value_digest = undo_digest(w.value)
        ),
        created AS (
            INSERT INTO items (tenant_id, collection, id, version, data, created_at, updated_at, created_by, updated_by)
            SELECT $1, $2, $3, 1, $4, $5, $5, $6, $6 FROM coll
            WHERE NOT EXISTS (SELECT 1 FROM taken)
            RETURNING items.collection, items.id, items.version, items.data, items.created_at, items.updated_at
        ),
        occupied AS (
            INSERT INTO unique_keys (tenant_id, collection, field, value_digest, value, item_id)
            SELECT $1, $2, w.field, undo_digest(w.value), w.value, c.id FROM wanted w CROSS JOIN created c
        )
        SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM coll) THEN 'not_found'
                    WHEN EXISTS (SELECT 1 FROM taken) THEN 'conflict'
                    ELSE 'created' END,
               (SELECT jsonb_agg(jsonb_build_object('field', t.field, 'value', t.value) ORDER BY t.field) FROM taken t),
               NULL::jsonb, 'active'::text, c.collection, c.id, c.version, c.data, c.created_at, c.updated_at
        FROM (SELECT 1) AS one LEFT JOIN created c ON true;
    IF referring THEN
        INSERT INTO item_references (tenant_id, target_id, collection, field, item_id)
        SELECT $1, undo_reference_id($4 -> r.field), $2, r.field, $3
        FROM collection_references r
        WHERE r.tenant_id = $1 AND r.collection = $2 AND undo_reference_id($4 -> r.field) IS NOT NULL
          AND EXISTS (SELECT 1 FROM items i WHERE i.tenant_id = $1 AND i.id = $3);
    END IF;
END $fn$;

-- Replace (PUT) or merge-patch (PATCH) a live item: retire the old version into history, move its
-- unique values; a tombstone (in items or in history) is 'gone'. "seen" is the row in this statement's snapshot, "cur" the same row locked; if a
-- concurrent writer committed in between they differ, nothing is written and the outcome is
-- 'race' so that the caller runs the statement again on a fresh snapshot. The new data's declared
-- references must name active items of the collections they refer to (as in undo_create_item, the items
-- named are taken FOR SHARE), else 'reference_missing'; the ids they hold replace the item's rows in
-- item_references.
-- A function for its plan: as a statement PostgreSQL kept custom plans for it and planned it on every
-- call (pg_stat_statements under PUTs: as many plans as calls, 2.0-2.7 ms each, for 0.5 ms of
-- execution); its generic plan reads items by primary key and history only through undo_open_tombstone.
-- $1 tenant, $2 collection, $3 id, $4 now, $5 If-Match versions (NULL: unconditional),
-- $6 body, $7 body is a merge patch, $8 actor
CREATE OR REPLACE FUNCTION undo_update_item(p_tenant text, p_collection text, p_id uuid, p_now timestamptz,
                                            p_versions integer[], p_body jsonb, p_merge boolean, p_actor text)
    RETURNS TABLE (outcome text, conflicts jsonb, dangling jsonb, state text, collection text, id uuid, version integer,
                   data jsonb, created_at timestamptz, updated_at timestamptz, deleted_at timestamptz,
                   deletion_id uuid, undo_expires_at timestamptz, purge_at timestamptz)
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        WITH coll AS (
            SELECT unique_fields, retention_ms FROM collections WHERE tenant_id = $1 AND name = $2
        ),
        seen AS (
            SELECT version FROM items WHERE tenant_id = $1 AND id = $3 AND collection = $2 AND state = 'active'
        ),
        cur AS (
            SELECT i.* FROM items i
            WHERE i.tenant_id = $1 AND i.id = $3 AND i.collection = $2 AND i.state = 'active'
            FOR UPDATE
        ),
        next AS (
            SELECT cur.*,
                   CASE WHEN $7 THEN undo_merge_patch(cur.data, $6) ELSE $6 END AS new_data,
                   greatest($4, cur.updated_at + interval '1 millisecond') AS at
            FROM cur JOIN seen ON seen.version = cur.version
            WHERE $5 IS NULL OR cur.version = ANY($5)
        ),
        wanted AS (
            SELECT f.field, n.new_data -> f.field AS value
            FROM next n CROSS JOIN coll CROSS JOIN LATERAL unnest(coll.unique_fields) AS f(field)
            WHERE jsonb_typeof(n.new_data -> f.field) <> 'null'
        ),
        taken AS (
            SELECT w.field, w.value FROM wanted w
            JOIN unique_keys u ON u.tenant_id = $1 AND u.collection = $2 AND u.field = w.field
                              AND u.value_digest = undo_digest(w.value) AND u.item_id <> $3
        ),
        refs AS (
            SELECT r.field, r.target, n.new_data -> r.field AS value, undo_reference_id(n.new_data -> r.field) AS target_id
            FROM next n JOIN collection_references r ON r.tenant_id = $1 AND r.collection = $2
            WHERE jsonb_typeof(n.new_data -> r.field) <> 'null'
        ),
        held_targets AS (
            SELECT i.id, i.collection FROM items i
            -- = ANY(ARRAY(...)): the primary key's index for the few ids named; a join could plan a scan of items.
            WHERE i.tenant_id = $1 AND i.state = 'active' AND i.id = ANY(ARRAY(SELECT target_id FROM refs))
            FOR SHARE OF i
        ),
        dangling AS (
            SELECT r.field, r.value FROM refs r
            WHERE NOT EXISTS (SELECT 1 FROM held_targets h WHERE h.id = r.target_id AND h.collection = r.target)
        ),
        updated AS (
            UPDATE items i
            SET version = n.version + 1, data = n.new_data, updated_at = n.at, updated_by = $8
            FROM next n
            WHERE i.tenant_id = $1 AND i.id = $3 AND NOT EXISTS (SELECT 1 FROM taken) AND NOT EXISTS (SELECT 1 FROM dangling)
            RETURNING i.collection, i.id, i.version, i.data, i.created_at, i.updated_at
        ),
        retired AS (
            INSERT INTO item_history (tenant_id, collection, id, version, state, data, created_at, created_by,
                                      updated_by, valid_from, valid_to, purge_at)
            SELECT n.tenant_id, n.collection, n.id, n.version, 'active', n.data, n.created_at, n.created_by,
                   n.updated_by, n.updated_at, n.at, n.at + coll.retention_ms * interval '1 millisecond'
            FROM next n CROSS JOIN coll
            WHERE EXISTS (SELECT 1 FROM updated)
        ),
        held AS (
            SELECT field, value_digest FROM unique_keys WHERE tenant_id = $1 AND item_id = $3
        ),
        released AS (
            DELETE FROM unique_keys u
            WHERE u.tenant_id = $1 AND u.item_id = $3 AND EXISTS (SELECT 1 FROM updated)
              AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.field = u.field AND undo_digest(w.value) = u.value_digest)
        ),
        occupied AS (
            INSERT INTO unique_keys (tenant_id, collection, field, value_digest, value, item_id)
            SELECT $1, $2, w.field, undo_digest(w.value), w.value, $3 FROM wanted w
            WHERE EXISTS (SELECT 1 FROM updated)
              AND NOT EXISTS (SELECT 1 FROM held h WHERE h.field = w.field AND h.value_digest = undo_digest(w.value))
        ),
        unlinked AS (
            DELETE FROM item_references x
            WHERE x.tenant_id = $1 AND x.item_id = $3 AND EXISTS (SELECT 1 FROM updated)
              AND NOT EXISTS (SELECT 1 FROM refs r WHERE r.field = x.field AND r.target_id = x.target_id)
        ),
        linked AS (
            INSERT INTO item_references (tenant_id, target_id, collection, field, item_id)
            SELECT $1, r.target_id, $2, r.field, $3 FROM refs r
            WHERE EXISTS (SELECT 1 FROM updated)
            ON CONFLICT DO NOTHING
        ),
        tomb AS (
            (SELECT 'deleted' AS state, i.collection, i.id, i.version, i.data, i.created_at, i.updated_at,
                    i.updated_at AS deleted_at, i.deletion_id, i.undo_expires_at, i.purge_at
             FROM items i
             WHERE i.tenant_id = $1 AND i.id = $3 AND i.collection = $2 AND i.state = 'deleted' AND i.purge_at > $4)
            UNION ALL
            -- A function, so that this statement does not plan a scan of every partition (see V3).
            (SELECT 'deleted', h.collection, h.id, h.version, h.data, h.created_at, h.valid_from,
                    h.valid_from, h.deletion_id, h.undo_expires_at, h.purge_at
             FROM undo_open_tombstone($1, $2, $3, $4) h)
            LIMIT 1
        ),
        shown AS (
            SELECT 'active' AS state, u.collection, u.id, u.version, u.data, u.created_at, u.updated_at,
                   NULL::timestamptz AS deleted_at, NULL::uuid AS deletion_id,
                   NULL::timestamptz AS undo_expires_at, NULL::timestamptz AS purge_at
            FROM updated u
            UNION ALL
            SELECT * FROM tomb WHERE NOT EXISTS (SELECT 1 FROM seen)
        )
        SELECT CASE WHEN EXISTS (SELECT 1 FROM updated) THEN 'updated'
                    WHEN EXISTS (SELECT 1 FROM dangling) THEN 'reference_missing'
                    WHEN EXISTS (SELECT 1 FROM taken) THEN 'conflict'
                    WHEN EXISTS (SELECT 1 FROM cur) AND NOT EXISTS (SELECT 1 FROM cur JOIN seen USING (version)) THEN 'race'
                    WHEN EXISTS (SELECT 1 FROM cur) THEN 'precondition_failed'
                    WHEN EXISTS (SELECT 1 FROM seen) THEN 'race'
                    WHEN EXISTS (SELECT 1 FROM tomb) THEN 'gone'
                    ELSE 'not_found' END AS outcome,
               (SELECT jsonb_agg(jsonb_build_object('field', t.field, 'value', t.value) ORDER BY t.field) FROM taken t),
               (SELECT jsonb_agg(jsonb_build_object('field', d.field, 'value', d.value) ORDER BY d.field) FROM dangling d),
               s.state, s.collection, s.id, s.version, s.data, s.created_at, s.updated_at, s.deleted_at, s.deletion_id,
               s.undo_expires_at, s.purge_at
        FROM (SELECT 1) AS one
        LEFT JOIN shown s ON true;
END $fn$;
