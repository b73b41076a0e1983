-- Schema 12: legal holds. A held item is never purged or erased until its hold is released.
--
-- holds: one row per held item, with why, by whom and since when.
--
-- item_history_held: where a held item's history rows wait. Purge drops whole partitions, so a held
-- row cannot stay in its own: it moves here, its purge_at shifted past 9000-01-01 by a fixed number of
-- hours (undo_held_purge_at, R__legal_holds.sql), which keeps rows distinct and gives the original back
-- on release. Its name is outside the partition naming rule, so the purge never lists it; reads need
-- no change, since every purge_at here is far in the future.
CREATE TABLE holds (
    tenant_id   text        NOT NULL,
    item_id     uuid        NOT NULL,
    collection  text        NOT NULL,
    reason      text        NOT NULL,
    held_at     timestamptz NOT NULL,
    held_by     text,
    PRIMARY KEY (tenant_id, item_id)
);

CREATE TABLE item_history_held PARTITION OF item_history
    FOR VALUES FROM ('9000-01-01 00:00:00+00') TO (MAXVALUE);
