-- Restore a deletion from the trash: each item it tombstoned becomes live again, all or nothing, until
-- its tombstones are purged. Its tombstones are in items while the window is open and until the
-- background move, in history after it (never some in each: the move takes a deletion whole). In
-- items a restore is what an undo does (the row becomes live, the tombstone version goes to history);
-- in history the tombstone row is ended where it is (valid_to set, so it is purged with its
-- partition as any old version) and the item's row is made again, one version up. Nothing is
-- restored when a unique value was taken meanwhile ('conflict'), or when the window has closed and a
-- collection of the deletion keeps deleted items in its trash only for reading ('not_allowed'), or
-- when a reference of an item names an item it cannot be restored with ('reference_deleted', see
-- undo_dangling_references); the restored items take their item_references rows back.
-- $1 tenant, $2 deletion id, $3 the deletion's item ids, $4 now, $5 actor
WITH in_items AS (
    SELECT i.id, i.collection, i.data, i.updated_at AS deleted_at, i.undo_expires_at, i.purge_at
    FROM items i
    WHERE i.tenant_id = $1::text AND i.id = ANY($3::uuid[]) AND i.deletion_id = $2::uuid AND i.state = 'deleted'
      AND i.purge_at > $4::timestamptz
),
in_history AS (
    -- Read only when the deletion has no tombstone in items: a function, so that the statement does
    -- not set up a scan of every history partition otherwise.
    SELECT * FROM undo_deletion_open_tombstones($1, $2, $3, $4) WHERE NOT EXISTS (SELECT 1 FROM in_items)
),
tomb AS (
    SELECT id, collection, data, deleted_at, undo_expires_at FROM in_items
    UNION ALL
    SELECT id, collection, data, valid_from, undo_expires_at FROM in_history
),
refused AS (
    SELECT 1 FROM tomb t JOIN collections c ON c.tenant_id = $1 AND c.name = t.collection
    WHERE t.undo_expires_at < $4 AND NOT c.restore_after_window
),
wanted AS (
    SELECT t.id, t.collection, f.field, t.data -> f.field AS value
    FROM tomb t
    JOIN collections c ON c.tenant_id = $1 AND c.name = t.collection AND c.unique_fields <> '{}'
    CROSS JOIN LATERAL unnest(c.unique_fields) AS f(field)
    WHERE jsonb_typeof(t.data -> f.field) <> 'null'
),
taken AS (
    SELECT w.field, w.value FROM wanted w
    JOIN unique_keys u ON u.tenant_id = $1 AND u.collection = w.collection AND u.field = w.field
                      AND u.value_digest = undo_digest(w.value)
),
dangling AS (
    SELECT undo_dangling_references($1, array_agg(collection), array_agg(id), array_agg(data)) AS refs
    FROM tomb
    WHERE EXISTS (SELECT 1 FROM collection_references r
                  WHERE r.tenant_id = $1 AND r.collection IN (SELECT collection FROM tomb))
),
go AS (
    SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM refused) AND NOT EXISTS (SELECT 1 FROM taken)
               AND NOT EXISTS (SELECT 1 FROM dangling WHERE refs IS NOT NULL)
),
restored_in_items AS (
    UPDATE items i
    SET version = i.version + 1, state = 'active', retired_from = i.updated_at, retired_by = i.updated_by,
        updated_at = greatest($4, i.updated_at + interval '1 millisecond'), updated_by = $5::text,
        deletion_id = NULL, undo_expires_at = NULL, deleted_by = NULL, purge_at = NULL
    FROM in_items t, go
    WHERE i.tenant_id = $1 AND i.id = t.id AND i.deletion_id = $2 AND i.state = 'deleted'
    RETURNING i.tenant_id, i.collection, i.id, i.version, i.data, i.created_at, i.created_by, i.updated_at,
              i.retired_from, i.retired_by, t.undo_expires_at AS closed_expiry, t.purge_at AS closed_purge_at
),
retired AS (
    INSERT INTO item_history (tenant_id, collection, id, version, state, data, created_at, created_by,
                              updated_by, valid_from, valid_to, deletion_id, undo_expires_at, deleted_by, purge_at)
    SELECT tenant_id, collection, id, version - 1, 'deleted', data, created_at, created_by,
           retired_by, retired_from, updated_at, $2, closed_expiry, retired_by, closed_purge_at
    FROM restored_in_items
),
ended AS (
    UPDATE item_history h
    SET valid_to = greatest($4, t.valid_from + interval '1 millisecond')
    FROM in_history t, go
    WHERE h.tenant_id = $1 AND h.id = t.id AND h.version = t.version AND h.purge_at = t.purge_at
      AND h.deletion_id = $2 AND h.valid_to IS NULL
    RETURNING h.collection, h.id, h.version, h.data, h.created_at, h.created_by, h.updated_by, h.valid_from, h.valid_to
),
remade AS (
    INSERT INTO items (tenant_id, collection, id, version, data, created_at, updated_at, created_by, updated_by,
                       state, retired_from, retired_by)
    SELECT $1, collection, id, version + 1, data, created_at, valid_to, created_by, $5, 'active', valid_from, updated_by
    FROM ended
    RETURNING collection, id, version, data, created_at, updated_at
),
occupied AS (
    INSERT INTO unique_keys (tenant_id, collection, field, value_digest, value, item_id)
    SELECT $1, w.collection, w.field, undo_digest(w.value), w.value, w.id
    FROM wanted w WHERE EXISTS (SELECT 1 FROM go) AND EXISTS (SELECT 1 FROM tomb)
),
done AS (
    SELECT collection, id, version, data, created_at, updated_at FROM restored_in_items
    UNION ALL
    SELECT collection, id, version, data, created_at, updated_at FROM remade
),
linked AS (
    INSERT INTO item_references (tenant_id, target_id, collection, field, item_id)
    SELECT $1, undo_reference_id(d.data -> cr.field), d.collection, cr.field, d.id
    FROM done d JOIN collection_references cr ON cr.tenant_id = $1 AND cr.collection = d.collection
    WHERE undo_reference_id(d.data -> cr.field) IS NOT NULL
    ON CONFLICT DO NOTHING
),
ends AS (
    -- For a deletion with nothing left to restore: its tombstones in history, ended or not.
    SELECT * FROM undo_deletion_tombstones($1, $2, $4) WHERE NOT EXISTS (SELECT 1 FROM tomb)
),
live AS (
    SELECT i.collection, i.id, i.version, i.data, i.created_at, i.updated_at
    FROM items i
    WHERE i.tenant_id = $1 AND i.id = ANY($3) AND i.state = 'active' AND NOT EXISTS (SELECT 1 FROM tomb)
),
outcome AS (
    SELECT CASE
        WHEN EXISTS (SELECT 1 FROM done) THEN 'restored'
        WHEN EXISTS (SELECT 1 FROM refused) THEN 'not_allowed'
        WHEN EXISTS (SELECT 1 FROM taken) THEN 'conflict'
        WHEN EXISTS (SELECT 1 FROM dangling WHERE refs IS NOT NULL) THEN 'reference_deleted'
        WHEN EXISTS (SELECT 1 FROM tomb) THEN 'race'
        WHEN NOT EXISTS (SELECT 1 FROM ends) THEN 'not_found'
        WHEN (SELECT count(*) FROM live) = cardinality($3) THEN 'repeat'
        ELSE 'superseded' END AS outcome
)
SELECT o.outcome,
       (SELECT jsonb_agg(jsonb_build_object('field', field, 'value', value) ORDER BY field) FROM taken) AS conflicts,
       (SELECT refs FROM dangling) AS dangling,
       coalesce((SELECT max(deleted_at) FROM tomb), (SELECT max(valid_from) FROM ends)) AS deleted_at,
       'active'::text AS state, v.collection, v.id, v.version, v.data, v.created_at, v.updated_at
FROM outcome o
LEFT JOIN LATERAL (
    SELECT * FROM done WHERE o.outcome = 'restored'
    UNION ALL
    SELECT * FROM live WHERE o.outcome = 'repeat'
) AS v ON true
ORDER BY v.id
