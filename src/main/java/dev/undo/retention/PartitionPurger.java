package dev.undo.retention;

import dev.undo.store.HistoryPartitions;
import dev.undo.store.SqlStatements;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges history by dropping whole partitions, never by deleting rows. One tick, on one
 * connection of its own:
 *
 * <ol>
 *   <li>{@code pg_try_advisory_lock}: only one replica purges; a replica that dies loses its
 *       connection and with it the lock, so another takes over at its next tick;
 *   <li>moves the tombstones whose undo window has closed from items into history ({@link TombstoneMover});
 *   <li>moves what held items wrote to history since they were held out of the partitions it drops,
 *       into item_history_held ({@code purge-keep-held.sql}); a hold waits for a running tick, so none
 *       lands between this and the drops;
 *   <li>premakes the partitions of the coming days;
 *   <li>finishes any {@code DETACH ... CONCURRENTLY} that a crash left pending ({@code FINALIZE}),
 *       first, since while one is pending PostgreSQL detaches no other partition concurrently;
 *   <li>for each partition whose last day has ended: {@code DETACH PARTITION ... CONCURRENTLY}, then
 *       {@code DROP TABLE}, each outside a transaction and under {@code lock_timeout};
 *   <li>drops expired partitions that a crash left detached but not dropped;
 *   <li>drops the change feed's partitions past the events' retention ({@link EventPurger}).
 * </ol>
 *
 * {@code DETACH ... CONCURRENTLY} takes only a SHARE UPDATE EXCLUSIVE lock on item_history, so reads
 * and writes go on while it waits for the queries that still see the partition.
 */
public final class PartitionPurger {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionPurger.class);
  private static final String LOCK = SqlStatements.load("purge-lock");
  private static final String UNLOCK = SqlStatements.load("purge-unlock");
  private static final String LOCK_TIMEOUT = SqlStatements.load("purge-lock-timeout");
  private static final String PARTITIONS = SqlStatements.load("purge-partitions");
  private static final String LEFT_DETACHED = SqlStatements.load("purge-left-detached");
  private static final String DETACH = SqlStatements.load("purge-detach");
  private static final String FINALIZE = SqlStatements.load("purge-finalize");
  private static final String DROP = SqlStatements.load("purge-drop");
  private static final String COUNT = SqlStatements.load("purge-count");
  private static final String KEEP_HELD = SqlStatements.load("purge-keep-held");

  private final Pool pool;
  private final HistoryPartitions partitions;
  private final Duration lockTimeout;
  private final Clock clock;
  private final EventPurger events;

  public PartitionPurger(Pool pool, HistoryPartitions partitions, Duration lockTimeout, Duration eventsRetention, Clock clock) {
    this.pool = pool;
    this.events = new EventPurger(eventsRetention);
    this.partitions = partitions;
    this.lockTimeout = lockTimeout;
    this.clock = clock;
  }

  public Future<PurgeReport> purge() {
    long started = System.nanoTime();
    Instant now = clock.instant();
    return pool.getConnection().compose(connection -> connection
        .query(LOCK).execute()
        .compose(rows -> {
          if (!rows.iterator().next().getBoolean("locked")) {
            return Future.succeededFuture(PurgeReport.skipped(since(started)));
          }
          return work(connection, now, started).eventually(() ->
              connection.query(UNLOCK).execute());
        })
        .eventually(connection::close));
  }

  private Future<PurgeReport> work(SqlConnection connection, Instant now, long started) {
    List<String> dropped = new ArrayList<>();
    long[] rows = {0};
    long[] moved = {0};
    long[] kept = {0};
    return connection.preparedQuery(LOCK_TIMEOUT).execute(Tuple.of(lockTimeout.toMillis() + "ms"))
        .compose(set -> TombstoneMover.move(connection, now))
        .compose(tombstones -> {
          moved[0] = tombstones;
          return connection.query(KEEP_HELD).execute();
        })
        .compose(held -> {
          kept[0] = held.iterator().next().getLong("moved");
          return partitions.premake(now);
        })
        .onSuccess(made -> LOG.debug("Premade {} partitions {} ms into the tick", made, (System.nanoTime() - started) / 1_000_000))
        .compose(made -> connection.query(PARTITIONS).execute()
            .compose(found -> {
              // Pending detaches first: while one is pending, PostgreSQL refuses to detach any other
              // partition of the table concurrently.
              Future<Void> chain = Future.succeededFuture();
              for (Row row : found) {
                HistoryPartition partition = HistoryPartition.of(row);
                if (row.getBoolean("detach_pending")) {
                  chain = chain.compose(done -> finishDetach(connection, partition, row, rows, dropped));
                }
              }
              for (Row row : found) {
                HistoryPartition partition = HistoryPartition.of(row);
                if (!row.getBoolean("detach_pending") && partition.expiredAt(now)) {
                  chain = chain.compose(done -> detachAndDrop(connection, partition, row, rows, dropped));
                }
              }
              return chain;
            })
            .compose(done -> dropLeftDetached(connection, now, dropped))
            .compose(done -> events.purge(connection, now))
            .map(eventPartitions -> new PurgeReport(false, moved[0], kept[0], made, dropped, rows[0], eventPartitions,
                since(started))));
  }

  private Future<Void> detachAndDrop(
      SqlConnection connection, HistoryPartition partition, Row row, long[] rows, List<String> dropped) {
    long started = System.nanoTime();
    return rowCount(connection, partition, row)
        .compose(count -> connection
            .query(DETACH.formatted(partition.quoted())).execute()
            .compose(detached -> {
              LOG.debug("Detached {} in {} ms", partition.name(), (System.nanoTime() - started) / 1_000_000);
              return drop(connection, partition, dropped);
            })
            .onSuccess(done -> {
              LOG.debug("Dropped {} ({} rows) {} ms after it began", partition.name(), count, (System.nanoTime() - started) / 1_000_000);
              rows[0] += count;
            }));
  }

  /** A detach that a crash or a timeout interrupted: only FINALIZE may finish it. */
  private Future<Void> finishDetach(
      SqlConnection connection, HistoryPartition partition, Row row, long[] rows, List<String> dropped) {
    return rowCount(connection, partition, row)
        .compose(count -> connection
            .query(FINALIZE.formatted(partition.quoted())).execute()
            .compose(detached -> drop(connection, partition, dropped))
            .onSuccess(done -> rows[0] += count));
  }

  private Future<Void> dropLeftDetached(SqlConnection connection, Instant now, List<String> dropped) {
    return connection.query(LEFT_DETACHED).execute().compose(found -> {
      Future<Void> chain = Future.succeededFuture();
      for (Row row : found) {
        HistoryPartition partition = HistoryPartition.of(row);
        if (partition.expiredAt(now)) {
          chain = chain.compose(done -> drop(connection, partition, dropped));
        }
      }
      return chain;
    });
  }

  private static Future<Void> drop(SqlConnection connection, HistoryPartition partition, List<String> dropped) {
    return connection.query(DROP.formatted(partition.quoted())).execute()
        .onSuccess(done -> dropped.add(partition.name()))
        .mapEmpty();
  }

  /** The planner's estimate when the partition has been analysed (reltuples >= 0), else a count. */
  private static Future<Long> rowCount(SqlConnection connection, HistoryPartition partition, Row row) {
    long estimate = row.getLong("estimated_rows");
    if (estimate >= 0) {
      return Future.succeededFuture(estimate);
    }
    return connection.query(COUNT.formatted(partition.quoted())).execute()
        .map(counted -> counted.iterator().next().getLong("n"));
  }

  private static Duration since(long started) {
    return Duration.ofNanos(System.nanoTime() - started);
  }
}
