-- Moves the tombstones of deletions whose window closed before $1 from items into history, where
-- they are purged with their partition, a batch at a time; forgets those deletions (an undone one
-- leaves nothing to move). A tombstone already past its retention is not kept. SKIP LOCKED, so that a
-- move never waits on another. A held item's tombstone goes straight to item_history_held, however old
-- (R__legal_holds.sql). $1 window closed before, $2 most deletions, $3 now
WITH due AS (
    SELECT tenant_id, id, item_ids FROM deletions
    WHERE undo_expires_at < $1::timestamptz
    ORDER BY undo_expires_at
    LIMIT $2::integer
    FOR UPDATE SKIP LOCKED
),
forgotten AS (
    DELETE FROM deletions d USING due WHERE d.tenant_id = due.tenant_id AND d.id = due.id
),
moved AS (
    DELETE FROM items i USING due
    WHERE i.tenant_id = due.tenant_id AND i.id = ANY(due.item_ids) AND i.deletion_id = due.id
      AND i.state = 'deleted'
    RETURNING i.*, EXISTS (SELECT 1 FROM holds k WHERE k.tenant_id = i.tenant_id AND k.item_id = i.id) AS held
),
kept AS (
    INSERT INTO item_history (tenant_id, collection, id, version, state, data, created_at, created_by,
                              updated_by, valid_from, valid_to, deletion_id, undo_expires_at, deleted_by, purge_at)
    SELECT tenant_id, collection, id, version, 'deleted', data, created_at, created_by,
           updated_by, updated_at, NULL, deletion_id, undo_expires_at, deleted_by,
           CASE WHEN held THEN undo_held_purge_at(purge_at) ELSE purge_at END
    FROM moved
    WHERE purge_at > $3::timestamptz OR held
)
SELECT (SELECT count(*) FROM due) AS deletions, (SELECT count(*) FROM moved) AS tombstones
