-- One step of the toast cycle at its least, with the change feed's event the service writes in the
-- same statement since the outbox: least-sql-step.sql, and one row of least_events. $4 false deletes
-- a live item, true undoes a deleted one.
WITH retired AS (
    UPDATE least_items
    SET version = version + 1, deleted = NOT $4::boolean, previous_from = valid_from, valid_from = $3::timestamptz,
        deletion_id = CASE WHEN $4::boolean THEN NULL ELSE $5::uuid END,
        undo_expires_at = CASE WHEN $4::boolean THEN NULL ELSE $3::timestamptz + interval '1 hour' END
    WHERE tenant_id = $1 AND id = $2 AND deleted = $4::boolean
    RETURNING collection, id, version - 1 AS version, NOT deleted AS deleted, data, created_at, previous_from,
              CASE WHEN $4::boolean THEN $5::uuid END AS deletion_id),
kept AS (
    INSERT INTO least_history (tenant_id, collection, id, version, deleted, data, created_at, valid_from, valid_to, deletion_id, purge_at)
    SELECT $1, collection, id, version, deleted, data, created_at, previous_from, $3::timestamptz, deletion_id,
           $3::timestamptz + interval '90 days'
    FROM retired)
INSERT INTO least_events (tenant_id, event_xid, seq, occurred_at, id, aggregatetype, aggregateid, type, version, state,
                          deletion_id, payload)
SELECT $1, pg_current_xact_id(), nextval('least_events_seq'), $3::timestamptz, gen_random_uuid(), collection, id::text,
       CASE WHEN $4::boolean THEN 'dev.undo.item.restored' ELSE 'dev.undo.item.deleted' END, version + 1,
       CASE WHEN $4::boolean THEN 'active' ELSE 'deleted' END, $5::uuid, data
FROM retired
