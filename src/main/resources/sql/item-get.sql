-- The item as it is now: its live row, or else its open tombstone. At most one of them exists.
-- $1 tenant, $2 collection, $3 id, $4 now
(SELECT 'active' AS state, i.collection, i.id, i.version, i.data, i.created_at, i.updated_at,
        NULL::timestamptz AS deleted_at, NULL::uuid AS deletion_id,
        NULL::timestamptz AS undo_expires_at, NULL::timestamptz AS purge_at
 FROM items i
 WHERE i.tenant_id = $1::text AND i.id = $3::uuid AND i.collection = $2::text)
UNION ALL
(SELECT 'deleted', h.collection, h.id, h.version, h.data, h.created_at, h.valid_from,
        h.valid_from, h.deletion_id, h.undo_expires_at, h.purge_at
 -- A function, so that a GET of a live item (which LIMIT 1 answers from items alone) does not
 -- lock and set up a scan of every history partition (see V3).
 FROM undo_open_tombstone($1, $2, $3, $4::timestamptz) h)
LIMIT 1
