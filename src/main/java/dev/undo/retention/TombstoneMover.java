package dev.undo.retention;

import dev.undo.store.SqlStatements;
import dev.undo.store.Timestamps;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;

/**
 * Moves the tombstones whose undo window has closed from items into the partitioned history
 * ({@code tombstones-move.sql}), in batches, so that they are purged with their partition like every
 * other old row, and items keeps live items and open windows only. It runs at every purge tick, so
 * the rows move a few at a time as their windows close, never in one large burst.
 */
final class TombstoneMover {
  /**
   * How long after its window closes a tombstone may move. An undo is decided by the undo statement
   * against the window alone, on the clock of the replica that runs it; the margin keeps a replica
   * whose clock is behind from finding a tombstone gone that its clock says is still undoable.
   */
  static final Duration MARGIN = Duration.ofMinutes(1);
  /** Deletions a statement moves: small enough that no statement holds many row locks for long. */
  static final int BATCH = 500;
  /** Batches a tick moves at most, so that a tick after a long outage does not run for ever. */
  static final int MAX_BATCHES = 200;
  private static final String MOVE = SqlStatements.load("tombstones-move");

  private TombstoneMover() {}

  /** @return the tombstones moved (or dropped, when already past retention) */
  static Future<Long> move(SqlConnection connection, Instant now) {
    return batch(connection, now, 1, 0);
  }

  private static Future<Long> batch(SqlConnection connection, Instant now, int batch, long moved) {
    return connection.preparedQuery(MOVE)
        .execute(Tuple.of(Timestamps.toDb(now.minus(MARGIN)), BATCH, Timestamps.toDb(now)))
        .compose(rows -> {
          Row row = rows.iterator().next();
          long total = moved + row.getLong("tombstones");
          if (row.getLong("deletions") < BATCH || batch >= MAX_BATCHES) {
            return Future.succeededFuture(total);
          }
          return batch(connection, now, batch + 1, total);
        });
  }
}
