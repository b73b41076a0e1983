-- Create an item and occupy its unique values, unless one is taken.
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
created AS (
    INSERT INTO items (tenant_id, collection, id, version, data, created_at, updated_at, created_by, updated_by)
    SELECT $1, $2, $3::uuid, 1, $4::jsonb, $5::timestamptz, $5::timestamptz, $6::text, $6::text FROM coll
    WHERE NOT EXISTS (SELECT 1 FROM taken)
    RETURNING collection, id, version, data, created_at, updated_at
),
occupied AS (
    INSERT INTO unique_keys (tenant_id, collection, field, value_digest, value, item_id)
    SELECT $1, $2, w.field, undo_digest(w.value), w.value, c.id FROM wanted w CROSS JOIN created c
)
SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM coll) THEN 'not_found'
            WHEN EXISTS (SELECT 1 FROM taken) THEN 'conflict'
            ELSE 'created' END AS outcome,
       (SELECT jsonb_agg(jsonb_build_object('field', field, 'value', value) ORDER BY field) FROM taken) AS conflicts,
       'active' AS state, c.collection, c.id, c.version, c.data, c.created_at, c.updated_at
FROM (SELECT 1) AS one LEFT JOIN created c ON true
