-- Create an item: see undo_create_item (R__undo_functions.sql), which holds the statement.
-- $1 tenant, $2 collection, $3 id, $4 data, $5 now, $6 actor
SELECT * FROM undo_create_item($1::text, $2::text, $3::uuid, $4::jsonb, $5::timestamptz, $6::text)
