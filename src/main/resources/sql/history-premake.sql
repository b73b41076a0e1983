-- The partitions writes will need soon: history's (every retention in use) and the change feed's
-- (the coming days). $1 now, $2 days ahead, $3 default retention ms, $4 history partition width in days
SELECT undo_premake_history_partitions($1::timestamptz, $2::integer, $3::bigint, $4::integer)
       + undo_premake_event_partitions($1::timestamptz, $2::integer) AS made
