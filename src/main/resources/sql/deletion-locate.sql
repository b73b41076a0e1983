-- A deletion, for an undo whose ticket the undo cache does not have: its row while it is open, else
-- its tombstones in history (which keep its id until they are purged). No row: no such deletion, or
-- it is purged.
-- $1 tenant, $2 deletion id, $3 now
(SELECT collection, item_ids, item_collections, undo_expires_at, deleted_by
 FROM deletions WHERE tenant_id = $1::text AND id = $2::uuid)
UNION ALL
(SELECT * FROM undo_history_deletion($1, $2, $3::timestamptz))
LIMIT 1
