-- One page of live items: see undo_list_active (schema version 5), which holds the query.
-- $1 tenant, $2 collection, $3 after id, $4 page size
SELECT * FROM undo_list_active($1::text, $2::text, $3::uuid, $4::integer)
