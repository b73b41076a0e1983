-- Before a partition of events is dropped: the feed position of its last event, so that a cursor before
-- it answers 410. The partition's quoted name is formatted in.
INSERT INTO event_purges (dropped_through_xid, dropped_through_seq)
SELECT event_xid, seq FROM %s ORDER BY event_xid DESC, seq DESC LIMIT 1
ON CONFLICT (only_row) DO UPDATE
SET dropped_through_xid = CASE WHEN (excluded.dropped_through_xid, excluded.dropped_through_seq)
                                    > (event_purges.dropped_through_xid, event_purges.dropped_through_seq)
                               THEN excluded.dropped_through_xid ELSE event_purges.dropped_through_xid END,
    dropped_through_seq = CASE WHEN (excluded.dropped_through_xid, excluded.dropped_through_seq)
                                    > (event_purges.dropped_through_xid, event_purges.dropped_through_seq)
                               THEN excluded.dropped_through_seq ELSE event_purges.dropped_through_seq END
