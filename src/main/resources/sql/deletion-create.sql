-- A batch delete: see undo_delete_batch (R__undo_functions.sql), which holds the statement.
-- $1 tenant, $2 collection, $3 ids, $4 now, $5 deletion id, $6 actor, $7 Idempotency-Key (NULL: none),
-- $8 the most items a deletion may cover
SELECT * FROM undo_delete_batch($1::text, $2::text, $3::uuid[], $4::timestamptz, $5::uuid, $6::text, $7::text,
                                $8::integer)
