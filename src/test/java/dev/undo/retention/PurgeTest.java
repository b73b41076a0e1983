package dev.undo.retention;

import static dev.undo.http.ProblemsForTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.RunningService;
import dev.undo.support.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Purging by dropping partitions, with the service's clock moved by days. One-day partitions here,
 * so that a row's purge falls on the day it is due; {@link PartitionWidthTest} covers wider ones.
 * Tests run in order: time only moves forward.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PurgeTest {
  @RegisterExtension
  static final RunningService service = new RunningService(
      new JsonObject().put("UNDO_PURGE_INTERVAL", "PT1H").put("UNDO_PARTITION_DAYS", "1"));

  private final Http http = service.http();

  private PurgeReport tick() throws Exception {
    return service.application().purge().tick().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private long partitions() {
    return (Long) service.sqlValue("SELECT count(*) FROM pg_inherits WHERE inhparent = 'item_history'::regclass");
  }

  private String create(String collection, JsonObject data) {
    Http.Response created = http.postJson("/v1/collections/" + collection + "/items", data);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return "/v1/collections/" + collection + "/items/" + created.json().getString("id");
  }

  private double counter(String name, String... tags) {
    var search = service.registry().find(name);
    if (tags.length > 0) {
      search = search.tags(tags);
    }
    var counter = search.counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  @Order(1)
  void rowsPastTheirCollectionsRetentionVanishAndRowsInsideItSurvive() throws Exception {
    http.putJson("/v1/collections/brief", new JsonObject().put("retention", "P3D").put("uniqueFields", new JsonArray().add("code")));
    http.putJson("/v1/collections/longer", new JsonObject().put("retention", "P10D"));
    Instant start = service.clock().instant();

    String deletedBrief = create("brief", new JsonObject().put("code", "A1"));
    String liveBrief = create("brief", new JsonObject().put("code", "B1"));
    String deletedLonger = create("longer", new JsonObject().put("n", 1));
    service.clock().advance(Duration.ofMinutes(1));
    http.putJson(liveBrief, new JsonObject().put("code", "B2"));
    String token = http.delete(deletedBrief).header("Link");
    String undoHref = token.substring(1, token.indexOf('>'));
    http.delete(deletedLonger);
    Instant whileV1 = start.plusSeconds(1);

    service.clock().advance(Duration.ofDays(2));
    PurgeReport early = tick();
    assertThat(early.dropped()).isEmpty();
    assertThat(http.get(deletedBrief).status()).isEqualTo(410);

    service.clock().advance(Duration.ofDays(3));
    PurgeReport report = tick();
    assertThat(report.skipped()).isFalse();
    // The partition of the rows, and premade ones whose day has also passed (empty).
    assertThat(report.dropped()).isNotEmpty();
    assertThat(report.rowsDropped()).isEqualTo(3);

    // The purged tombstone: gone for good.
    assertProblem(http.get(deletedBrief), 404);
    assertProblem(http.get(deletedBrief + "?showDeleted=true"), 404);
    assertProblem(http.get(deletedBrief + "/versions"), 404);
    assertThat(http.post(undoHref).status()).isIn(404, 410);
    assertThat(http.post(deletedBrief + "/undo").status()).isIn(404, 410);
    assertThat(http.delete(deletedBrief).status()).isEqualTo(404);
    assertThat(create("brief", new JsonObject().put("code", "A1"))).as("its unique value stays free").isNotNull();
    // The live item keeps its current version; its old version and the past are gone.
    Http.Response live = http.get(liveBrief);
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.json().getInteger("version")).isEqualTo(2);
    assertThat(http.get(liveBrief + "/versions").json().getJsonArray("versions")).hasSize(1);
    assertProblem(http.get(liveBrief + "?asOf=" + whileV1), 404);
    // Another collection's longer retention keeps its tombstone.
    assertThat(http.get(deletedLonger).status()).isEqualTo(410);
    assertThat(service.sqlValue("SELECT count(*) FROM item_history WHERE collection = 'brief'")).isEqualTo(0L);
    assertThat(service.sqlValue("SELECT count(*) FROM item_history WHERE collection = 'longer'")).isEqualTo(2L);

    assertThat(counter("undo.purge.runs", "result", "purged")).isEqualTo(1);
    assertThat(counter("undo.purge.partitions.dropped")).isEqualTo(report.dropped().size());
    assertThat(counter("undo.purge.rows.dropped")).isEqualTo(3);
    assertThat(service.registry().scrape()).contains("undo_purge_duration_seconds_count", "undo_purge_last_success_timestamp_seconds");
  }

  @Test
  @Order(2)
  void thePartitionCountStaysBoundedAsDaysPass() throws Exception {
    for (int day = 0; day < 20; day++) {
      String path = create("brief", new JsonObject().put("day", day));
      http.delete(path);
      service.clock().advance(Duration.ofDays(1));
      tick();
      // No partition outlives its day, and none is made further ahead than the longest retention
      // in use (90 days) plus the days made ahead (7): at most one partition per day in between.
      String today = java.time.LocalDate.ofInstant(service.clock().instant(), java.time.ZoneOffset.UTC)
          .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
      assertThat(service.sqlValue("SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
          + " WHERE i.inhparent = 'item_history'::regclass AND substr(c.relname, 14) < ?", today)).isEqualTo(0L);
      assertThat(partitions()).isLessThanOrEqualTo(90 + 7 + 2);
    }
  }

  @Test
  @Order(3)
  void requestsRunningDuringAPurgeAllSucceed() throws Exception {
    for (int i = 0; i < 300; i++) {
      http.delete(create("brief", new JsonObject().put("bulk", i)));
    }
    service.clock().advance(Duration.ofDays(5));
    ExecutorService clients = Executors.newFixedThreadPool(4);
    AtomicBoolean purging = new AtomicBoolean(true);
    List<Future<List<Integer>>> load = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      load.add(clients.submit(() -> {
        List<Integer> statuses = new ArrayList<>();
        while (purging.get() || statuses.size() < 20) {
          String path = create("longer", new JsonObject().put("during", true));
          statuses.add(http.get(path).status());
          Http.Response deleted = http.delete(path);
          statuses.add(deleted.status());
          String link = deleted.header("Link");
          statuses.add(http.post(link.substring(1, link.indexOf('>'))).status());
          statuses.add(http.get("/v1/collections/brief/items?state=deleted&limit=20").status());
        }
        return statuses;
      }));
    }
    PurgeReport report;
    try {
      Thread.sleep(100);
      report = tick();
    } finally {
      purging.set(false);
    }
    List<Integer> all = new ArrayList<>();
    for (Future<List<Integer>> client : load) {
      all.addAll(client.get(60, TimeUnit.SECONDS));
    }
    clients.shutdown();
    // The report's row count is reltuples once autovacuum has analysed a partition (it may have, midway
    // through the deletes above), so what was dropped is checked in the table itself.
    assertThat(report.rowsDropped()).isPositive();
    assertThat(service.sqlValue("SELECT count(*) FROM item_history WHERE data->>'bulk' IS NOT NULL")).isEqualTo(0L);
    assertThat(all).isNotEmpty().allSatisfy(status -> assertThat(status).isIn(200, 201, 204));
  }

  @Test
  @Order(4)
  void onlyOneReplicaPurgesAndAnotherTakesOverWhenItDies() throws Exception {
    // A replica in the middle of a purge holds the lock on its own connection.
    try (Connection otherReplica = TestPostgres.connect(service.databaseUrl());
        Statement statement = otherReplica.createStatement()) {
      statement.execute("SELECT pg_advisory_lock(" + 0x756e646f5f707267L + ")");
      double skippedBefore = counter("undo.purge.runs", "result", "skipped");
      assertThat(tick().skipped()).isTrue();
      assertThat(counter("undo.purge.runs", "result", "skipped")).isEqualTo(skippedBefore + 1);
    }
    // It died: its connection closed, and once its backend has exited, so has the lock (the server
    // notices asynchronously); from then on the next tick works.
    long deadline = System.currentTimeMillis() + 10_000;
    while ((Long) service.sqlValue("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted") > 0
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(tick().skipped()).isFalse();
  }

  @Test
  @Order(5)
  void aDetachLeftPendingAndATableLeftDetachedAreFinished() throws Exception {
    http.delete(create("brief", new JsonObject().put("pending", true)));
    service.clock().advance(Duration.ofDays(1));
    http.delete(create("brief", new JsonObject().put("orphan", true)));
    service.clock().advance(Duration.ofDays(5));
    List<String> expired = service.sql(
            "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = 'item_history'::regclass AND EXISTS (SELECT 1 FROM item_history h"
                + " WHERE h.tableoid = c.oid AND h.collection = 'brief') ORDER BY 1")
        .stream().map(row -> (String) row.get("name")).toList();
    assertThat(expired).hasSize(2);
    String pending = expired.get(0);
    String orphan = expired.get(1);

    try (Connection reader = TestPostgres.connect(service.databaseUrl());
        Connection detacher = TestPostgres.connect(service.databaseUrl())) {
      // An open transaction that has read item_history makes DETACH CONCURRENTLY wait in its second
      // phase; cancelling it there (here: statement_timeout) leaves the partition "detach pending".
      reader.setAutoCommit(false);
      reader.createStatement().execute("SELECT count(*) FROM item_history");
      try (Statement statement = detacher.createStatement()) {
        statement.execute("SET statement_timeout = '1s'");
        try {
          statement.execute("ALTER TABLE item_history DETACH PARTITION " + pending + " CONCURRENTLY");
        } catch (java.sql.SQLException expected) {
          assertThat(expected.getSQLState()).isEqualTo("57014");
        }
        statement.execute("RESET statement_timeout");
      }
      reader.rollback();
      try (Statement statement = detacher.createStatement()) {
        statement.execute("ALTER TABLE item_history DETACH PARTITION " + orphan);
      }
    }
    assertThat(service.sqlValue("SELECT inhdetachpending FROM pg_inherits WHERE inhrelid = ?::regclass", pending)).isEqualTo(true);

    PurgeReport report = tick();
    assertThat(report.dropped()).contains(pending, orphan);
    assertThat(service.sqlValue("SELECT to_regclass(?) IS NULL", pending)).isEqualTo(true);
    assertThat(service.sqlValue("SELECT to_regclass(?) IS NULL", orphan)).isEqualTo(true);
  }
}
