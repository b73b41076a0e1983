-- A page of the tenant's change feed after a cursor, in feed order (event_xid, seq), holding only events
-- below the oldest transaction still running: no transaction can add an event there any more, so the
-- page's last event is a cursor after which nothing is missed (V13__change_feed.sql). One row with
-- expired = true when the cursor is before events that were dropped; else one row per event, or one
-- row of NULLs when there is none yet. The cursor 0.0 is the start: never expired.
-- $1 tenant, $2 after event_xid, $3 after seq, $4 most events
SELECT h.expired, e.event_xid::text AS event_xid, e.seq, e.occurred_at, e.id, e.aggregatetype AS collection,
       e.aggregateid AS item_id, e.type, e.version, e.state, e.deletion_id, e.actor, e.payload AS data
FROM (SELECT EXISTS (SELECT 1 FROM event_purges p
                     WHERE ($2::xid8, $3::bigint) < (p.dropped_through_xid, p.dropped_through_seq)
                       AND ($2::xid8, $3::bigint) <> ('0'::xid8, 0::bigint)) AS expired,
             pg_snapshot_xmin(pg_current_snapshot()) AS horizon) h
LEFT JOIN LATERAL (
    SELECT e.event_xid, e.seq, e.occurred_at, e.id, e.aggregatetype, e.aggregateid, e.type, e.version, e.state,
           e.deletion_id, e.actor, e.payload
    FROM events e
    WHERE NOT h.expired AND e.tenant_id = $1::text
      -- The row comparison leaves tenant_id out: with it, and tenant_id = $1 too, the index scan began
      -- at the tenant's first event, so a poll at the head read the whole feed (FeedReadPlanTest).
      AND (e.event_xid, e.seq) > ($2::xid8, $3::bigint)
      AND e.event_xid < h.horizon
    ORDER BY e.event_xid, e.seq
    LIMIT $4::integer
) e ON true
ORDER BY e.event_xid, e.seq
