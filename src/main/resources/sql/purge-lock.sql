-- The purge's lock: one replica purges at a time; held on the purge's own connection.
SELECT pg_try_advisory_lock($1) AS locked
