-- Schema 10: erasure for data-protection requests. An erased item leaves no row with its data: its row
-- in items, every version and tombstone in history and its unique keys are deleted. What is kept is
-- that it was erased, by whom and when, and no data.
CREATE TABLE erasures (
    tenant_id   text        NOT NULL,
    collection  text        NOT NULL,
    item_id     uuid        NOT NULL,
    erased_at   timestamptz NOT NULL,
    erased_by   text,
    PRIMARY KEY (tenant_id, item_id)
);
