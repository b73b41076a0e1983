-- Tombstone an item: see undo_delete_item (R__undo_functions.sql), which holds the statement.
-- $1 tenant, $2 collection, $3 id, $4 now, $5 If-Match versions (NULL: unconditional),
-- $6 deletion id, $7 actor, $8 the most items a deletion may cover
SELECT * FROM undo_delete_item($1::text, $2::text, $3::uuid, $4::timestamptz, $5::integer[], $6::uuid, $7::text,
                               $8::integer)
