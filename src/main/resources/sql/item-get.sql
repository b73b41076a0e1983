-- The item as it is now: its row in items (live, or a tombstone not yet moved to history), or else
-- its tombstone in history. At most one of them exists.
-- $1 tenant, $2 collection, $3 id, $4 now
(SELECT i.state, i.collection, i.id, i.version, i.data, i.created_at, i.updated_at,
        CASE WHEN i.state = 'deleted' THEN i.updated_at END AS deleted_at, i.deletion_id,
        i.undo_expires_at, i.purge_at
 FROM items i
 WHERE i.tenant_id = $1::text AND i.id = $3::uuid AND i.collection = $2::text
   AND (i.state = 'active' OR i.purge_at > $4::timestamptz))
UNION ALL
(SELECT 'deleted', h.collection, h.id, h.version, h.data, h.created_at, h.valid_from,
        h.valid_from, h.deletion_id, h.undo_expires_at, h.purge_at
 -- A function, so that a GET answered from items (which LIMIT 1 stops at) does not lock and set up
 -- a scan of every history partition (see V3).
 FROM undo_open_tombstone($1, $2, $3, $4) h)
LIMIT 1
