-- Undo in the proposed model: every tombstone of the deletion whose window is open becomes live
-- again in place, all or nothing, unless a unique value was taken meanwhile; the tombstone version
-- goes to history, the unique values are taken back.
-- $1 tenant, $2 deletion id, $3 now, $4 actor
WITH deletion AS (
    SELECT item_ids FROM proposed_deletions WHERE tenant_id = $1::text AND id = $2::uuid
),
tomb AS (
    SELECT i.* FROM proposed_items i, deletion d
    WHERE i.tenant_id = $1 AND i.id = ANY(d.item_ids) AND i.deletion_id = $2 AND i.state = 'deleted' FOR UPDATE OF i
),
openable AS (
    SELECT t.* FROM tomb t WHERE t.undo_expires_at >= $3::timestamptz
),
wanted AS (
    SELECT o.id, o.collection, f.field, o.data -> f.field AS value
    FROM openable o
    JOIN collections c ON c.tenant_id = $1 AND c.name = o.collection
    CROSS JOIN LATERAL unnest(c.unique_fields) AS f(field)
    WHERE jsonb_typeof(o.data -> f.field) <> 'null'
),
taken AS (
    SELECT w.field, w.value FROM wanted w
    JOIN unique_keys u ON u.tenant_id = $1 AND u.collection = w.collection AND u.field = w.field
                      AND u.value_digest = undo_digest(w.value)
),
restored AS (
    UPDATE proposed_items i
    SET version = i.version + 1, state = 'active', previous_from = i.updated_at,
        updated_at = greatest($3, i.updated_at + interval '1 millisecond'), updated_by = $4::text,
        deletion_id = NULL, undo_expires_at = NULL, deleted_by = NULL
    FROM openable o
    WHERE i.tenant_id = $1 AND i.id = o.id AND NOT EXISTS (SELECT 1 FROM taken)
    RETURNING i.*, o.deletion_id AS closed_deletion, o.undo_expires_at AS closed_expiry, o.deleted_by AS closed_by
),
retired AS (
    INSERT INTO proposed_history (tenant_id, collection, id, version, state, data, created_at, created_by,
                                  updated_by, valid_from, valid_to, deletion_id, undo_expires_at, deleted_by, purge_at)
    SELECT r.tenant_id, r.collection, r.id, r.version - 1, 'deleted', r.data, r.created_at, r.created_by,
           r.closed_by, r.previous_from, r.updated_at, r.closed_deletion, r.closed_expiry, r.closed_by,
           r.updated_at + c.retention_ms * interval '1 millisecond'
    FROM restored r JOIN collections c ON c.tenant_id = $1 AND c.name = r.collection
),
occupied AS (
    INSERT INTO unique_keys (tenant_id, collection, field, value_digest, value, item_id)
    SELECT $1, w.collection, w.field, undo_digest(w.value), w.value, w.id
    FROM wanted w WHERE EXISTS (SELECT 1 FROM restored)
)
SELECT CASE WHEN EXISTS (SELECT 1 FROM restored) THEN 'restored'
            WHEN EXISTS (SELECT 1 FROM taken) THEN 'conflict'
            WHEN EXISTS (SELECT 1 FROM tomb) THEN 'expired'
            ELSE 'not_found' END AS outcome,
       (SELECT count(*) FROM restored) AS restored
