-- The least SQL of the toast cycle, for ServiceBenchmark: the live row in one table, each retired
-- version in a history partitioned as item_history is, with the same partitions. A step (delete or
-- undo) is one UPDATE of the live row and one INSERT of the version it retires. Made after the
-- service's own partitions, so that it covers the same days.
DROP TABLE IF EXISTS least_items, least_history;

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

DO $$
DECLARE
    p record;
BEGIN
    FOR p IN SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound
             FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhparent = 'item_history'::regclass LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF least_history %s', 'least_' || p.relname, p.bound);
    END LOOP;
END $$;

INSERT INTO least_items (tenant_id, collection, id, version, deleted, data, created_at, valid_from)
SELECT tenant_id, collection, id, version, false, data, created_at, updated_at FROM items;
