package dev.undo.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the partitions of item_history made ahead: for every retention in use, the days on which
 * rows deleted or retired from now on become purgeable. A partition spans {@code widthDays} days
 * (aligned to Mondays when seven): every lookup of an item's tombstone by id covers all of them,
 * so fewer, wider partitions keep those statements cheap, at the price of rows staying up to
 * {@code widthDays - 1} days past their retention before their partition is dropped. There is no
 * DEFAULT partition (it would block DETACH ... CONCURRENTLY and be scanned by every attach).
 */
public final class HistoryPartitions {
  private static final String PREMAKE = SqlStatements.load("history-premake");

  private final Pool pool;
  private final int daysAhead;
  private final int widthDays;
  private final Duration defaultRetention;

  public HistoryPartitions(Pool pool, int daysAhead, int widthDays, Duration defaultRetention) {
    this.pool = pool;
    this.daysAhead = daysAhead;
    this.widthDays = widthDays;
    this.defaultRetention = defaultRetention;
  }

  /** Makes what is missing; answers how many partitions it made. */
  public Future<Integer> premake(Instant now) {
    return pool.preparedQuery(PREMAKE)
        .execute(Tuple.of(Timestamps.toDb(now), daysAhead, defaultRetention.toMillis(), widthDays))
        .map(rows -> rows.iterator().next().getInteger("made"));
  }
}
