-- The open tombstone of an item, for the statements that must answer a request about an item that
-- is not live (GET, DELETE again, PUT or PATCH of a deleted item).
--
-- Nothing in such a request says on which day the tombstone becomes purgeable, so the lookup covers
-- every partition of item_history, and the statement around it paid for every partition whether or
-- not the item turned out to be live: DELETE and PUT/PATCH planned the scan of each partition every
-- time (custom plans, which PostgreSQL keeps for them because they prune elsewhere), and GET's
-- generic plan locked and set up a scan of each partition even when LIMIT 1 was answered from
-- items. PL/pgSQL keeps its queries' plans for the connection, and a function that is not called
-- costs nothing. STABLE, so that the query runs in the calling statement's snapshot and, like the
-- subquery it replaces, does not see a tombstone that the same statement writes.
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
