-- One page of the trash, newest deletion first: tombstones by the instant they were made, newest first,
-- then by id, after a key ($3, $4: the last tombstone's instant and id; 'infinity' for the first
-- page). A tombstone is in items until the background move takes it to history after its window, so
-- a page merges both. Those in items are found through the open deletions (few: a window's worth),
-- because an index on items.state would keep a delete and an undo from being HOT updates; those in
-- history through item_history_open_by_time. A row with a NULL id means the collection exists but its
-- trash has nothing more; no row means no such collection.
-- $1 tenant, $2 collection, $3 after instant, $4 after id, $5 page size, $6 now
SELECT p.*, c.restore_after_window FROM collections c
LEFT JOIN LATERAL (
    SELECT * FROM (
        (SELECT 'deleted' AS state, i.collection, i.id, i.version, i.data, i.created_at, i.updated_at,
                i.updated_at AS deleted_at, i.deletion_id, i.undo_expires_at, i.purge_at
         FROM deletions d
         CROSS JOIN LATERAL unnest(d.item_ids) AS t(item_id)
         JOIN items i ON i.tenant_id = d.tenant_id AND i.id = t.item_id AND i.deletion_id = d.id
         WHERE d.tenant_id = $1::text AND i.collection = $2::text AND i.state = 'deleted' AND i.purge_at > $6::timestamptz
           AND (i.updated_at < $3::timestamptz OR (i.updated_at = $3 AND i.id > $4::uuid))
         ORDER BY i.updated_at DESC, i.id
         LIMIT $5::integer)
        UNION ALL
        (SELECT 'deleted', collection, id, version, data, created_at, valid_from,
                valid_from, deletion_id, undo_expires_at, purge_at
         FROM item_history
         WHERE tenant_id = $1 AND collection = $2 AND valid_to IS NULL AND purge_at > $6
           AND (valid_from < $3 OR (valid_from = $3 AND id > $4))
         ORDER BY valid_from DESC, id
         LIMIT $5)
    ) AS both_places
    ORDER BY deleted_at DESC, id
    LIMIT $5
) AS p ON true
WHERE c.tenant_id = $1 AND c.name = $2
