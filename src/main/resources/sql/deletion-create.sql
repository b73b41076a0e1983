-- A batch delete: the named items of a collection in one deletion, all or nothing. Every id must be an
-- item of the collection (an unknown one deletes nothing: 'missing'); those deleted before keep their
-- own deletion and are listed as already deleted; the active ones are tombstoned in their rows, as a
-- DELETE of one item does, each retiring its version to history and freeing its unique values, under
-- one deletion with one window (from $4; the deletion's instant is its latest tombstone's, which is
-- later than $4 only for an item changed in the same millisecond). An Idempotency-Key seen before answers the deletion it made ('replay'),
-- or 'key_reused' when it came with another collection or other ids; two batches racing with one key
-- meet on the key's unique index, and the one that lost runs again and replays.
-- $1 tenant, $2 collection, $3 ids, $4 now, $5 deletion id, $6 actor, $7 Idempotency-Key (NULL: none)
WITH coll AS (
    SELECT unique_fields, undo_window_ms, retention_ms FROM collections WHERE tenant_id = $1::text AND name = $2::text
),
asked AS (
    SELECT DISTINCT a.id FROM unnest($3::uuid[]) AS a(id)
),
digest AS (
    SELECT sha256(convert_to($2 || ':' || coalesce(string_agg(id::text, ',' ORDER BY id), ''), 'UTF8')) AS value FROM asked
),
earlier AS (
    SELECT d.id, d.request_digest = (SELECT value FROM digest) AS same_request, d.item_ids, d.already_deleted,
           d.deleted_at, d.undo_expires_at, d.deleted_by
    FROM deletions d
    WHERE $7::text IS NOT NULL AND d.tenant_id = $1 AND d.idempotency_key = $7
),
seen AS (
    SELECT i.id, i.state FROM items i
    WHERE i.tenant_id = $1 AND i.id = ANY($3) AND i.collection = $2 AND (i.state = 'active' OR i.purge_at > $4::timestamptz)
),
missing AS (
    -- Not in items: an item whose tombstone moved to history after its window is deleted, not missing.
    SELECT a.id FROM asked a
    WHERE NOT EXISTS (SELECT 1 FROM seen s WHERE s.id = a.id)
      AND NOT EXISTS (SELECT 1 FROM undo_open_tombstone($1, $2, a.id, $4))
),
go AS (
    SELECT 1 FROM coll
    WHERE NOT EXISTS (SELECT 1 FROM earlier) AND NOT EXISTS (SELECT 1 FROM missing)
),
tombstoned AS (
    UPDATE items i
    SET version = i.version + 1, state = 'deleted', retired_from = i.updated_at, retired_by = i.updated_by,
        updated_at = greatest($4, i.updated_at + interval '1 millisecond'), updated_by = $6::text,
        deletion_id = $5::uuid, deleted_by = $6,
        undo_expires_at = undo_window_end($4, coll.undo_window_ms),
        purge_at = greatest($4, i.updated_at + interval '1 millisecond') + coll.retention_ms * interval '1 millisecond'
    FROM coll, go
    WHERE i.tenant_id = $1 AND i.id = ANY($3) AND i.collection = $2 AND i.state = 'active'
    RETURNING i.tenant_id, i.collection, i.id, i.version, i.data, i.created_at, i.created_by,
              i.updated_at, i.retired_from, i.retired_by, i.purge_at
),
retired AS (
    INSERT INTO item_history (tenant_id, collection, id, version, state, data, created_at, created_by,
                              updated_by, valid_from, valid_to, purge_at)
    SELECT tenant_id, collection, id, version - 1, 'active', data, created_at, created_by,
           retired_by, retired_from, updated_at, purge_at
    FROM tombstoned
),
freed AS (
    DELETE FROM unique_keys u USING tombstoned t
    WHERE u.tenant_id = $1 AND u.item_id = t.id AND EXISTS (SELECT 1 FROM coll WHERE unique_fields <> '{}')
),
recorded AS (
    -- Concurrent deletes of the same items wait on their rows and skip those they find deleted, so
    -- what was already deleted is what was asked and this deletion did not tombstone.
    INSERT INTO deletions (tenant_id, id, collection, item_ids, deleted_at, undo_expires_at, deleted_by,
                           idempotency_key, request_digest, already_deleted)
    SELECT $1, $5, $2,
           coalesce((SELECT array_agg(id ORDER BY id) FROM tombstoned), '{}'),
           coalesce((SELECT max(updated_at) FROM tombstoned), $4), undo_window_end($4, coll.undo_window_ms), $6, $7, CASE WHEN $7 IS NOT NULL THEN (SELECT value FROM digest) END,
           coalesce((SELECT array_agg(a.id ORDER BY a.id) FROM asked a WHERE NOT EXISTS (SELECT 1 FROM tombstoned t WHERE t.id = a.id)), '{}')
    FROM coll, go
    RETURNING id, item_ids, already_deleted, deleted_at, undo_expires_at, deleted_by
)
SELECT 'deleted' AS outcome, r.id AS deletion_id, r.item_ids, r.already_deleted, r.deleted_at, r.undo_expires_at,
       r.deleted_by, NULL::uuid[] AS missing
FROM recorded r
UNION ALL
SELECT CASE WHEN e.same_request THEN 'replay' ELSE 'key_reused' END, e.id, e.item_ids, e.already_deleted,
       e.deleted_at, e.undo_expires_at, e.deleted_by, NULL
FROM earlier e
UNION ALL
SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM coll) THEN 'not_found' ELSE 'missing' END, NULL, NULL, NULL, NULL, NULL, NULL,
       (SELECT array_agg(id ORDER BY id) FROM missing)
WHERE NOT EXISTS (SELECT 1 FROM go) AND NOT EXISTS (SELECT 1 FROM earlier)
