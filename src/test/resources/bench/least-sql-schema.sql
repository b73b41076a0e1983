-- The least SQL of the toast cycle, for ServiceBenchmark: the live row in one table, each retired
-- version in a history partitioned as item_history is, with the same partitions. A step (delete or
-- undo) is one UPDATE of the live row and one INSERT of the version it retires. least_events is the
-- change feed's outbox as the service has it (day partitions, the feed-order index), for the least
-- SQL with an event a step (least-sql-step-with-event.sql). Made after the service's own partitions,
-- so that it covers the same days.
DROP TABLE IF EXISTS least_items, least_history, least_events;
DROP SEQUENCE IF EXISTS least_events_seq;

CREATE TABLE least_items (
    tenant_id        text        NOT NULL,
    collection       text        NOT NULL,
    id               uuid        NOT NULL,
    version          integer     NOT NULL,
    deleted          boolean     NOT NULL,
    data             jsonb       NOT NULL,
    created_at       timestamptz NOT NULL,
    valid_from       timestamptz NOT NULL,
    previous_from    timestamptz,          -- valid_from of the version the last step retired
    deletion_id      uuid,
    undo_expires_at  timestamptz,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE least_history (
    tenant_id   text        NOT NULL,
    collection  text        NOT NULL,
    id          uuid        NOT NULL,
    version     integer     NOT NULL,
    deleted     boolean     NOT NULL,
    data        jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    valid_from  timestamptz NOT NULL,
    valid_to    timestamptz NOT NULL,
    deletion_id uuid,
    purge_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id, version, purge_at)
) PARTITION BY RANGE (purge_at);

CREATE SEQUENCE least_events_seq AS bigint CACHE 1;

CREATE TABLE least_events (LIKE events) PARTITION BY RANGE (occurred_at);
CREATE INDEX least_events_in_feed_order ON least_events (tenant_id, event_xid, seq);

DO $$
DECLARE
    p record;
BEGIN
    FOR p IN SELECT c.relname, i.inhparent::regclass::text AS parent, pg_get_expr(c.relpartbound, c.oid) AS bound
             FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhparent IN ('item_history'::regclass, 'events'::regclass) LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF %I %s', 'least_' || p.relname,
                       CASE p.parent WHEN 'events' THEN 'least_events' ELSE 'least_history' END, p.bound);
    END LOOP;
END $$;

INSERT INTO least_items (tenant_id, collection, id, version, deleted, data, created_at, valid_from)
SELECT tenant_id, collection, id, version, false, data, created_at, updated_at FROM items;
