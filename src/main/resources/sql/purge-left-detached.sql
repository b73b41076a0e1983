-- Partitions a crash left detached but not dropped: tables of this schema that the naming rule
-- made and that are no longer partitions.
SELECT c.relname AS name, s.first_day, s.end_day
FROM pg_class c
CROSS JOIN LATERAL undo_history_partition_span(c.relname) s
WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND NOT c.relispartition
