-- One page of every item of a collection, live and deleted, in id order after a key (the nil UUID for
-- the first page): the rows of items (live items and tombstones whose window is open, until the
-- background move) merged with the tombstones in history. Same shape as item-list-trash.sql.
-- $1 tenant, $2 collection, $3 after id, $4 page size, $5 now
SELECT p.*, c.restore_after_window FROM collections c
LEFT JOIN LATERAL (
    SELECT * FROM (
        (SELECT i.state, i.collection, i.id, i.version, i.data, i.created_at, i.updated_at,
                i.updated_at AS deleted_at, i.deletion_id, i.undo_expires_at, i.purge_at
         FROM items i
         WHERE i.tenant_id = $1::text AND i.collection = $2::text AND i.id > $3::uuid
           AND (i.state = 'active' OR i.purge_at > $5::timestamptz)
         ORDER BY i.id
         LIMIT $4::integer)
        UNION ALL
        (SELECT 'deleted', collection, id, version, data, created_at, valid_from,
                valid_from, deletion_id, undo_expires_at, purge_at
         FROM item_history
         WHERE tenant_id = $1 AND collection = $2 AND id > $3 AND valid_to IS NULL AND purge_at > $5
         ORDER BY id
         LIMIT $4)
    ) AS both_places
    ORDER BY id
    LIMIT $4
) AS p ON true
WHERE c.tenant_id = $1 AND c.name = $2
