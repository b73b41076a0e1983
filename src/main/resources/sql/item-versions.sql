-- Every version still kept, newest first.
-- $1 tenant, $2 collection, $3 id, $4 now
SELECT version, state, valid_from, valid_to, data FROM (
    SELECT version, 'active' AS state, updated_at AS valid_from, NULL::timestamptz AS valid_to, data
    FROM items WHERE tenant_id = $1::text AND id = $3::uuid AND collection = $2::text
    UNION ALL
    SELECT version, state, valid_from, valid_to, data
    FROM item_history
    WHERE tenant_id = $1 AND id = $3 AND collection = $2 AND purge_at > $4::timestamptz
) AS v
ORDER BY version DESC
