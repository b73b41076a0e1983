-- $1 now, $2 days ahead, $3 default retention ms
SELECT undo_premake_history_partitions($1::timestamptz, $2::integer, $3::bigint) AS made
