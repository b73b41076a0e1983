-- A deletion as GET /v1/deletions/{id} shows it: its row while its window is open (and until the
-- background move forgets it), else what its tombstones in history tell. still_deleted counts its
-- items that are still tombstones of it: all of them, it is open or closed; none, it was undone. No
-- row: no such deletion of this tenant, or it is purged.
-- $1 tenant, $2 deletion id, $3 now
(SELECT d.collection, d.item_ids, d.deleted_at, d.undo_expires_at, d.deleted_by,
        (SELECT count(*) FROM items i
         WHERE i.tenant_id = d.tenant_id AND i.id = ANY(d.item_ids) AND i.deletion_id = d.id AND i.state = 'deleted'
        )::integer AS still_deleted
 FROM deletions d WHERE d.tenant_id = $1::text AND d.id = $2::uuid)
UNION ALL
(SELECT min(t.collection), array_agg(DISTINCT t.id ORDER BY t.id), max(t.valid_from), max(t.undo_expires_at),
        min(t.deleted_by), (count(*) FILTER (WHERE t.valid_to IS NULL))::integer
 FROM undo_deletion_tombstones($1, $2, $3::timestamptz) t
 HAVING count(*) > 0)
LIMIT 1
