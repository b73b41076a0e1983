-- The version of an item that was current at an instant; versions past retention count as gone.
-- $1 tenant, $2 collection, $3 id, $4 instant, $5 now
SELECT * FROM (
    SELECT state, collection, id, version, data, created_at, updated_at,
           CASE WHEN state = 'deleted' THEN updated_at END AS deleted_at, deletion_id,
           undo_expires_at, purge_at
    FROM items
    WHERE tenant_id = $1::text AND id = $3::uuid AND collection = $2::text AND updated_at <= $4::timestamptz
      AND (state = 'active' OR purge_at > $5::timestamptz)
    UNION ALL
    SELECT state, collection, id, version, data, created_at, valid_from,
           CASE WHEN state = 'deleted' THEN valid_from END, deletion_id, undo_expires_at, purge_at
    FROM item_history
    WHERE tenant_id = $1 AND id = $3 AND collection = $2
      AND valid_from <= $4 AND (valid_to IS NULL OR valid_to > $4) AND purge_at > $5
) AS v
ORDER BY version DESC
LIMIT 1
