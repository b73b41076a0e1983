-- Create or update a collection. When its unique fields change, the keys of the fields dropped
-- are released and the keys of the fields added are occupied by the live items, unless two
-- live items share a value ('conflict', nothing written). Its references replace those it declared;
-- the ids that its live items hold in a field newly declared go into item_references (the items are
-- not checked or changed), and the rows of a field no longer declared leave it.
-- $1 tenant, $2 name, $3 unique fields, $4 undo window ms, $5 retention ms, $6 now, $7 restore after window,
-- $8 references, a JSON array of {"field", "collection", "onDelete"}
WITH old AS (
    SELECT unique_fields FROM collections WHERE tenant_id = $1::text AND name = $2::text FOR UPDATE
),
declared AS (
    SELECT r.value ->> 'field' AS field, r.value ->> 'collection' AS target, r.value ->> 'onDelete' AS on_delete,
           r.position::integer
    FROM jsonb_array_elements($8::jsonb) WITH ORDINALITY AS r(value, position)
),
old_refs AS (
    SELECT field FROM collection_references WHERE tenant_id = $1 AND collection = $2
),
added AS (
    SELECT f.field FROM unnest($3::text[]) AS f(field)
    WHERE NOT EXISTS (SELECT 1 FROM old WHERE f.field = ANY(old.unique_fields))
),
wanted AS (
    SELECT a.field, i.data -> a.field AS value, i.id
    FROM added a JOIN items i ON i.tenant_id = $1 AND i.collection = $2 AND i.state = 'active'
    WHERE jsonb_typeof(i.data -> a.field) <> 'null'
),
duplicated AS (
    SELECT field, value FROM wanted GROUP BY field, value HAVING count(*) > 1
),
saved AS (
    INSERT INTO collections AS c (tenant_id, name, unique_fields, undo_window_ms, retention_ms, created_at, updated_at,
                                  restore_after_window)
    SELECT $1, $2, $3, $4::bigint, $5::bigint, $6::timestamptz, $6, $7::boolean
    WHERE NOT EXISTS (SELECT 1 FROM duplicated)
    ON CONFLICT (tenant_id, name) DO UPDATE
        SET unique_fields = excluded.unique_fields, undo_window_ms = excluded.undo_window_ms,
            retention_ms = excluded.retention_ms, updated_at = excluded.updated_at,
            restore_after_window = excluded.restore_after_window
    RETURNING c.name, c.unique_fields, c.undo_window_ms, c.retention_ms, c.restore_after_window, c.created_at,
              (xmax = 0) AS inserted
),
released AS (
    DELETE FROM unique_keys u
    WHERE u.tenant_id = $1 AND u.collection = $2 AND EXISTS (SELECT 1 FROM saved)
      AND NOT (u.field = ANY($3::text[]))
),
occupied AS (
    INSERT INTO unique_keys (tenant_id, collection, field, value_digest, value, item_id)
    SELECT $1, $2, w.field, undo_digest(w.value), w.value, w.id FROM wanted w
    WHERE EXISTS (SELECT 1 FROM saved)
),
undeclared AS (
    DELETE FROM collection_references r
    WHERE r.tenant_id = $1 AND r.collection = $2 AND EXISTS (SELECT 1 FROM saved)
      AND NOT EXISTS (SELECT 1 FROM declared d WHERE d.field = r.field)
),
redeclared AS (
    INSERT INTO collection_references (tenant_id, collection, field, target, on_delete, position)
    SELECT $1, $2, d.field, d.target, d.on_delete, d.position FROM declared d
    WHERE EXISTS (SELECT 1 FROM saved)
    ON CONFLICT (tenant_id, collection, field) DO UPDATE
        SET target = excluded.target, on_delete = excluded.on_delete, position = excluded.position
),
unlinked AS (
    DELETE FROM item_references x
    WHERE x.tenant_id = $1 AND x.collection = $2 AND EXISTS (SELECT 1 FROM saved)
      AND NOT EXISTS (SELECT 1 FROM declared d WHERE d.field = x.field)
),
linked AS (
    INSERT INTO item_references (tenant_id, target_id, collection, field, item_id)
    SELECT $1, undo_reference_id(i.data -> d.field), $2, d.field, i.id
    FROM declared d JOIN items i ON i.tenant_id = $1 AND i.collection = $2 AND i.state = 'active'
    WHERE EXISTS (SELECT 1 FROM saved) AND NOT EXISTS (SELECT 1 FROM old_refs o WHERE o.field = d.field)
      AND undo_reference_id(i.data -> d.field) IS NOT NULL
    ON CONFLICT DO NOTHING
)
SELECT CASE WHEN EXISTS (SELECT 1 FROM duplicated) THEN 'conflict'
            WHEN (SELECT inserted FROM saved) THEN 'created' ELSE 'updated' END AS outcome,
       (SELECT jsonb_agg(jsonb_build_object('field', field, 'value', value) ORDER BY field, value::text) FROM duplicated) AS conflicts,
       s.name, s.unique_fields, s.undo_window_ms, s.retention_ms, s.restore_after_window, s.created_at,
       (SELECT jsonb_agg(jsonb_build_object('field', field, 'collection', target, 'onDelete', on_delete) ORDER BY position)
        FROM declared) AS refs
FROM (SELECT 1) AS one LEFT JOIN saved s ON true
