-- Schema 13: the change feed, a transactional outbox.
--
-- events: one row per change of an item, written by the trigger on items (R__change_feed.sql) in the
-- statement that makes the change, so there is no change without its event and no event without its
-- change. id, aggregatetype (the collection), aggregateid (the item id), type and payload (the item's
-- data as of the change; NULL once it is erased) are the columns Debezium's outbox event router reads;
-- version, state, deletion_id and actor complete the event, which the feed assembles as a CloudEvent
-- when it is read: building the JSON in the trigger cost the writes more than the row itself.
-- Partitioned by the day the event occurred, so that events are dropped by partition after their
-- retention, like history.
--
-- Feed order: (event_xid, seq). A reader reads only events whose event_xid is below the oldest
-- transaction still running (pg_snapshot_xmin), a set to which nothing can be added any more, so a
-- reader that remembers where it stopped never misses an event that commits late. event_xid is the
-- writing transaction's id, or the event_xid of the item's previous event when that is higher: a
-- transaction can take its id, wait for the lock on an item, and commit after the transaction that
-- held it, and the item's events must still come in the order their changes committed. items keeps
-- the event_xid of its latest event for that.
--
-- event_purges: the feed position up to which events have been dropped; a cursor before it is 410.
CREATE SEQUENCE events_seq AS bigint CACHE 1;

CREATE TABLE events (
    tenant_id      text        NOT NULL,
    event_xid      xid8        NOT NULL,
    seq            bigint      NOT NULL,
    occurred_at    timestamptz NOT NULL,
    id             uuid        NOT NULL,
    aggregatetype  text        NOT NULL,
    aggregateid    text        NOT NULL,
    type           text        NOT NULL,
    version        integer,
    state          text,
    deletion_id    uuid,
    actor          text,
    payload        jsonb
) PARTITION BY RANGE (occurred_at);
CREATE INDEX events_in_feed_order ON events (tenant_id, event_xid, seq);
-- No index by item: it cost creates about half of what the outbox costs them (the benchmark, with and
-- without it), and only an erasure looks events up by item, scanning the days since the item was made.

CREATE TABLE event_purges (
    only_row           boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    dropped_through_xid xid8    NOT NULL,
    dropped_through_seq bigint  NOT NULL
);

ALTER TABLE items ADD COLUMN event_xid xid8;
