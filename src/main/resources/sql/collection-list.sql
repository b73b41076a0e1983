-- $1 tenant
SELECT c.name, c.unique_fields, c.undo_window_ms, c.retention_ms, c.restore_after_window, c.created_at,
       (SELECT jsonb_agg(jsonb_build_object('field', r.field, 'collection', r.target, 'onDelete', r.on_delete)
                         ORDER BY r.position)
        FROM collection_references r WHERE r.tenant_id = c.tenant_id AND r.collection = c.name) AS refs
FROM collections c WHERE c.tenant_id = $1::text ORDER BY c.name
