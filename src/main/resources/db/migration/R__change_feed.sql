-- The change feed (schema 13): the trigger that writes an item's events, the events' partitions, and
-- the erasure of an item's data from its events. Edited here in place.

-- Writes the event of a change of an item's row, in the statement that changes it: created (a new
-- row of version 1), updated, deleted, restored (a tombstone made active again, or a row made again
-- from history by a restore). The undo link is not in the event: it is a capability of whoever deleted.
-- The toast cycle's lean delete and undo (R__undo_functions.sql) write their events themselves, a
-- part of their own statement, which costs PostgreSQL less than this trigger; such a statement gives
-- the row a new event_seq, and the trigger stands aside for it (V14).
CREATE OR REPLACE FUNCTION undo_item_event() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    kind text;
    xid  xid8 := pg_current_xact_id();
BEGIN
    IF TG_OP = 'INSERT' THEN
        kind := CASE WHEN NEW.version = 1 THEN 'created' ELSE 'restored' END;
    ELSIF NEW.state = 'deleted' THEN
        kind := 'deleted';
    ELSIF OLD.state = 'deleted' THEN
        kind := 'restored';
    ELSE
        kind := 'updated';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.event_xid > xid THEN
        xid := OLD.event_xid;
    END IF;
    NEW.event_xid := xid;
    NEW.event_seq := nextval('events_seq');
    INSERT INTO events (tenant_id, event_xid, seq, occurred_at, id, aggregatetype, aggregateid, type,
                        version, state, deletion_id, actor, payload)
    VALUES (NEW.tenant_id, xid, NEW.event_seq, NEW.updated_at, gen_random_uuid(), NEW.collection, NEW.id::text,
            'dev.undo.item.' || kind, NEW.version, NEW.state, NEW.deletion_id,
            CASE kind WHEN 'created' THEN NEW.created_by WHEN 'deleted' THEN NEW.deleted_by ELSE NEW.updated_by END,
            NEW.data);
    RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER items_event_on_insert BEFORE INSERT ON items
    FOR EACH ROW EXECUTE FUNCTION undo_item_event();
-- Only a new version or state is a change: an update that touches neither writes no event, nor does
-- one that wrote the change's event itself (a new event_seq).
CREATE OR REPLACE TRIGGER items_event_on_update BEFORE UPDATE ON items
    FOR EACH ROW WHEN ((OLD.version IS DISTINCT FROM NEW.version OR OLD.state IS DISTINCT FROM NEW.state)
                       AND OLD.event_seq IS NOT DISTINCT FROM NEW.event_seq)
    EXECUTE FUNCTION undo_item_event();

-- The event of an erasure (ids only), and the item's data taken out of its earlier events. Its events
-- are found by scanning the partitions of the days since the item was made (p_created): there is no
-- index by item (V13). The erasure's event goes after the item's latest in feed order, as the trigger
-- would put it.
CREATE OR REPLACE FUNCTION undo_erasure_event(p_tenant text, p_collection text, p_id uuid, p_now timestamptz,
                                              p_actor text, p_created timestamptz)
    RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    xid xid8 := pg_current_xact_id();
BEGIN
    WITH scrubbed AS (
        UPDATE events e SET payload = NULL
        WHERE e.tenant_id = p_tenant AND e.aggregateid = p_id::text AND e.occurred_at >= p_created
          AND e.payload IS NOT NULL
        RETURNING e.event_xid
    )
    SELECT greatest(xid, max(event_xid)) INTO xid FROM scrubbed;
    INSERT INTO events (tenant_id, event_xid, seq, occurred_at, id, aggregatetype, aggregateid, type, actor)
    VALUES (p_tenant, xid, nextval('events_seq'), p_now, gen_random_uuid(), p_collection, p_id::text,
            'dev.undo.item.erased', p_actor);
END $$;

-- events_<YYYYMMDD>: one partition a UTC day, made ahead like history's and dropped after the
-- events' retention. The same naming rule both ways, here only.
CREATE OR REPLACE FUNCTION undo_event_partition_name(day date) RETURNS text
    LANGUAGE sql STABLE AS $$ SELECT 'events_' || to_char(day, 'YYYYMMDD') $$;

CREATE OR REPLACE FUNCTION undo_event_partitions() RETURNS TABLE (name text, day date)
    LANGUAGE sql STABLE AS $$
    SELECT c.relname::text, to_date(substr(c.relname, 8), 'YYYYMMDD')
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'events'::regclass AND c.relname ~ '^events_[0-9]{8}$'
$$;

-- Makes the partitions of the days from the day of p_at to days_ahead days after it that are missing.
CREATE OR REPLACE FUNCTION undo_premake_event_partitions(p_at timestamptz, days_ahead integer) RETURNS integer
    LANGUAGE plpgsql AS $$
DECLARE
    day  date := (p_at AT TIME ZONE 'UTC')::date;
    made integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('undo:events:partitions'));
    FOR i IN 0 .. days_ahead LOOP
        IF to_regclass(quote_ident(undo_event_partition_name(day + i))) IS NULL THEN
            EXECUTE format('CREATE TABLE %I.%I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                           current_schema(), undo_event_partition_name(day + i),
                           to_char(day + i, 'YYYY-MM-DD') || ' 00:00:00+00', to_char(day + i + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
            made := made + 1;
        END IF;
    END LOOP;
    RETURN made;
END $$;
