-- The partitions the purge may drop: the days each spans, whether a detach of it is pending, and the
-- planner's row estimate (-1 until analysed).
SELECT p.name, p.first_day, p.end_day, i.inhdetachpending AS detach_pending, c.reltuples::bigint AS estimated_rows
FROM undo_history_partitions() p
JOIN pg_class c ON c.relname = p.name AND c.relnamespace = current_schema()::regnamespace
JOIN pg_inherits i ON i.inhrelid = c.oid
