-- An item's legal hold: see undo_item_hold (R__legal_holds.sql).
-- $1 tenant, $2 collection, $3 id, $4 now
SELECT * FROM undo_item_hold($1::text, $2::text, $3::uuid, $4::timestamptz)
