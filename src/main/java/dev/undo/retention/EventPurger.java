package dev.undo.retention;

import dev.undo.store.SqlStatements;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops the change feed's day partitions once their day is older than the events' retention, the way
 * {@link PartitionPurger} drops history's: a pending detach finished first, then DETACH CONCURRENTLY
 * and DROP, and what a crash left detached. Before a partition goes, the feed position of its last
 * event is kept ({@code event_purges}), so that a reader whose cursor is before it answers 410.
 */
final class EventPurger {
  private static final String PARTITIONS = SqlStatements.load("events-partitions");
  private static final String MARK = SqlStatements.load("events-mark-dropped");
  private static final String DETACH = SqlStatements.load("events-detach");
  private static final String FINALIZE = SqlStatements.load("events-finalize");
  private static final String LEFT_DETACHED = SqlStatements.load("events-left-detached");
  private static final String DROP = SqlStatements.load("purge-drop");

  private final Duration retention;

  EventPurger(Duration retention) {
    this.retention = retention;
  }

  /** @return the partitions dropped */
  Future<List<String>> purge(SqlConnection connection, Instant now) {
    List<String> dropped = new ArrayList<>();
    return connection.query(PARTITIONS).execute()
        .compose(found -> {
          Future<Void> chain = Future.succeededFuture();
          for (Row row : found) {
            String name = quoted(row.getString("name"));
            if (row.getBoolean("detach_pending")) {
              chain = chain.compose(done -> run(connection, MARK, name).compose(marked -> run(connection, FINALIZE, name)))
                  .compose(done -> drop(connection, name, row.getString("name"), dropped));
            }
          }
          for (Row row : found) {
            String name = quoted(row.getString("name"));
            if (!row.getBoolean("detach_pending") && expired(row.getLocalDate("day"), now)) {
              chain = chain.compose(done -> run(connection, MARK, name).compose(marked -> run(connection, DETACH, name)))
                  .compose(done -> drop(connection, name, row.getString("name"), dropped));
            }
          }
          return chain;
        })
        .compose(done -> connection.query(LEFT_DETACHED).execute())
        .compose(left -> {
          Future<Void> chain = Future.succeededFuture();
          for (Row row : left) {
            if (expired(row.getLocalDate("day"), now)) {
              String name = quoted(row.getString("name"));
              chain = chain.compose(done -> run(connection, MARK, name)).compose(done -> drop(connection, name, row.getString("name"), dropped));
            }
          }
          return chain;
        })
        .map(done -> dropped);
  }

  /** Every event of the day is older than the retention. */
  private boolean expired(LocalDate day, Instant now) {
    return !day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(now.minus(retention));
  }

  private static Future<Void> run(SqlConnection connection, String statement, String quotedName) {
    return connection.query(statement.formatted(quotedName)).execute().mapEmpty();
  }

  private static Future<Void> drop(SqlConnection connection, String quotedName, String name, List<String> dropped) {
    return run(connection, DROP, quotedName).onSuccess(done -> dropped.add(name));
  }

  /** The names come from the catalog and match ^events_[0-9]{8}$, so quoting them is only a safeguard. */
  private static String quoted(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
