-- How long the purge's DDL waits for a lock on item_history before it gives up, for this connection.
SELECT set_config('lock_timeout', $1, false)
