-- Erase an item: its row in items (live or tombstone), every version and tombstone of it in history,
-- its unique keys and references, and its place in the deletions that cover it (a deletion of it alone is forgotten,
-- so that its undo and restore answer 404; one of several keeps the others). History is found by the
-- item's id in every partition: an erasure is rare, and no partition may keep a copy. The erasure is
-- recorded without the data. 'not_found': never existed, purged, or erased before.
-- $1 tenant, $2 collection, $3 id, $4 now, $5 actor
WITH in_items AS (
    DELETE FROM items WHERE tenant_id = $1::text AND id = $3::uuid AND collection = $2::text
    RETURNING deletion_id
),
in_history AS (
    DELETE FROM item_history WHERE tenant_id = $1 AND id = $3 AND collection = $2
    RETURNING deletion_id
),
covering AS (
    SELECT deletion_id FROM in_items WHERE deletion_id IS NOT NULL
    UNION
    SELECT deletion_id FROM in_history WHERE deletion_id IS NOT NULL
),
freed AS (
    DELETE FROM unique_keys WHERE tenant_id = $1 AND item_id = $3 AND collection = $2
),
unlinked AS (
    DELETE FROM item_references WHERE tenant_id = $1 AND item_id = $3
),
shortened AS (
    UPDATE deletions d
    SET item_ids = array_remove(d.item_ids, $3),
        item_collections = CASE WHEN d.item_collections IS NOT NULL THEN
            (SELECT array_agg(e.c ORDER BY e.n) FROM unnest(d.item_ids, d.item_collections) WITH ORDINALITY AS e(i, c, n)
             WHERE e.i <> $3) END
    WHERE d.tenant_id = $1 AND d.id IN (SELECT deletion_id FROM covering) AND cardinality(d.item_ids) > 1
),
forgotten AS (
    DELETE FROM deletions d
    WHERE d.tenant_id = $1 AND d.id IN (SELECT deletion_id FROM covering) AND d.item_ids = ARRAY[$3]
),
recorded AS (
    INSERT INTO erasures (tenant_id, collection, item_id, erased_at, erased_by)
    SELECT $1, $2, $3, $4::timestamptz, $5::text
    WHERE EXISTS (SELECT 1 FROM in_items) OR EXISTS (SELECT 1 FROM in_history)
    ON CONFLICT (tenant_id, item_id) DO UPDATE SET erased_at = excluded.erased_at, erased_by = excluded.erased_by
)
SELECT CASE WHEN EXISTS (SELECT 1 FROM in_items) OR EXISTS (SELECT 1 FROM in_history) THEN 'erased'
            ELSE 'not_found' END AS outcome
