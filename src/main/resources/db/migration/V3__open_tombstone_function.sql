-- The open tombstone of an item, for the statements that must answer a request about an item that
-- is not live (DELETE again, PUT or PATCH of a deleted item).
--
-- Nothing in such a request says on which day the tombstone becomes purgeable, so the lookup covers
-- every partition of item_history, and PostgreSQL planned that scan of every partition each time it
-- planned the calling statement (custom plans, which it keeps for those statements because they
-- prune elsewhere) whether or not the item turned out to be live. PL/pgSQL keeps its queries' plans
-- for the connection, so here the scan is planned once a connection. STABLE, so that the query runs
-- in the calling statement's snapshot and, like the subquery it replaces, does not see a tombstone
-- that the same statement writes.
CREATE FUNCTION undo_open_tombstone(p_tenant text, p_collection text, p_id uuid, p_now timestamptz)
    RETURNS TABLE (collection text, id uuid, version integer, data jsonb, created_at timestamptz,
                   valid_from timestamptz, deletion_id uuid, undo_expires_at timestamptz, purge_at timestamptz)
    LANGUAGE plpgsql STABLE ROWS 1 AS $$
BEGIN
    RETURN QUERY
        SELECT h.collection, h.id, h.version, h.data, h.created_at, h.valid_from, h.deletion_id,
               h.undo_expires_at, h.purge_at
        FROM item_history h
        WHERE h.tenant_id = p_tenant AND h.id = p_id AND h.collection = p_collection
          AND h.valid_to IS NULL AND h.purge_at > p_now;
END $$;
