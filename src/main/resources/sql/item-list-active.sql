-- One page of live items after a key (the nil UUID for the first page). A row with a NULL id
-- means the collection exists but has nothing more; no row means no such collection.
-- $1 tenant, $2 collection, $3 after id, $4 page size
SELECT i.* FROM collections c
LEFT JOIN LATERAL (
    SELECT 'active' AS state, collection, id, version, data, created_at, updated_at
    FROM items
    WHERE tenant_id = $1::text AND collection = $2::text AND id > $3::uuid
    ORDER BY id
    LIMIT $4::integer
) AS i ON true
WHERE c.tenant_id = $1 AND c.name = $2
