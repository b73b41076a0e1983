-- The purge's lock: one replica purges at a time; held on the purge's own connection. A hold takes it
-- shared (undo_hold_item), so that no hold lands in the middle of a tick.
SELECT pg_try_advisory_lock(undo_purge_lock_key()) AS locked
