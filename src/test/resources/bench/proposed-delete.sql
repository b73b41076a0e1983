-- DELETE in the proposed model (a prototype: it does not tell a race, to be taken again, from a failed
-- precondition): the live row becomes the tombstone in place, the version it was goes
-- to history, its unique values are freed. A repeated DELETE reads the tombstone from the same row.
-- $1 tenant, $2 collection, $3 id, $4 now, $5 If-Match versions (NULL: unconditional), $6 deletion id, $7 actor
WITH coll AS (
    SELECT undo_window_ms, retention_ms FROM collections WHERE tenant_id = $1::text AND name = $2::text
),
tombstoned AS (
    UPDATE proposed_items i
    SET version = i.version + 1, state = 'deleted', previous_from = i.updated_at,
        updated_at = greatest($4::timestamptz, i.updated_at + interval '1 millisecond'),
        updated_by = $7::text, deletion_id = $6::uuid, deleted_by = $7,
        undo_expires_at = undo_window_end(greatest($4, i.updated_at + interval '1 millisecond'), coll.undo_window_ms)
    FROM coll
    WHERE i.tenant_id = $1 AND i.id = $3::uuid AND i.collection = $2 AND i.state = 'active'
      AND ($5::integer[] IS NULL OR i.version = ANY($5::integer[]))
    RETURNING i.*, coll.retention_ms
),
retired AS (
    INSERT INTO proposed_history (tenant_id, collection, id, version, state, data, created_at, created_by,
                                  updated_by, valid_from, valid_to, purge_at)
    SELECT tenant_id, collection, id, version - 1, 'active', data, created_at, created_by,
           updated_by, previous_from, updated_at, updated_at + retention_ms * interval '1 millisecond'
    FROM tombstoned
),
freed AS (
    DELETE FROM unique_keys u USING tombstoned t WHERE u.tenant_id = $1 AND u.item_id = t.id
),
noted AS (
    INSERT INTO proposed_deletions (tenant_id, id, collection, item_ids, deleted_at, undo_expires_at, deleted_by)
    SELECT $1, $6, collection, ARRAY[id], updated_at, undo_expires_at, $7 FROM tombstoned
)
SELECT CASE WHEN t.id IS NOT NULL THEN 'deleted'
            WHEN i.state = 'deleted' AND ($5 IS NULL OR i.version = ANY($5) OR i.version - 1 = ANY($5)) THEN 'repeat'
            WHEN i.id IS NOT NULL THEN 'precondition_failed'
            ELSE 'not_found' END AS outcome,
       coalesce(t.version, i.version) AS version, coalesce(t.deletion_id, i.deletion_id) AS deletion_id,
       coalesce(t.undo_expires_at, i.undo_expires_at) AS undo_expires_at
FROM (SELECT 1) one
LEFT JOIN tombstoned t ON true
LEFT JOIN proposed_items i ON t.id IS NULL AND i.tenant_id = $1 AND i.id = $3 AND i.collection = $2
