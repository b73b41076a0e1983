-- Schema 6: an item's row stays in items while its undo window is open, as the tombstone.
--
-- Before, a DELETE moved the row out of items and wrote two history rows (the version it retired and
-- the tombstone), and an undo updated the partitioned history and inserted the row again. Now a
-- DELETE and an undo are each one UPDATE of the item's row plus one history row (the version that
-- step retires), the least a versioned store can write. The update changes no indexed column, so
-- PostgreSQL makes it a HOT update (no index entry; fillfactor leaves the page room for it).
--
-- deletions records each open deletion: the items it covers, for an undo whose ticket the cache has
-- lost, and the end of its window, for the background move: once a window has closed, its tombstones
-- leave items for item_history (tombstones-move.sql), where they are purged with their partition.
-- History keeps the shape of schema 5: a tombstone there is a 'deleted' row with valid_to NULL.

ALTER TABLE items
    ADD COLUMN state           text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'deleted')),
    ADD COLUMN deletion_id     uuid,
    ADD COLUMN undo_expires_at timestamptz,
    ADD COLUMN deleted_by      text,
    ADD COLUMN purge_at        timestamptz,
    -- updated_at and updated_by of the version the last DELETE or undo retired: an UPDATE's RETURNING
    -- sees only the new row, and these let it hand the retired version to history in the same statement.
    ADD COLUMN retired_from    timestamptz,
    ADD COLUMN retired_by      text,
    ADD CONSTRAINT items_tombstone CHECK (
        (state = 'deleted') = (deletion_id IS NOT NULL AND undo_expires_at IS NOT NULL AND purge_at IS NOT NULL));
ALTER TABLE items SET (fillfactor = 80);

CREATE TABLE deletions (
    tenant_id        text        NOT NULL,
    id               uuid        NOT NULL,
    collection       text        NOT NULL,
    item_ids         uuid[]      NOT NULL,
    deleted_at       timestamptz NOT NULL,
    undo_expires_at  timestamptz NOT NULL,
    deleted_by       text,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX deletions_by_window_end ON deletions (undo_expires_at);

-- Schema 5's open tombstones whose window is still open become rows of items again, with their
-- deletions; those whose window has closed stay in history, where schema 6 keeps them too.
WITH open AS (
    DELETE FROM item_history h
    WHERE h.valid_to IS NULL AND h.state = 'deleted' AND h.undo_expires_at >= now() AND h.purge_at > now()
    RETURNING h.*
),
reopened AS (
    INSERT INTO items (tenant_id, collection, id, version, data, created_at, updated_at, created_by, updated_by,
                       state, deletion_id, undo_expires_at, deleted_by, purge_at)
    SELECT tenant_id, collection, id, version, data, created_at, valid_from, created_by, updated_by,
           'deleted', deletion_id, undo_expires_at, deleted_by, purge_at
    FROM open
)
INSERT INTO deletions (tenant_id, id, collection, item_ids, deleted_at, undo_expires_at, deleted_by)
SELECT tenant_id, deletion_id, min(collection), array_agg(id ORDER BY id), max(valid_from), max(undo_expires_at),
       min(deleted_by)
FROM open
GROUP BY tenant_id, deletion_id;

-- The undo of schema 5, which worked on history; undo-deletion.sql replaces it.
DROP FUNCTION undo_restore(text, uuid, timestamptz, timestamptz, timestamptz, uuid, text, text);
