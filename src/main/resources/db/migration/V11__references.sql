-- Schema 11: references (soft foreign keys) and cascading deletions.
--
-- collection_references: what each collection declares, one row per referring field. Queried both
-- ways: by the collection that holds the field (create, PUT, PATCH, undo and restore check the ids it
-- names) and by the collection referred to (a delete finds the referrers to cascade to or be stopped by).
--
-- item_references: the ids that active items name in their declared fields, for the delete to find an
-- item's referrers by index rather than by reading the referring collection. Like unique_keys it holds
-- active items only: a tombstone gives its rows up and an undo or restore takes them back, so a
-- cascade never walks into the trash. Which collection a row's target is in is not kept: a field's
-- target is the collection its declaration names now, so a changed declaration applies at once.
--
-- deletions.item_collections: the collection of each of item_ids (a cascade crosses collections);
-- NULL for the deletions of schema 10, all of whose items are in their deletion's collection.
CREATE TABLE collection_references (
    tenant_id   text    NOT NULL,
    collection  text    NOT NULL,
    field       text    NOT NULL,
    target      text    NOT NULL,
    on_delete   text    NOT NULL CHECK (on_delete IN ('cascade', 'restrict', 'detach')),
    position    integer NOT NULL,
    PRIMARY KEY (tenant_id, collection, field)
);
CREATE INDEX collection_references_by_target ON collection_references (tenant_id, target);

CREATE TABLE item_references (
    tenant_id   text NOT NULL,
    target_id   uuid NOT NULL,
    collection  text NOT NULL,
    field       text NOT NULL,
    item_id     uuid NOT NULL,
    PRIMARY KEY (tenant_id, target_id, item_id, field)
);
CREATE INDEX item_references_by_item ON item_references (tenant_id, item_id);

ALTER TABLE deletions ADD COLUMN item_collections text[],
    ADD CONSTRAINT deletions_item_collections
        CHECK (item_collections IS NULL OR cardinality(item_collections) = cardinality(item_ids));

-- Their arguments and results change, which CREATE OR REPLACE (R__undo_functions.sql) cannot do. IF
-- EXISTS: on a new database the repeatable migrations make them after this one.
DROP FUNCTION IF EXISTS undo_delete_item(text, text, uuid, timestamptz, integer[], uuid, text);
DROP FUNCTION IF EXISTS undo_deletion(text, uuid, uuid[], timestamptz, text);
DROP FUNCTION IF EXISTS undo_history_deletion(text, uuid, timestamptz);
