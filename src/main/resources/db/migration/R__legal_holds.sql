-- Legal holds and erasure (schema 12's holds and item_history_held), edited here in place.
--
-- Three things must never interleave badly: a hold and an erasure of the same item (a held item is
-- never erased), and a hold and a purge tick (a tick must not drop a row of an item held after it moved
-- the held rows out). A hold and an erasure take the item's advisory lock first, each in a function of
-- its own, so that the statements after the lock run in a snapshot that sees the other's commit; a
-- hold also takes the purge's lock shared, so that it waits for a tick that is running.

-- The purge's advisory lock ("undo_prg"): the purge holds it, on its own session, for a whole tick.
CREATE OR REPLACE FUNCTION undo_purge_lock_key() RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 8461811179381092967::bigint $$;

-- A held row's purge_at: its own, shifted into item_history_held by a whole number of hours (exact
-- whatever the time zone), so that rows of one item stay distinct and release gives the original back.
-- STABLE as timestamptz + interval is, so that it is inlined (R__undo_functions.sql).
CREATE OR REPLACE FUNCTION undo_held_purge_at(purge_at timestamptz) RETURNS timestamptz
    LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$ SELECT purge_at + interval '62000000 hours' $$;

CREATE OR REPLACE FUNCTION undo_released_purge_at(held_purge_at timestamptz) RETURNS timestamptz
    LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$ SELECT held_purge_at - interval '62000000 hours' $$;

-- Where item_history_held begins (V12__legal_holds.sql).
CREATE OR REPLACE FUNCTION undo_held_from() RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT '9000-01-01 00:00:00+00'::timestamptz $$;

CREATE OR REPLACE FUNCTION undo_lock_item_for_hold(p_tenant text, p_id uuid) RETURNS void
    LANGUAGE sql AS $$ SELECT pg_advisory_xact_lock(hashtext('undo_hold'), hashtext(p_tenant || '/' || p_id::text)) $$;

-- Whether the item can be read: live, or deleted and not yet past its purge.
CREATE OR REPLACE FUNCTION undo_item_exists(p_tenant text, p_collection text, p_id uuid, p_now timestamptz) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM items i WHERE i.tenant_id = p_tenant AND i.id = p_id AND i.collection = p_collection
                                          AND (i.state = 'active' OR i.purge_at > p_now))
        OR EXISTS (SELECT 1 FROM item_history h WHERE h.tenant_id = p_tenant AND h.id = p_id
                                                 AND h.collection = p_collection AND h.purge_at > p_now)
$$;

-- Moves a held item's rows of history out of the partitions that purge drops, into item_history_held.
-- Called by the hold and, for what was written since, by every purge tick.
CREATE OR REPLACE FUNCTION undo_keep_held(p_tenant text, p_id uuid) RETURNS bigint
    LANGUAGE sql AS $$
    WITH moved AS (
        DELETE FROM item_history h
        WHERE h.tenant_id = p_tenant AND h.id = p_id AND h.purge_at < undo_held_from()
        RETURNING h.*
    ),
    kept AS (
        INSERT INTO item_history (tenant_id, collection, id, version, state, data, created_at, created_by,
                                  updated_by, valid_from, valid_to, deletion_id, undo_expires_at, deleted_by, purge_at)
        SELECT tenant_id, collection, id, version, state, data, created_at, created_by,
               updated_by, valid_from, valid_to, deletion_id, undo_expires_at, deleted_by, undo_held_purge_at(purge_at)
        FROM moved
        RETURNING 1
    )
    SELECT count(*) FROM kept
$$;

-- PUT …/hold. What is already past its purge stays purged (it is deleted now rather than kept); the
-- rest moves to item_history_held. A second hold changes the reason and keeps when and by whom the
-- item was first held. 'not_found': the item cannot be read.
CREATE OR REPLACE FUNCTION undo_hold_item(p_tenant text, p_collection text, p_id uuid, p_reason text,
                                          p_now timestamptz, p_actor text)
    RETURNS TABLE (outcome text, reason text, held_at timestamptz, held_by text)
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(undo_purge_lock_key());
    PERFORM undo_lock_item_for_hold(p_tenant, p_id);
    IF NOT undo_item_exists(p_tenant, p_collection, p_id, p_now) THEN
        RETURN QUERY SELECT 'not_found'::text, NULL::text, NULL::timestamptz, NULL::text;
        RETURN;
    END IF;
    DELETE FROM item_history h WHERE h.tenant_id = p_tenant AND h.id = p_id AND h.purge_at <= p_now;
    PERFORM undo_keep_held(p_tenant, p_id);
    RETURN QUERY
        INSERT INTO holds AS k (tenant_id, item_id, collection, reason, held_at, held_by)
        VALUES (p_tenant, p_id, p_collection, p_reason, p_now, p_actor)
        ON CONFLICT (tenant_id, item_id) DO UPDATE SET reason = excluded.reason
        RETURNING 'held'::text, k.reason, k.held_at, k.held_by;
END $$;

-- DELETE …/hold: the held rows go back to the partitions of their own purge_at, and those already
-- past it are deleted, as their partition's drop would have. 'not_held': the item can be read but is
-- not held; 'not_found': it cannot be read.
CREATE OR REPLACE FUNCTION undo_release_hold(p_tenant text, p_collection text, p_id uuid, p_now timestamptz)
    RETURNS text
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM undo_lock_item_for_hold(p_tenant, p_id);
    DELETE FROM holds k WHERE k.tenant_id = p_tenant AND k.item_id = p_id AND k.collection = p_collection;
    IF NOT FOUND THEN
        RETURN CASE WHEN undo_item_exists(p_tenant, p_collection, p_id, p_now) THEN 'not_held' ELSE 'not_found' END;
    END IF;
    WITH back AS (
        DELETE FROM item_history h
        WHERE h.tenant_id = p_tenant AND h.id = p_id AND h.purge_at >= undo_held_from()
        RETURNING h.*
    )
    INSERT INTO item_history (tenant_id, collection, id, version, state, data, created_at, created_by,
                              updated_by, valid_from, valid_to, deletion_id, undo_expires_at, deleted_by, purge_at)
    SELECT tenant_id, collection, id, version, state, data, created_at, created_by,
           updated_by, valid_from, valid_to, deletion_id, undo_expires_at, deleted_by, undo_released_purge_at(purge_at)
    FROM back
    WHERE undo_released_purge_at(purge_at) > p_now;
    RETURN 'released';
END $$;

-- GET …/hold. 'not_held' and 'not_found' as for the release.
CREATE OR REPLACE FUNCTION undo_item_hold(p_tenant text, p_collection text, p_id uuid, p_now timestamptz)
    RETURNS TABLE (outcome text, reason text, held_at timestamptz, held_by text)
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY
        SELECT 'held'::text, k.reason, k.held_at, k.held_by FROM holds k
        WHERE k.tenant_id = p_tenant AND k.item_id = p_id AND k.collection = p_collection;
    IF NOT FOUND THEN
        RETURN QUERY SELECT CASE WHEN undo_item_exists(p_tenant, p_collection, p_id, p_now) THEN 'not_held' ELSE 'not_found' END,
                            NULL::text, NULL::timestamptz, NULL::text;
    END IF;
END $$;

-- POST …/erase: the item's row in items (live or tombstone), every version and tombstone of it in
-- history, its unique keys and references, and its place in the deletions that cover it (a deletion
-- of it alone is forgotten, so that its undo and restore answer 404; one of several keeps the others).
-- History is found by the item's id in every partition: an erasure is rare, and no partition may keep
-- a copy. The erasure is recorded without the data. 'held': on legal hold, nothing erased;
-- 'not_found': never existed, purged, or erased before.
CREATE OR REPLACE FUNCTION undo_erase_item(p_tenant text, p_collection text, p_id uuid, p_now timestamptz, p_actor text)
    RETURNS text
    LANGUAGE plpgsql AS $$
DECLARE
    result  text;
    created timestamptz;
BEGIN
    PERFORM undo_lock_item_for_hold(p_tenant, p_id);
    IF EXISTS (SELECT 1 FROM holds k WHERE k.tenant_id = p_tenant AND k.item_id = p_id AND k.collection = p_collection) THEN
        RETURN 'held';
    END IF;
    WITH in_items AS (
        DELETE FROM items WHERE tenant_id = p_tenant AND id = p_id AND collection = p_collection
        RETURNING deletion_id, created_at
    ),
    in_history AS (
        DELETE FROM item_history WHERE tenant_id = p_tenant AND id = p_id AND collection = p_collection
        RETURNING deletion_id, created_at
    ),
    covering AS (
        SELECT deletion_id FROM in_items WHERE deletion_id IS NOT NULL
        UNION
        SELECT deletion_id FROM in_history WHERE deletion_id IS NOT NULL
    ),
    freed AS (
        DELETE FROM unique_keys WHERE tenant_id = p_tenant AND item_id = p_id AND collection = p_collection
    ),
    unlinked AS (
        DELETE FROM item_references WHERE tenant_id = p_tenant AND item_id = p_id
    ),
    shortened AS (
        UPDATE deletions d
        SET item_ids = array_remove(d.item_ids, p_id),
            item_collections = CASE WHEN d.item_collections IS NOT NULL THEN
                (SELECT array_agg(e.c ORDER BY e.n) FROM unnest(d.item_ids, d.item_collections) WITH ORDINALITY AS e(i, c, n)
                 WHERE e.i <> p_id) END
        WHERE d.tenant_id = p_tenant AND d.id IN (SELECT deletion_id FROM covering) AND cardinality(d.item_ids) > 1
    ),
    forgotten AS (
        DELETE FROM deletions d
        WHERE d.tenant_id = p_tenant AND d.id IN (SELECT deletion_id FROM covering) AND d.item_ids = ARRAY[p_id]
    ),
    recorded AS (
        INSERT INTO erasures (tenant_id, collection, item_id, erased_at, erased_by)
        SELECT p_tenant, p_collection, p_id, p_now, p_actor
        WHERE EXISTS (SELECT 1 FROM in_items) OR EXISTS (SELECT 1 FROM in_history)
        ON CONFLICT (tenant_id, item_id) DO UPDATE SET erased_at = excluded.erased_at, erased_by = excluded.erased_by
    )
    SELECT CASE WHEN EXISTS (SELECT 1 FROM in_items) OR EXISTS (SELECT 1 FROM in_history) THEN 'erased'
                ELSE 'not_found' END,
           least((SELECT min(created_at) FROM in_items), (SELECT min(created_at) FROM in_history))
    INTO result, created;
    IF result = 'erased' THEN
        PERFORM undo_erasure_event(p_tenant, p_collection, p_id, p_now, p_actor, created);
    END IF;
    RETURN result;
END $$;
