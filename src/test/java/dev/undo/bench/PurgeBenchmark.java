package dev.undo.bench;

import dev.undo.UndoApplication;
import dev.undo.config.ServiceConfig;
import dev.undo.retention.PartitionPurger;
import dev.undo.retention.PurgeReport;
import dev.undo.store.Database;
import dev.undo.store.EmbeddedDatabase;
import dev.undo.store.HistoryPartitions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Purging a million tombstones: dropping their partitions (what the service does; one-day partitions
 * here, UNDO_PARTITION_DAYS=1, so that DAYS counts partitions) against a
 * row-by-row {@code DELETE ... WHERE purge_at < now()} of the same rows, both under the same HTTP
 * load, and API latency during each against the moments just before it. Everything in one run so the
 * ratios are fair on a shared, noisy machine. {@code mvn -Pbench verify} runs it; the table is
 * printed and written to target/bench/purge.json.
 */
public final class PurgeBenchmark {
  private static final int ROWS = Integer.getInteger("bench.purge.rows", 1_000_000);
  /** One day partition is what each daily purge drops; more show the cost per partition. */
  private static final int DAYS = Integer.getInteger("bench.purge.days", 1);
  private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
  private static final Duration MIN_WINDOW = Duration.ofSeconds(5);

  private PurgeBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = BenchOutput.dataDirectory("purge");
    try (EmbeddedDatabase postgres = EmbeddedDatabase.start(dataDir)) {
      run(postgres.url());
    }
  }

  private static void run(String url) throws Exception {
    Vertx vertx = Vertx.vertx();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ServiceConfig config = ServiceConfig.from(new JsonObject()
        .put("UNDO_DATABASE_URL", url)
        .put("UNDO_HTTP_PORT", String.valueOf(port))
        .put("UNDO_HTTP_HOST", "127.0.0.1")
        .put("UNDO_MANAGEMENT_PORT", "0")
        .put("UNDO_PURGE_INTERVAL", "PT24H"));
    UndoApplication service = await(UndoApplication.start(vertx, config, Clock.systemUTC(), new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT)));
    LoadGenerator load = new LoadGenerator(vertx, port, "bench", CONCURRENCY);
    Database.JdbcTarget jdbc = Database.jdbc(url);
    try (Connection sql = DriverManager.getConnection(jdbc.url(), jdbc.properties())) {
      sql.createStatement().execute("INSERT INTO collections VALUES ('default', 'bench', '{}', 30000, 7776000000, now(), now())");
      Pool pool = Database.maintenancePool(vertx, url);
      PartitionPurger purger = new PartitionPurger(pool,
          new HistoryPartitions(pool, 7, 1, Duration.ofDays(90)), Duration.ofSeconds(30), Duration.ofDays(7), Clock.systemUTC());

      // 1. The work itself, with nothing else running.
      fill(sql);
      String walBeforeDrop = walPosition(sql);
      long idleDropStarted = System.nanoTime();
      await(purger.purge());
      Duration idleDrop = Duration.ofNanos(System.nanoTime() - idleDropStarted);
      long dropWal = walBytesSince(sql, walBeforeDrop);
      requireNothingLeft(sql, "the idle drop purge");
      fill(sql);
      String walBeforeDelete = walPosition(sql);
      Duration idleDelete = timed(() -> requireAll("the idle DELETE", deleteRows(sql)));
      long deleteWal = walBytesSince(sql, walBeforeDelete);
      Duration idleVacuum = timed(() -> sql.createStatement().execute("VACUUM item_history"));
      long deleteAndVacuumWal = walBytesSince(sql, walBeforeDelete);

      // 2. Under the Undo-toast load: the purge's own time, and what clients see meanwhile against
      //    the window just before it, so that both purges are compared with the same warm service.
      load.start();
      Thread.sleep(5000);
      pauseWhile(load, () -> fill(sql));
      Thread.sleep(MIN_WINDOW.toMillis());
      Histogram beforeDrop = load.interval();
      long dropStarted = System.nanoTime();
      PurgeReport report = await(purger.purge());
      Duration dropTook = Duration.ofNanos(System.nanoTime() - dropStarted);
      Histogram duringDrop = load.interval();
      sleepRest(dropStarted);
      duringDrop.add(load.interval());
      requireNothingLeft(sql, "the drop purge");

      pauseWhile(load, () -> fill(sql));
      Thread.sleep(MIN_WINDOW.toMillis());
      Histogram beforeDelete = load.interval();
      long deleteStarted = System.nanoTime();
      long deleted = deleteRows(sql);
      Duration deleteTook = Duration.ofNanos(System.nanoTime() - deleteStarted);
      Histogram duringDelete = load.interval();
      sleepRest(deleteStarted);
      duringDelete.add(load.interval());
      load.stop();
      Thread.sleep(500);
      requireAll("the DELETE", deleted);

      JsonObject result = new JsonObject()
          .put("benchmark", "purge")
          .put("date", Instant.now().toString())
          .put("machine", Machine.describe())
          .put("rows", ROWS)
          .put("rowsDroppedAsReported", report.rowsDropped())
          .put("partitions", DAYS)
          .put("concurrency", CONCURRENCY)
          .put("idleDropPurgeMillis", idleDrop.toMillis())
          .put("idleRowDeleteMillis", idleDelete.toMillis())
          .put("idleVacuumAfterDeleteMillis", idleVacuum.toMillis())
          .put("idleDropToDeleteRatio", ratio(idleDrop.toNanos(), idleDelete.toNanos()))
          .put("idleDropToDeletePlusVacuumRatio", ratio(idleDrop.toNanos(), idleDelete.plus(idleVacuum).toNanos()))
          .put("dropPurgeWalBytes", dropWal)
          .put("rowDeleteWalBytes", deleteWal)
          .put("rowDeleteAndVacuumWalBytes", deleteAndVacuumWal)
          .put("loadedDropPurgeMillis", dropTook.toMillis())
          .put("loadedRowDeleteMillis", deleteTook.toMillis())
          .put("loadedDropToDeleteRatio", ratio(dropTook.toNanos(), deleteTook.toNanos()))
          .put("p99MillisBeforeDropPurge", millis(beforeDrop.getValueAtPercentile(99)))
          .put("p99MillisDuringDropPurge", millis(duringDrop.getValueAtPercentile(99)))
          .put("p99MillisBeforeRowDelete", millis(beforeDelete.getValueAtPercentile(99)))
          .put("p99MillisDuringRowDelete", millis(duringDelete.getValueAtPercentile(99)))
          .put("p99RatioDropPurge", ratio(duringDrop.getValueAtPercentile(99), beforeDrop.getValueAtPercentile(99)))
          .put("p99RatioRowDelete", ratio(duringDelete.getValueAtPercentile(99), beforeDelete.getValueAtPercentile(99)))
          .put("requestsMeasured", new JsonArray().add(beforeDrop.getTotalCount()).add(duringDrop.getTotalCount())
              .add(beforeDelete.getTotalCount()).add(duringDelete.getTotalCount()))
          .put("loadFailures", load.failures());
      BenchOutput.write("purge", result);
      System.out.printf("%nPurge of %,d tombstones in %d day partitions (%s)%n", ROWS, DAYS, Machine.describe());
      System.out.printf("%-32s %12s %14s %14s %14s%n", "", "idle: time", "loaded: time", "p99 before", "p99 during");
      System.out.printf("%-32s %9d ms %11d ms %11.1f ms %11.1f ms%n", "drop partitions (the service)", idleDrop.toMillis(),
          dropTook.toMillis(), millis(beforeDrop.getValueAtPercentile(99)), millis(duringDrop.getValueAtPercentile(99)));
      System.out.printf("%-32s %9d ms %11d ms %11.1f ms %11.1f ms%n", "row-by-row DELETE", idleDelete.toMillis(),
          deleteTook.toMillis(), millis(beforeDelete.getValueAtPercentile(99)), millis(duringDelete.getValueAtPercentile(99)));
      System.out.printf("%-32s %9d ms%n", "  + the VACUUM it leaves", idleVacuum.toMillis());
      System.out.printf("WAL written: drop %,d bytes; DELETE %,d bytes, %,d with its VACUUM%n", dropWal, deleteWal, deleteAndVacuumWal);
      System.out.printf("time, drop / DELETE: idle %.4f (%.4f with its VACUUM), loaded %.4f%n",
          result.getDouble("idleDropToDeleteRatio"), result.getDouble("idleDropToDeletePlusVacuumRatio"), result.getDouble("loadedDropToDeleteRatio"));
      System.out.printf("API p99 during / before (%d concurrent clients): drop %.2fx, DELETE %.2fx; load failures: %d%n%n",
          CONCURRENCY, result.getDouble("p99RatioDropPurge"), result.getDouble("p99RatioRowDelete"), load.failures());
      await(pool.close());
    } finally {
      load.stop();
      await(load.close());
      await(service.stop());
      await(vertx.close());
    }
  }

  /** A million tombstones in DAYS expired day partitions, as the service writes them, then ANALYZE. */
  private static void fill(Connection sql) throws Exception {
    long started = System.nanoTime();
    try (Statement statement = sql.createStatement()) {
      statement.execute("SELECT undo_make_history_partitions(current_date - " + (DAYS + 1) + ", current_date - 2, 1)");
      statement.execute("""
          INSERT INTO item_history (tenant_id, collection, id, version, state, data, created_at, valid_from,
                                    deletion_id, undo_expires_at, purge_at)
          SELECT 'default', 'bench-purge', gen_random_uuid(), 2, 'deleted',
                 jsonb_build_object('title', 'tombstone ' || i, 'body', repeat('x', 100)),
                 now() - interval '100 days', now() - interval '95 days', gen_random_uuid(),
                 now() - interval '95 days',
                 (current_date - %d)::timestamptz + (i %% %d) * interval '1 day' + interval '1 hour'
          FROM generate_series(1, %d) AS i
          """.formatted(DAYS + 1, DAYS, ROWS));
      statement.execute("ANALYZE item_history");
    }
    System.out.printf("filled %,d tombstones in %d ms%n", ROWS, (System.nanoTime() - started) / 1_000_000);
  }

  private static long deleteRows(Connection sql) throws Exception {
    try (Statement statement = sql.createStatement()) {
      return statement.executeUpdate("DELETE FROM item_history WHERE purge_at < now()");
    }
  }

  private static String walPosition(Connection sql) throws Exception {
    try (var rows = sql.createStatement().executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static long walBytesSince(Connection sql, String start) throws Exception {
    try (var rows = sql.createStatement().executeQuery(
        "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '" + start + "'::pg_lsn)::bigint")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** The report's row count may be the planner's estimate; what is left is counted. */
  private static void requireNothingLeft(Connection sql, String what) throws Exception {
    try (var rows = sql.createStatement().executeQuery("SELECT count(*) FROM item_history WHERE purge_at < now()")) {
      rows.next();
      if (rows.getLong(1) != 0) {
        throw new IllegalStateException(what + " left " + rows.getLong(1) + " rows past their purge time");
      }
    }
  }

  private static void requireAll(String what, long rows) {
    if (rows < ROWS) {
      throw new IllegalStateException(what + " removed " + rows + " rows, not " + ROWS);
    }
  }

  private static Duration timed(Step step) throws Exception {
    long started = System.nanoTime();
    step.run();
    return Duration.ofNanos(System.nanoTime() - started);
  }

  interface Step {
    void run() throws Exception;
  }

  /** Stops the load while the step runs (filling competes with it for the same two cores), then warms up again. */
  private static void pauseWhile(LoadGenerator load, Step step) throws Exception {
    load.stop();
    Thread.sleep(500);
    step.run();
    load.start();
    Thread.sleep(2000);
    load.interval();
  }

  private static void sleepRest(long startedNanos) throws InterruptedException {
    long rest = MIN_WINDOW.toNanos() - (System.nanoTime() - startedNanos);
    if (rest > 0) {
      TimeUnit.NANOSECONDS.sleep(rest);
    }
  }

  private static double millis(long micros) {
    return micros / 1000.0;
  }

  private static double ratio(double a, double b) {
    return Math.round(a / b * 10_000) / 10_000.0;
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }
}
