-- Partitions of events that a crash left detached but not dropped.
SELECT c.relname AS name, to_date(substr(c.relname, 8), 'YYYYMMDD') AS day
FROM pg_class c
WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND NOT c.relispartition
  AND c.relname ~ '^events_[0-9]{8}$'
