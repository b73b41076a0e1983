-- changes-read.sql for the events of one collection's items: the same page, cursor and horizon.
-- $1 tenant, $2 after event_xid, $3 after seq, $4 most events, $5 collection
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
      AND e.event_xid < h.horizon AND e.aggregatetype = $5::text
    ORDER BY e.event_xid, e.seq
    LIMIT $4::integer
) e ON true
ORDER BY e.event_xid, e.seq
