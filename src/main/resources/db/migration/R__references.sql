-- The functions of references (soft foreign keys) and cascading deletions, edited here in place (see
-- R__undo_functions.sql for how repeatable migrations work).

-- The item id a reference holds: a string in UUID form, else NULL (no reference, or not an id).
CREATE OR REPLACE FUNCTION undo_reference_id(value jsonb) RETURNS uuid
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN jsonb_typeof(value) = 'string'
                 AND (value #>> '{}') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                THEN (value #>> '{}')::uuid END $$;

-- Whether a delete of an item of the collection must look at references: it is referred to (its
-- referrers cascade, restrict or detach) or refers (its item_references rows go with its tombstone).
-- PL/pgSQL here and below, so that the function is made (and its plan kept per connection) without
-- its tables being checked at creation: a database migrated to an older schema has no such tables.
CREATE OR REPLACE FUNCTION undo_has_references(p_tenant text, p_collections text[]) RETURNS boolean
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM collection_references r WHERE r.tenant_id = p_tenant AND r.target = ANY(p_collections))
        OR EXISTS (SELECT 1 FROM collection_references r WHERE r.tenant_id = p_tenant AND r.collection = ANY(p_collections));
END $$;

-- The items a deletion of the named items covers: the named ones that are active, and every active
-- item that refers to one of them through a `cascade` reference, to any depth (UNION: a cycle ends
-- where it meets an item already reached). All of them are locked FOR UPDATE when it returns.
--
-- A create, PUT, PATCH, undo or restore that names an item takes it FOR SHARE, so it cannot make a
-- referrer of an item locked here; but one that took its lock first commits a referrer that a
-- snapshot taken before cannot see. So: lock what is reached, and reach again in a new snapshot (each
-- statement of a VOLATILE function takes one) until nothing new is reached. Then what is reached is
-- all locked and complete. An active item that refers through a `restrict` reference to a reached
-- item and is not reached itself blocks the deletion ('restricted', the first 100 of them in
-- `blocked`); more than p_max items is 'too_many'. Nothing is written either way.
-- Returns one row: outcome 'ok' | 'restricted' | 'too_many', the items (ids and their collections).
CREATE OR REPLACE FUNCTION undo_cascade(p_tenant text, p_collection text, p_named uuid[], p_max integer)
    RETURNS TABLE (outcome text, ids uuid[], collections text[], blocked jsonb)
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan
AS $fn$
DECLARE
    v_start  uuid[];
    v_locked uuid[];
    v_ids    uuid[];
    v_colls  text[];
    v_new    uuid[];
    v_count  integer;
    v_blocked jsonb;
BEGIN
    v_start := ARRAY(SELECT i.id FROM items i
                     WHERE i.tenant_id = p_tenant AND i.id = ANY(p_named) AND i.collection = p_collection
                       AND i.state = 'active'
                     ORDER BY i.id FOR UPDATE);
    v_locked := v_start;
    LOOP
        WITH RECURSIVE reach(id, collection) AS (
            SELECT s.id, p_collection FROM unnest(v_start) AS s(id)
            UNION
            -- Each reached item's referrers by the index, whatever the planner guesses of the work table
            -- (OFFSET 0 keeps the subquery a parameterized scan: joined to the work table, an item_references
            -- of unknown size was once scanned whole for every item reached).
            SELECT r.item_id, r.collection
            FROM reach t
            CROSS JOIN LATERAL (
                SELECT x.item_id, x.collection, x.field FROM item_references x
                WHERE x.tenant_id = p_tenant AND x.target_id = t.id
                OFFSET 0) r
            JOIN collection_references cr ON cr.tenant_id = p_tenant AND cr.collection = r.collection
                                         AND cr.field = r.field AND cr.target = t.collection AND cr.on_delete = 'cascade'
            JOIN items i ON i.tenant_id = p_tenant AND i.id = r.item_id AND i.state = 'active'
        )
        SELECT array_agg(x.id), array_agg(x.collection), count(*)
        INTO v_ids, v_colls, v_count
        FROM (SELECT * FROM reach LIMIT p_max + 1) x;
        IF v_count > p_max THEN
            RETURN QUERY SELECT 'too_many'::text, NULL::uuid[], NULL::text[], NULL::jsonb;
            RETURN;
        END IF;
        v_new := ARRAY(SELECT unnest(v_ids) EXCEPT SELECT unnest(v_locked));
        EXIT WHEN cardinality(v_new) = 0;
        v_locked := v_locked || ARRAY(SELECT i.id FROM items i
                                      WHERE i.tenant_id = p_tenant AND i.id = ANY(v_new) AND i.state = 'active'
                                      ORDER BY i.id FOR UPDATE);
    END LOOP;
    -- Only where a restrict reference points at a collection reached; the set is looked up by hash.
    IF EXISTS (SELECT 1 FROM collection_references cr
               WHERE cr.tenant_id = p_tenant AND cr.on_delete = 'restrict'
                 AND cr.target = ANY(ARRAY(SELECT DISTINCT unnest(v_colls)))) THEN
        WITH reached AS (
            SELECT * FROM unnest(v_ids, v_colls) AS t(id, collection)
        )
        SELECT jsonb_agg(jsonb_build_object('collection', b.collection, 'id', b.item_id, 'field', b.field)
                         ORDER BY b.collection, b.item_id, b.field)
        INTO v_blocked
        FROM (SELECT r.collection, r.item_id, r.field
              FROM reached t
              CROSS JOIN LATERAL (
                  SELECT x.item_id, x.collection, x.field FROM item_references x
                  WHERE x.tenant_id = p_tenant AND x.target_id = t.id
                  OFFSET 0) r
              JOIN collection_references cr ON cr.tenant_id = p_tenant AND cr.collection = r.collection
                                           AND cr.field = r.field AND cr.target = t.collection AND cr.on_delete = 'restrict'
              WHERE NOT EXISTS (SELECT 1 FROM reached o WHERE o.id = r.item_id)
              ORDER BY r.collection, r.item_id, r.field
              LIMIT 100) b;
    END IF;
    IF v_blocked IS NOT NULL THEN
        RETURN QUERY SELECT 'restricted'::text, NULL::uuid[], NULL::text[], v_blocked;
        RETURN;
    END IF;
    RETURN QUERY SELECT 'ok'::text, coalesce(v_ids, '{}'), coalesce(v_colls, '{}'), NULL::jsonb;
END $fn$;

-- Tombstones the active ones of the given items in one deletion: each row takes the tombstone version
-- (as undo_delete_item does for one item), with the deletion's window, from p_now and the undo window
-- of the collection it was asked of, and its own collection's retention; the versions retired go to
-- history, their unique values and references are freed. The deletion's row is the caller's to write.
CREATE OR REPLACE FUNCTION undo_tombstone(p_tenant text, p_collection text, p_ids uuid[], p_now timestamptz,
                                          p_deletion_id uuid, p_actor text)
    RETURNS TABLE (collection text, id uuid, version integer, data jsonb, created_at timestamptz,
                   updated_at timestamptz, undo_expires_at timestamptz, purge_at timestamptz)
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        WITH asked AS (
            SELECT undo_window_ms FROM collections WHERE tenant_id = $1 AND name = $2
        ),
        tombstoned AS (
            UPDATE items i
            SET version = i.version + 1, state = 'deleted', retired_from = i.updated_at, retired_by = i.updated_by,
                updated_at = greatest($4, i.updated_at + interval '1 millisecond'), updated_by = $6,
                deletion_id = $5, deleted_by = $6,
                undo_expires_at = undo_window_end($4, asked.undo_window_ms),
                purge_at = greatest($4, i.updated_at + interval '1 millisecond') + c.retention_ms * interval '1 millisecond'
            FROM asked, collections c
            WHERE i.tenant_id = $1 AND i.id = ANY($3) AND i.state = 'active'
              AND c.tenant_id = $1 AND c.name = i.collection
            RETURNING i.tenant_id, i.collection, i.id, i.version, i.data, i.created_at, i.created_by,
                      i.updated_at, i.retired_from, i.retired_by, i.undo_expires_at, i.purge_at
        ),
        retired AS (
            INSERT INTO item_history (tenant_id, collection, id, version, state, data, created_at, created_by,
                                      updated_by, valid_from, valid_to, purge_at)
            SELECT tenant_id, collection, id, version - 1, 'active', data, created_at, created_by,
                   retired_by, retired_from, updated_at, purge_at
            FROM tombstoned
        ),
        freed AS (
            DELETE FROM unique_keys u USING tombstoned t
            WHERE u.tenant_id = $1 AND u.item_id = t.id
              AND EXISTS (SELECT 1 FROM collections c WHERE c.tenant_id = $1 AND c.name = t.collection
                                                        AND c.unique_fields <> '{}')
        ),
        unlinked AS (
            DELETE FROM item_references r USING tombstoned t
            WHERE r.tenant_id = $1 AND r.item_id = t.id
              AND EXISTS (SELECT 1 FROM collection_references cr WHERE cr.tenant_id = $1 AND cr.collection = t.collection)
        )
        SELECT t.collection, t.id, t.version, t.data, t.created_at, t.updated_at, t.undo_expires_at, t.purge_at
        FROM tombstoned t;
END $fn$;

-- The references of a deletion's tombstones that name no item they may be restored with: neither an
-- active item of the collection the reference names nor an item of the same deletion. The items
-- named are taken FOR SHARE first (and looked at by a later statement, with a later snapshot), so that
-- a concurrent delete of one either waits for the restore, and then cascades to the restored items,
-- or has committed and is seen. Each item named is looked at once (the comments of a note all name
-- it), the deletion's own items by hash. NULL when nothing is in the way, else the first 100.
-- The tombstones: p_collections, p_ids and p_data, one element each.
CREATE OR REPLACE FUNCTION undo_dangling_references(p_tenant text, p_collections text[], p_ids uuid[], p_data jsonb[])
    RETURNS jsonb
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan
AS $fn$
DECLARE
    v_targets text[];
    v_values  jsonb[];
    v_missing text[];
    v_dangling jsonb;
BEGIN
    SELECT array_agg(n.target), array_agg(n.value)
    INTO v_targets, v_values
    FROM (SELECT DISTINCT cr.target, t.data -> cr.field AS value
          FROM unnest(p_collections, p_data) AS t(collection, data)
          JOIN collection_references cr ON cr.tenant_id = p_tenant AND cr.collection = t.collection
          WHERE jsonb_typeof(t.data -> cr.field) <> 'null') n;
    IF v_targets IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM (
        SELECT i.id FROM items i
        WHERE i.tenant_id = p_tenant AND i.state = 'active'
          AND i.id = ANY(ARRAY(SELECT DISTINCT undo_reference_id(v) FROM unnest(v_values) AS v))
        ORDER BY i.id
        FOR SHARE OF i) AS held;
    WITH own AS (
        SELECT * FROM unnest(p_collections, p_ids) AS o(collection, id)
    )
    SELECT array_agg(n.target || ' ' || n.value::text) INTO v_missing
    FROM unnest(v_targets, v_values) AS n(target, value)
    WHERE NOT EXISTS (SELECT 1 FROM items i
                      WHERE i.tenant_id = p_tenant AND i.id = undo_reference_id(n.value)
                        AND i.collection = n.target AND i.state = 'active')
      AND NOT EXISTS (SELECT 1 FROM own o WHERE o.id = undo_reference_id(n.value) AND o.collection = n.target);
    IF v_missing IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT jsonb_agg(jsonb_build_object('collection', d.collection, 'id', d.id, 'field', d.field, 'value', d.value)
                     ORDER BY d.collection, d.id, d.field)
    INTO v_dangling
    FROM (SELECT t.collection, t.id, cr.field, t.data -> cr.field AS value
          FROM unnest(p_collections, p_ids, p_data) AS t(collection, id, data)
          JOIN collection_references cr ON cr.tenant_id = p_tenant AND cr.collection = t.collection
          WHERE (cr.target || ' ' || (t.data -> cr.field)::text) = ANY(v_missing)
          ORDER BY t.collection, t.id, cr.field
          LIMIT 100) d;
    RETURN v_dangling;
END $fn$;

-- The references rows of the given items that are active, as their collections declare them; for an
-- undo or restore, which makes them active again.
CREATE OR REPLACE FUNCTION undo_link_references(p_tenant text, p_ids uuid[]) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO item_references (tenant_id, target_id, collection, field, item_id)
    SELECT p_tenant, undo_reference_id(i.data -> cr.field), i.collection, cr.field, i.id
    FROM items i
    JOIN collection_references cr ON cr.tenant_id = p_tenant AND cr.collection = i.collection
    WHERE i.tenant_id = p_tenant AND i.id = ANY(p_ids) AND i.state = 'active'
      AND undo_reference_id(i.data -> cr.field) IS NOT NULL
    ON CONFLICT DO NOTHING;
END $$;
