-- Every version still kept, newest first: the row in items is the current one (live or tombstone).
-- $1 tenant, $2 collection, $3 id, $4 now
SELECT version, state, valid_from, valid_to, data FROM (
    SELECT version, state, updated_at AS valid_from, NULL::timestamptz AS valid_to, data
    FROM items
    WHERE tenant_id = $1::text AND id = $3::uuid AND collection = $2::text
      AND (state = 'active' OR purge_at > $4::timestamptz)
    UNION ALL
    SELECT version, state, valid_from, valid_to, data
    FROM item_history
    WHERE tenant_id = $1 AND id = $3 AND collection = $2 AND purge_at > $4
) AS v
ORDER BY version DESC
