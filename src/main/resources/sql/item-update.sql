-- Replace (PUT) or merge-patch (PATCH) a live item: retire the old version into history, move its
-- unique values; a tombstone (in items or in history) is 'gone'. "seen" is the row in this statement's snapshot, "cur" the same row locked; if a
-- concurrent writer committed in between they differ, nothing is written and the outcome is
-- 'race' so that the caller runs the statement again on a fresh snapshot. The new data's declared
-- references must name active items of the collections they refer to (as in item-create.sql, the items
-- named are taken FOR SHARE), else 'reference_missing'; the ids they hold replace the item's rows in
-- item_references.
-- $1 tenant, $2 collection, $3 id, $4 now, $5 If-Match versions (NULL: unconditional),
-- $6 body, $7 body is a merge patch, $8 actor
WITH coll AS (
    SELECT unique_fields, retention_ms FROM collections WHERE tenant_id = $1::text AND name = $2::text
),
seen AS (
    SELECT version FROM items WHERE tenant_id = $1 AND id = $3::uuid AND collection = $2 AND state = 'active'
),
cur AS (
    SELECT i.* FROM items i
    WHERE i.tenant_id = $1 AND i.id = $3 AND i.collection = $2 AND i.state = 'active'
    FOR UPDATE
),
next AS (
    SELECT cur.*,
           CASE WHEN $7::boolean THEN undo_merge_patch(cur.data, $6::jsonb) ELSE $6::jsonb END AS new_data,
           greatest($4::timestamptz, cur.updated_at + interval '1 millisecond') AS at
    FROM cur JOIN seen ON seen.version = cur.version
    WHERE $5::integer[] IS NULL OR cur.version = ANY($5::integer[])
),
wanted AS (
    SELECT f.field, n.new_data -> f.field AS value
    FROM next n CROSS JOIN coll CROSS JOIN LATERAL unnest(coll.unique_fields) AS f(field)
    WHERE jsonb_typeof(n.new_data -> f.field) <> 'null'
),
taken AS (
    SELECT w.field, w.value FROM wanted w
    JOIN unique_keys u ON u.tenant_id = $1 AND u.collection = $2 AND u.field = w.field
                      AND u.value_digest = undo_digest(w.value) AND u.item_id <> $3
),
refs AS (
    SELECT r.field, r.target, n.new_data -> r.field AS value, undo_reference_id(n.new_data -> r.field) AS target_id
    FROM next n JOIN collection_references r ON r.tenant_id = $1 AND r.collection = $2
    WHERE jsonb_typeof(n.new_data -> r.field) <> 'null'
),
held_targets AS (
    SELECT i.id, i.collection FROM items i
    WHERE i.tenant_id = $1 AND i.state = 'active' AND i.id IN (SELECT target_id FROM refs)
    FOR SHARE OF i
),
dangling AS (
    SELECT r.field, r.value FROM refs r
    WHERE NOT EXISTS (SELECT 1 FROM held_targets h WHERE h.id = r.target_id AND h.collection = r.target)
),
updated AS (
    UPDATE items i
    SET version = n.version + 1, data = n.new_data, updated_at = n.at, updated_by = $8::text
    FROM next n
    WHERE i.tenant_id = $1 AND i.id = $3 AND NOT EXISTS (SELECT 1 FROM taken) AND NOT EXISTS (SELECT 1 FROM dangling)
    RETURNING i.collection, i.id, i.version, i.data, i.created_at, i.updated_at
),
retired AS (
    INSERT INTO item_history (tenant_id, collection, id, version, state, data, created_at, created_by,
                              updated_by, valid_from, valid_to, purge_at)
    SELECT n.tenant_id, n.collection, n.id, n.version, 'active', n.data, n.created_at, n.created_by,
           n.updated_by, n.updated_at, n.at, n.at + coll.retention_ms * interval '1 millisecond'
    FROM next n CROSS JOIN coll
    WHERE EXISTS (SELECT 1 FROM updated)
),
held AS (
    SELECT field, value_digest FROM unique_keys WHERE tenant_id = $1 AND item_id = $3
),
released AS (
    DELETE FROM unique_keys u
    WHERE u.tenant_id = $1 AND u.item_id = $3 AND EXISTS (SELECT 1 FROM updated)
      AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.field = u.field AND undo_digest(w.value) = u.value_digest)
),
occupied AS (
    INSERT INTO unique_keys (tenant_id, collection, field, value_digest, value, item_id)
    SELECT $1, $2, w.field, undo_digest(w.value), w.value, $3 FROM wanted w
    WHERE EXISTS (SELECT 1 FROM updated)
      AND NOT EXISTS (SELECT 1 FROM held h WHERE h.field = w.field AND h.value_digest = undo_digest(w.value))
),
unlinked AS (
    DELETE FROM item_references x
    WHERE x.tenant_id = $1 AND x.item_id = $3 AND EXISTS (SELECT 1 FROM updated)
      AND NOT EXISTS (SELECT 1 FROM refs r WHERE r.field = x.field AND r.target_id = x.target_id)
),
linked AS (
    INSERT INTO item_references (tenant_id, target_id, collection, field, item_id)
    SELECT $1, r.target_id, $2, r.field, $3 FROM refs r
    WHERE EXISTS (SELECT 1 FROM updated)
    ON CONFLICT DO NOTHING
),
tomb AS (
    (SELECT 'deleted' AS state, i.collection, i.id, i.version, i.data, i.created_at, i.updated_at,
            i.updated_at AS deleted_at, i.deletion_id, i.undo_expires_at, i.purge_at
     FROM items i
     WHERE i.tenant_id = $1 AND i.id = $3 AND i.collection = $2 AND i.state = 'deleted' AND i.purge_at > $4)
    UNION ALL
    -- A function, so that this statement does not plan a scan of every partition (see V3).
    (SELECT 'deleted', h.collection, h.id, h.version, h.data, h.created_at, h.valid_from,
            h.valid_from, h.deletion_id, h.undo_expires_at, h.purge_at
     FROM undo_open_tombstone($1, $2, $3, $4) h)
    LIMIT 1
),
shown AS (
    SELECT 'active' AS state, u.collection, u.id, u.version, u.data, u.created_at, u.updated_at,
           NULL::timestamptz AS deleted_at, NULL::uuid AS deletion_id,
           NULL::timestamptz AS undo_expires_at, NULL::timestamptz AS purge_at
    FROM updated u
    UNION ALL
    SELECT * FROM tomb WHERE NOT EXISTS (SELECT 1 FROM seen)
)
SELECT CASE WHEN EXISTS (SELECT 1 FROM updated) THEN 'updated'
            WHEN EXISTS (SELECT 1 FROM taken) THEN 'conflict'
            WHEN EXISTS (SELECT 1 FROM dangling) THEN 'reference_missing'
            WHEN EXISTS (SELECT 1 FROM cur) AND NOT EXISTS (SELECT 1 FROM cur JOIN seen USING (version)) THEN 'race'
            WHEN EXISTS (SELECT 1 FROM cur) THEN 'precondition_failed'
            WHEN EXISTS (SELECT 1 FROM seen) THEN 'race'
            WHEN EXISTS (SELECT 1 FROM tomb) THEN 'gone'
            ELSE 'not_found' END AS outcome,
       (SELECT jsonb_agg(jsonb_build_object('field', field, 'value', value) ORDER BY field) FROM taken) AS conflicts,
       (SELECT jsonb_agg(jsonb_build_object('field', field, 'value', value) ORDER BY field) FROM dangling) AS dangling,
       s.*
FROM (SELECT 1) AS one
LEFT JOIN shown s ON true
