-- Replace (PUT) or merge-patch (PATCH) a live item: see undo_update_item (R__undo_functions.sql), which
-- holds the statement.
-- $1 tenant, $2 collection, $3 id, $4 now, $5 If-Match versions (NULL: unconditional),
-- $6 body, $7 body is a merge patch, $8 actor
SELECT * FROM undo_update_item($1::text, $2::text, $3::uuid, $4::timestamptz, $5::integer[], $6::jsonb, $7::boolean,
                               $8::text)
