-- A partition's rows, counted when the planner has no estimate; its quoted name is formatted in.
SELECT count(*) AS n FROM %s
