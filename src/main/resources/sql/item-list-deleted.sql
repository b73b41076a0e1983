-- One page of open tombstones after a key; same shape as item-list-active.sql.
-- $1 tenant, $2 collection, $3 after id, $4 page size, $5 now
SELECT i.* FROM collections c
LEFT JOIN LATERAL (
    SELECT 'deleted' AS state, collection, id, version, data, created_at, valid_from AS updated_at,
           valid_from AS deleted_at, deletion_id, undo_expires_at, purge_at
    FROM item_history
    WHERE tenant_id = $1::text AND collection = $2::text AND id > $3::uuid
      AND valid_to IS NULL AND purge_at > $5::timestamptz
    ORDER BY id
    LIMIT $4::integer
) AS i ON true
WHERE c.tenant_id = $1 AND c.name = $2
