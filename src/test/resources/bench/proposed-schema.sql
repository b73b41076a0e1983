-- A prototype of the storage model proposed for issue 15, for ServiceBenchmark to measure before it
-- is built: the tombstone stays the row in items (state, deletion id, window), each step writes only
-- the version it retires to the partitioned history, and unique keys are freed and taken back as
-- now. Tombstones whose window has closed would move to history in the background (not measured
-- here: it is off the request path). Made after the service's partitions and seed, as least-sql is.
--
-- A delete and an undo change no indexed column of items, so PostgreSQL can make both HOT updates
-- (no index entries written, the new tuple on the same page, which fillfactor keeps room on): a
-- first version with a partial index on state and an index on deletion_id got no HOT update at all
-- and cost PostgreSQL 8 times the least SQL's CPU a cycle. A deletion's items are found through its
-- row in deletions instead, which the deletions of many items need anyway.
DROP TABLE IF EXISTS proposed_items, proposed_history, proposed_deletions;

CREATE TABLE proposed_items (
    tenant_id        text        NOT NULL,
    collection       text        NOT NULL,
    id               uuid        NOT NULL,
    version          integer     NOT NULL,
    state            text        NOT NULL CHECK (state IN ('active', 'deleted')),
    data             jsonb       NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    previous_from    timestamptz,          -- updated_at of the version the last step retired
    created_by       text,
    updated_by       text,
    deletion_id      uuid,
    undo_expires_at  timestamptz,
    deleted_by       text,
    CHECK ((state = 'deleted') = (deletion_id IS NOT NULL)),
    PRIMARY KEY (tenant_id, id)
) WITH (fillfactor = 80);
CREATE INDEX proposed_items_by_collection ON proposed_items (tenant_id, collection, id);

CREATE TABLE proposed_deletions (
    tenant_id        text        NOT NULL,
    id               uuid        NOT NULL,
    collection       text        NOT NULL,
    item_ids         uuid[]      NOT NULL,
    deleted_at       timestamptz NOT NULL,
    undo_expires_at  timestamptz NOT NULL,
    deleted_by       text,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE proposed_history (LIKE item_history INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (purge_at);
ALTER TABLE proposed_history ADD PRIMARY KEY (tenant_id, id, version, purge_at);
CREATE INDEX proposed_history_by_deletion ON proposed_history (tenant_id, deletion_id) WHERE deletion_id IS NOT NULL;

DO $$
DECLARE
    p record;
BEGIN
    FOR p IN SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound
             FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhparent = 'item_history'::regclass LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF proposed_history %s', 'proposed_' || p.relname, p.bound);
    END LOOP;
END $$;

INSERT INTO proposed_items (tenant_id, collection, id, version, state, data, created_at, updated_at, created_by, updated_by)
SELECT tenant_id, collection, id, version, 'active', data, created_at, updated_at, created_by, updated_by FROM items;
