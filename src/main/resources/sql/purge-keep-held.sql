-- Moves what was written to history since each held item was held out of the partitions that purge
-- drops (undo_keep_held, R__legal_holds.sql); run by the tick before it detaches any partition.
SELECT coalesce(sum(undo_keep_held(tenant_id, item_id)), 0)::bigint AS moved FROM holds
