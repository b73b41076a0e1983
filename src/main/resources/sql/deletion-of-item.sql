-- The latest deletion of an item, for an undo by item: the one whose tombstone is the item's row, else
-- the one of the item's latest tombstone in history; and whether the item is live. One row, whose
-- deletion columns are NULL when the item has no tombstone that is not purged.
-- $1 tenant, $2 collection, $3 item id, $4 now
WITH current AS (
    SELECT state, deletion_id FROM items WHERE tenant_id = $1::text AND id = $3::uuid AND collection = $2::text
),
latest AS (
    SELECT coalesce((SELECT deletion_id FROM current WHERE state = 'deleted'),
                    undo_latest_deletion($1, $2, $3, $4::timestamptz)) AS deletion_id
)
SELECT l.deletion_id, d.collection, d.item_ids, d.item_collections, d.undo_expires_at, d.deleted_by,
       EXISTS (SELECT 1 FROM current WHERE state = 'active') AS live
FROM latest l
LEFT JOIN LATERAL (
    (SELECT collection, item_ids, item_collections, undo_expires_at, deleted_by
     FROM deletions WHERE tenant_id = $1 AND id = l.deletion_id)
    UNION ALL
    (SELECT * FROM undo_history_deletion($1, l.deletion_id, $4))
    LIMIT 1
) AS d ON l.deletion_id IS NOT NULL
