-- Undo a deletion: see undo_restore (schema version 4), which holds the statement.
-- $1 tenant, $2 deletion id (NULL: latest deletion of item $6), $3 now, $4 purge_at low,
-- $5 purge_at high, $6 item id (by item only), $7 collection (by item only), $8 actor
SELECT * FROM undo_restore($1::text, $2::uuid, $3::timestamptz, $4::timestamptz, $5::timestamptz, $6::uuid, $7::text, $8::text)
