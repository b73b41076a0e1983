-- The change feed's partitions, each a UTC day, and whether a detach of it is pending.
SELECT p.name, p.day, i.inhdetachpending AS detach_pending
FROM undo_event_partitions() p
JOIN pg_class c ON c.relname = p.name AND c.relnamespace = current_schema()::regnamespace
JOIN pg_inherits i ON i.inhrelid = c.oid
ORDER BY p.day
