-- $1 tenant, $2 name
SELECT name, unique_fields, undo_window_ms, retention_ms, restore_after_window, created_at
FROM collections WHERE tenant_id = $1::text AND name = $2::text
