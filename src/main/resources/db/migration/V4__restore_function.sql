-- The undo of a deletion (item-restore.sql before this version), in a function whose plan
-- PostgreSQL makes once a connection.
--
-- The statement reads item_history in three places, each bounded by the undo ticket's purge_at
-- ($4, $5) so that only the partitions holding the tombstones are touched. PostgreSQL kept a
-- custom plan for it: a generic plan's estimated cost counts every partition, since the planner
-- does not count the runtime pruning that a generic plan does at executor start-up. So each undo
-- was planned afresh, and the planning cost more than the undo itself: in psql, on a database
-- with 14 partitions, about 1.1 ms of planning and 0.35 ms of execution. Forced to a generic plan,
-- planning is 0.02 ms and execution as before (the same partitions are pruned, at start-up).
-- plan_cache_mode is set on the function rather than on the service's connections, so that it holds
-- behind a connection pooler too and no other statement inherits it.
--
-- The statement: close a deletion's tombstones and put their items back, all or nothing, unless the
-- window has closed or a unique value was taken meanwhile. The deletion is named by its id, or
-- (undo by item) it is the latest deletion of an item; without a ticket $4..$5 span everything.
-- $1 tenant, $2 deletion id (NULL: latest deletion of item $6), $3 now, $4 purge_at low,
-- $5 purge_at high, $6 item id (by item only), $7 collection (by item only), $8 actor
-- The query names table columns that are also the names of the result's columns, hence
-- variable_conflict; it refers to the arguments by position, as the statement did.
CREATE FUNCTION undo_restore(p_tenant text, p_deletion_id uuid, p_now timestamptz, p_purge_from timestamptz,
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
