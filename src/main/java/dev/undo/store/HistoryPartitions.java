package dev.undo.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the day partitions of item_history made ahead: for every retention in use, the days on
 * which rows deleted or retired from now on become purgeable. There is no DEFAULT partition
 * (it would block DETACH ... CONCURRENTLY and be scanned by every attach).
 */
public final class HistoryPartitions {
  private static final String PREMAKE = SqlStatements.load("history-premake");

  private final Pool pool;
  private final int daysAhead;
  private final Duration defaultRetention;

  public HistoryPartitions(Pool pool, int daysAhead, Duration defaultRetention) {
    this.pool = pool;
    this.daysAhead = daysAhead;
    this.defaultRetention = defaultRetention;
  }

  /** Makes what is missing; answers how many partitions it made. */
  public Future<Integer> premake(Instant now) {
    return pool.preparedQuery(PREMAKE)
        .execute(Tuple.of(Timestamps.toDb(now), daysAhead, defaultRetention.toMillis()))
        .map(rows -> rows.iterator().next().getInteger("made"));
  }
}
