SELECT pg_advisory_unlock(undo_purge_lock_key())
