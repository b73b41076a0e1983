package dev.undo.store;

import dev.undo.domain.Hold;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.UUID;

/** Legal holds, one statement each; the functions they call are in R__legal_holds.sql. */
public final class HoldStore {
  private static final String PUT = SqlStatements.load("hold-put");
  private static final String GET = SqlStatements.load("hold-get");
  private static final String RELEASE = SqlStatements.load("hold-release");

  private final SqlClient client;

  public HoldStore(SqlClient client) {
    this.client = client;
  }

  /** Holds the item, or changes the reason of its hold (when and by whom stay the first hold's). */
  public Future<HoldResult> hold(String tenant, String collection, UUID id, String reason, Instant now, String actor) {
    return client.preparedQuery(PUT).execute(Tuple.of(tenant, collection, id, reason, Timestamps.toDb(now), actor))
        .map(rows -> {
          Row row = rows.iterator().next();
          HoldResult.Outcome outcome = Outcomes.of(HoldResult.Outcome.class, row);
          return new HoldResult(outcome, outcome == HoldResult.Outcome.HELD ? hold(collection, id, row) : null);
        });
  }

  public Future<HoldReadResult> get(String tenant, String collection, UUID id, Instant now) {
    return client.preparedQuery(GET).execute(Tuple.of(tenant, collection, id, Timestamps.toDb(now)))
        .map(rows -> {
          Row row = rows.iterator().next();
          HoldReadResult.Outcome outcome = Outcomes.of(HoldReadResult.Outcome.class, row);
          return new HoldReadResult(outcome, outcome == HoldReadResult.Outcome.HELD ? hold(collection, id, row) : null);
        });
  }

  public Future<ReleaseResult> release(String tenant, String collection, UUID id, Instant now) {
    return client.preparedQuery(RELEASE).execute(Tuple.of(tenant, collection, id, Timestamps.toDb(now)))
        .map(rows -> new ReleaseResult(Outcomes.of(ReleaseResult.Outcome.class, rows.iterator().next())));
  }

  private static Hold hold(String collection, UUID id, Row row) {
    return new Hold(collection, id, row.getString("reason"), Timestamps.fromDb(row.getOffsetDateTime("held_at")), row.getString("held_by"));
  }
}
