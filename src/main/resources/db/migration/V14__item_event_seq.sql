-- Schema 14: items keeps the feed position of its latest event whole, (event_xid, event_seq).
--
-- The toast cycle's lean delete and undo write their event as a part of their own statement, which
-- costs PostgreSQL less than the row trigger (BENCHMARKS.md, session 16). Such a statement gives the
-- row a new event_seq, the seq of the event it writes, and the trigger, which writes every other
-- change's event, stands aside for a row whose event_seq changed (R__change_feed.sql). A sequence
-- value is never handed out twice, so the two cannot both write an event for one change, nor both
-- miss it. Rows of older versions have none until their next change.
ALTER TABLE items ADD COLUMN event_seq bigint;
