-- Undo Service schema.
-- items        : the live (active) version of each item, nothing else.
-- unique_keys  : the unique values that live items occupy; a tombstone occupies none.
-- item_history : every retired version and every tombstone, partitioned by the day the row
--                becomes purgeable, so that purging is dropping a partition.

CREATE TABLE collections (
    tenant_id       text        NOT NULL,
    name            text        NOT NULL,
    unique_fields   text[]      NOT NULL DEFAULT '{}',
    undo_window_ms  bigint      NOT NULL CHECK (undo_window_ms BETWEEN 1000 AND 86400000),
    retention_ms    bigint      NOT NULL CHECK (retention_ms >= undo_window_ms),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, name)
);

-- No foreign key to collections: collections are never deleted, and a key check on every
-- insert would take a FOR KEY SHARE lock on one hot collections row per write.
CREATE TABLE items (
    tenant_id   text        NOT NULL,
    collection  text        NOT NULL,
    id          uuid        NOT NULL,
    version     integer     NOT NULL CHECK (version >= 1),
    data        jsonb       NOT NULL CHECK (jsonb_typeof(data) = 'object'),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    created_by  text,
    updated_by  text,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX items_by_collection ON items (tenant_id, collection, id);

-- A value is keyed by its digest so that long values stay under the btree row limit;
-- the value itself is kept to name it in a 409.
CREATE TABLE unique_keys (
    tenant_id     text  NOT NULL,
    collection    text  NOT NULL,
    field         text  NOT NULL,
    value_digest  bytea NOT NULL,
    value         jsonb NOT NULL,
    item_id       uuid  NOT NULL,
    PRIMARY KEY (tenant_id, collection, field, value_digest)
);
CREATE INDEX unique_keys_by_item ON unique_keys (tenant_id, item_id);

CREATE TABLE item_history (
    tenant_id        text        NOT NULL,
    collection       text        NOT NULL,
    id               uuid        NOT NULL,
    version          integer     NOT NULL,
    state            text        NOT NULL CHECK (state IN ('active', 'deleted')),
    data             jsonb       NOT NULL,
    created_at       timestamptz NOT NULL,
    created_by       text,
    updated_by       text,                 -- who made this version
    valid_from       timestamptz NOT NULL,
    valid_to         timestamptz,          -- NULL: still current (only an open tombstone is)
    deletion_id      uuid,                 -- tombstones only: the deletion that made it
    undo_expires_at  timestamptz,          -- tombstones only: the end of the undo window
    deleted_by       text,                 -- tombstones only, when known
    purge_at         timestamptz NOT NULL,
    CHECK (valid_to IS NULL OR valid_from < valid_to),
    CHECK ((state = 'deleted') = (deletion_id IS NOT NULL)),
    CHECK ((state = 'deleted') = (undo_expires_at IS NOT NULL)),
    CHECK (valid_to IS NOT NULL OR state = 'deleted'),
    PRIMARY KEY (tenant_id, id, version, purge_at)
) PARTITION BY RANGE (purge_at);

CREATE INDEX item_history_open_tombstones ON item_history (tenant_id, id) WHERE valid_to IS NULL;
CREATE INDEX item_history_open_by_collection ON item_history (tenant_id, collection, id) WHERE valid_to IS NULL;
CREATE INDEX item_history_by_deletion ON item_history (tenant_id, deletion_id) WHERE deletion_id IS NOT NULL;

-- Secrets the replicas must share, e.g. the key that signs undo tokens when none is configured.
CREATE TABLE service_keys (
    name        text        PRIMARY KEY,
    secret      bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- jsonb's text form is canonical (key order, spacing), so equal JSON values get equal digests.
CREATE FUNCTION undo_digest(value jsonb) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT sha256(convert_to(value::text, 'UTF8')) $$;

-- The end of an undo window, rounded up to the whole second: Undo-Expires (an IMF-fixdate) has
-- one-second resolution, and the window must close exactly at the instant that header names.
CREATE FUNCTION undo_window_end(deleted_at timestamptz, window_ms bigint) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT date_trunc('second', deleted_at + window_ms * interval '1 millisecond' + interval '999999 microseconds') $$;

-- RFC 7396 JSON Merge Patch, so that PATCH is one statement with no read-modify-write race.
CREATE FUNCTION undo_merge_patch(target jsonb, patch jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    result jsonb;
    member text;
    value  jsonb;
BEGIN
    IF patch IS NULL OR jsonb_typeof(patch) <> 'object' THEN
        RETURN patch;
    END IF;
    IF target IS NULL OR jsonb_typeof(target) <> 'object' THEN
        result := '{}'::jsonb;
    ELSE
        result := target;
    END IF;
    FOR member, value IN SELECT key, v FROM jsonb_each(patch) AS e(key, v) LOOP
        IF jsonb_typeof(value) = 'null' THEN
            result := result - member;
        ELSE
            result := result || jsonb_build_object(member, undo_merge_patch(result -> member, value));
        END IF;
    END LOOP;
    RETURN result;
END $$;

-- Makes the missing day partitions of item_history for [first_day, last_day] (UTC days).
-- The advisory lock keeps two replicas from racing on the same CREATE TABLE.
CREATE FUNCTION undo_make_history_partitions(first_day date, last_day date) RETURNS integer
    LANGUAGE plpgsql AS $$
DECLARE
    day  date := first_day;
    made integer := 0;
    part text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('undo:item_history:partitions'));
    WHILE day <= last_day LOOP
        part := 'item_history_' || to_char(day, 'YYYYMMDD');
        IF to_regclass(quote_ident(current_schema()) || '.' || part) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE %I.%I PARTITION OF item_history FOR VALUES FROM (%L) TO (%L)',
                current_schema(), part,
                to_char(day, 'YYYY-MM-DD') || ' 00:00:00+00',
                to_char(day + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
            made := made + 1;
        END IF;
        day := day + 1;
    END LOOP;
    RETURN made;
END $$;

-- Rows become purgeable at (now + a collection's retention), so the partitions needed soon are
-- those days for every retention in use, plus the default for collections still to come.
CREATE FUNCTION undo_premake_history_partitions(at timestamptz, days_ahead integer, default_retention_ms bigint)
    RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    retention bigint;
    made integer := 0;
    first_day date;
BEGIN
    FOR retention IN
        SELECT DISTINCT r FROM (
            SELECT retention_ms AS r FROM collections
            UNION ALL SELECT default_retention_ms
        ) rs
    LOOP
        first_day := ((at + retention * interval '1 millisecond') AT TIME ZONE 'UTC')::date;
        made := made + undo_make_history_partitions(first_day, first_day + days_ahead);
    END LOOP;
    RETURN made;
END $$;
