-- A deletion as GET /v1/deletions/{id} shows it: its row while its window is open (and until the
-- background move forgets it), else what its tombstones in history tell. still_deleted counts its
-- items that are still tombstones of it: all of them, it is open or closed; none, it was undone or
-- restored, and ended_after_window tells which (an undo ends tombstones inside the window, a
-- restore from the trash after it). No row: no such deletion of this tenant, or it is purged.
-- $1 tenant, $2 deletion id, $3 now
SELECT d.collection, d.item_ids, d.item_collections, d.deleted_at, d.undo_expires_at, d.deleted_by, d.still_deleted,
       CASE WHEN d.still_deleted = 0 AND cardinality(d.item_ids) > 0
            THEN EXISTS (SELECT 1 FROM undo_deletion_tombstones($1::text, $2::uuid, $3::timestamptz) t
                         WHERE t.valid_to > t.undo_expires_at)
       END AS ended_after_window
FROM (
    SELECT d.collection, d.item_ids, d.item_collections, d.deleted_at, d.undo_expires_at, d.deleted_by,
           (SELECT count(*) FROM items i
            WHERE i.tenant_id = d.tenant_id AND i.id = ANY(d.item_ids) AND i.deletion_id = d.id AND i.state = 'deleted'
           )::integer AS still_deleted
    FROM deletions d WHERE d.tenant_id = $1 AND d.id = $2
) AS d
UNION ALL
(SELECT mode() WITHIN GROUP (ORDER BY t.collection), array_agg(t.id ORDER BY t.id),
        array_agg(t.collection ORDER BY t.id), max(t.valid_from), max(t.undo_expires_at),
        min(t.deleted_by), (count(*) FILTER (WHERE t.valid_to IS NULL))::integer,
        bool_or(t.valid_to > t.undo_expires_at)
 FROM (SELECT DISTINCT ON (t.id) t.* FROM undo_deletion_tombstones($1, $2, $3) t ORDER BY t.id, t.valid_to NULLS FIRST) t
 HAVING count(*) > 0)
LIMIT 1
