-- $1 now, $2 days ahead, $3 default retention ms, $4 partition width in days
SELECT undo_premake_history_partitions($1::timestamptz, $2::integer, $3::bigint, $4::integer) AS made
