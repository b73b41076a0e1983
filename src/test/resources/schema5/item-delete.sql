-- Tombstone an item: move its live row into history as the retired version plus a tombstone
-- version that opens the undo window, and free its unique values. A second DELETE finds the
-- open tombstone and reports it ('repeat'). See item-update.sql for "seen", "cur" and 'race'.
-- $1 tenant, $2 collection, $3 id, $4 now, $5 If-Match versions (NULL: unconditional),
-- $6 deletion id, $7 actor
WITH coll AS (
    SELECT undo_window_ms, retention_ms FROM collections WHERE tenant_id = $1::text AND name = $2::text
),
seen AS (
    SELECT version FROM items WHERE tenant_id = $1 AND id = $3::uuid AND collection = $2
),
cur AS (
    SELECT i.* FROM items i WHERE i.tenant_id = $1 AND i.id = $3 AND i.collection = $2 FOR UPDATE
),
removed AS (
    DELETE FROM items i
    USING cur JOIN seen ON seen.version = cur.version
    WHERE i.tenant_id = cur.tenant_id AND i.id = cur.id
      AND ($5::integer[] IS NULL OR cur.version = ANY($5::integer[]))
    RETURNING i.*
),
stamped AS (
    SELECT r.*, greatest($4::timestamptz, r.updated_at + interval '1 millisecond') AS at,
           coll.undo_window_ms, coll.retention_ms
    FROM removed r CROSS JOIN coll
),
retired AS (
    INSERT INTO item_history (tenant_id, collection, id, version, state, data, created_at, created_by,
                              updated_by, valid_from, valid_to, purge_at)
    SELECT tenant_id, collection, id, version, 'active', data, created_at, created_by,
           updated_by, updated_at, at, at + retention_ms * interval '1 millisecond'
    FROM stamped
),
tombstone AS (
    INSERT INTO item_history (tenant_id, collection, id, version, state, data, created_at, created_by,
                              updated_by, valid_from, valid_to, deletion_id, undo_expires_at, deleted_by, purge_at)
    SELECT tenant_id, collection, id, version + 1, 'deleted', data, created_at, created_by,
           $7::text, at, NULL, $6::uuid, undo_window_end(at, undo_window_ms), $7::text,
           at + retention_ms * interval '1 millisecond'
    FROM stamped
    RETURNING collection, id, version, data, created_at, valid_from, deletion_id, undo_expires_at, purge_at
),
freed AS (
    DELETE FROM unique_keys u USING removed r WHERE u.tenant_id = $1 AND u.item_id = r.id
),
earlier AS (
    -- A function, so that this statement does not plan a scan of every partition (see V3).
    SELECT * FROM undo_open_tombstone($1, $2, $3, $4)
),
answer AS (
    SELECT 'deleted' AS outcome, * FROM tombstone
    UNION ALL
    -- A retried conditional DELETE carries the version it deleted, one below the tombstone's.
    SELECT CASE WHEN $5::integer[] IS NULL OR e.version = ANY($5) OR e.version - 1 = ANY($5)
                THEN 'repeat' ELSE 'precondition_failed' END, e.*
    FROM earlier e
    WHERE NOT EXISTS (SELECT 1 FROM cur)
)
SELECT coalesce(a.outcome,
                CASE WHEN EXISTS (SELECT 1 FROM cur) AND NOT EXISTS (SELECT 1 FROM cur JOIN seen USING (version)) THEN 'race'
                     WHEN EXISTS (SELECT 1 FROM cur) THEN 'precondition_failed'
                     WHEN EXISTS (SELECT 1 FROM seen) THEN 'race'
                     ELSE 'not_found' END) AS outcome,
       'deleted' AS state, a.collection, a.id, a.version, a.data, a.created_at,
       a.valid_from AS updated_at, a.valid_from AS deleted_at, a.deletion_id, a.undo_expires_at, a.purge_at
FROM (SELECT 1) AS one LEFT JOIN answer a ON true
