-- Place or change an item's legal hold: see undo_hold_item (R__legal_holds.sql).
-- $1 tenant, $2 collection, $3 id, $4 reason, $5 now, $6 actor
SELECT * FROM undo_hold_item($1::text, $2::text, $3::uuid, $4::text, $5::timestamptz, $6::text)
