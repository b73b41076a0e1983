-- Create an item and occupy its unique values, unless one is taken; record the ids its declared
-- references hold, unless one names no active item of the collection it refers to ('reference_missing').
-- The items it names are taken FOR SHARE, so that a delete of one waits for this statement (and then
-- cascades to the item, or is restricted by it) or has committed before and is seen here.
-- $1 tenant, $2 collection, $3 id, $4 data, $5 now, $6 actor
WITH coll AS (
    SELECT unique_fields FROM collections WHERE tenant_id = $1::text AND name = $2::text
),
wanted AS (
    SELECT f.field, $4::jsonb -> f.field AS value
    FROM coll CROSS JOIN LATERAL unnest(coll.unique_fields) AS f(field)
    WHERE jsonb_typeof($4::jsonb -> f.field) <> 'null'
),
taken AS (
    SELECT w.field, w.value FROM wanted w
    JOIN unique_keys u ON u.tenant_id = $1 AND u.collection = $2 AND u.field = w.field
                      AND u.value_digest = undo_digest(w.value)
),
refs AS (
    SELECT r.field, r.target, $4::jsonb -> r.field AS value, undo_reference_id($4::jsonb -> r.field) AS target_id
    FROM collection_references r
    WHERE r.tenant_id = $1 AND r.collection = $2 AND jsonb_typeof($4::jsonb -> r.field) <> 'null'
),
held AS (
    SELECT i.id, i.collection FROM items i
    WHERE i.tenant_id = $1 AND i.state = 'active' AND i.id IN (SELECT target_id FROM refs)
    FOR SHARE OF i
),
dangling AS (
    SELECT r.field, r.value FROM refs r
    WHERE NOT EXISTS (SELECT 1 FROM held h WHERE h.id = r.target_id AND h.collection = r.target)
),
created AS (
    INSERT INTO items (tenant_id, collection, id, version, data, created_at, updated_at, created_by, updated_by)
    SELECT $1, $2, $3::uuid, 1, $4::jsonb, $5::timestamptz, $5::timestamptz, $6::text, $6::text FROM coll
    WHERE NOT EXISTS (SELECT 1 FROM taken) AND NOT EXISTS (SELECT 1 FROM dangling)
    RETURNING collection, id, version, data, created_at, updated_at
),
occupied AS (
    INSERT INTO unique_keys (tenant_id, collection, field, value_digest, value, item_id)
    SELECT $1, $2, w.field, undo_digest(w.value), w.value, c.id FROM wanted w CROSS JOIN created c
),
linked AS (
    INSERT INTO item_references (tenant_id, target_id, collection, field, item_id)
    SELECT $1, r.target_id, $2, r.field, c.id FROM refs r CROSS JOIN created c
)
SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM coll) THEN 'not_found'
            WHEN EXISTS (SELECT 1 FROM taken) THEN 'conflict'
            WHEN EXISTS (SELECT 1 FROM dangling) THEN 'reference_missing'
            ELSE 'created' END AS outcome,
       (SELECT jsonb_agg(jsonb_build_object('field', field, 'value', value) ORDER BY field) FROM taken) AS conflicts,
       (SELECT jsonb_agg(jsonb_build_object('field', field, 'value', value) ORDER BY field) FROM dangling) AS dangling,
       'active' AS state, c.collection, c.id, c.version, c.data, c.created_at, c.updated_at
FROM (SELECT 1) AS one LEFT JOIN created c ON true
