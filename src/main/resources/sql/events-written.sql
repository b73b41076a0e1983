-- Events written to the outbox so far, by every replica: the sequence that numbers them (CACHE 1, so
-- exact but for events of transactions that rolled back).
SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS written FROM events_seq
