-- One page of tombstones after a key, in id order; same shape as item-list-active.sql. A tombstone
-- is in items until the background move takes it to history after its window, so a page merges
-- both. Those in items are found through the open deletions (few: a window's worth), because an
-- index on items.state would keep a delete and an undo from being HOT updates.
-- $1 tenant, $2 collection, $3 after id, $4 page size, $5 now
SELECT p.* FROM collections c
LEFT JOIN LATERAL (
    SELECT * FROM (
        (SELECT 'deleted' AS state, i.collection, i.id, i.version, i.data, i.created_at, i.updated_at,
                i.updated_at AS deleted_at, i.deletion_id, i.undo_expires_at, i.purge_at
         FROM deletions d
         CROSS JOIN LATERAL unnest(d.item_ids) AS t(item_id)
         JOIN items i ON i.tenant_id = d.tenant_id AND i.id = t.item_id AND i.deletion_id = d.id
         WHERE d.tenant_id = $1::text AND t.item_id > $3::uuid AND i.collection = $2::text
           AND i.state = 'deleted' AND i.purge_at > $5::timestamptz
         ORDER BY i.id
         LIMIT $4::integer)
        UNION ALL
        (SELECT 'deleted', collection, id, version, data, created_at, valid_from,
                valid_from, deletion_id, undo_expires_at, purge_at
         FROM item_history
         WHERE tenant_id = $1 AND collection = $2 AND id > $3
           AND valid_to IS NULL AND purge_at > $5
         ORDER BY id
         LIMIT $4)
    ) AS both_places
    ORDER BY id
    LIMIT $4
) AS p ON true
WHERE c.tenant_id = $1 AND c.name = $2
