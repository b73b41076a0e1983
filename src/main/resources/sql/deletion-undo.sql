-- Undo a deletion: see undo_deletion (R__undo_functions.sql), which holds the statement.
-- $1 tenant, $2 deletion id, $3 the deletion's item ids, $4 now, $5 actor, $6 the deletion's collections
SELECT * FROM undo_deletion($1::text, $2::uuid, $3::uuid[], $4::timestamptz, $5::text, $6::text[])
