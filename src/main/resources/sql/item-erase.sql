-- Erase an item: see undo_erase_item (R__legal_holds.sql), which holds the statement.
-- $1 tenant, $2 collection, $3 id, $4 now, $5 actor
SELECT undo_erase_item($1::text, $2::text, $3::uuid, $4::timestamptz, $5::text) AS outcome
