-- Schema 9: the trash lists newest deletion first. A tombstone in history is found by its collection in
-- the order it was made, through an index of the open tombstones only (valid_to NULL): the versions
-- a delete or an undo retires are not in it, so the toast's writes do not pay for it.
CREATE INDEX item_history_open_by_time ON item_history (tenant_id, collection, valid_from DESC, id)
    WHERE valid_to IS NULL;
