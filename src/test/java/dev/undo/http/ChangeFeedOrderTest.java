package dev.undo.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.RunningService;
import dev.undo.support.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The feed's hard part: a reader never misses an event and never sees one twice, and sees each item's
 * events in the order their changes committed, although transactions take their ids and sequence
 * numbers when they run, not when they commit. Writers here are transactions of their own (JDBC), so
 * that they can sleep inside a transaction and commit late, out of the order they started in.
 */
class ChangeFeedOrderTest {
  @RegisterExtension
  static final RunningService service = new RunningService(new JsonObject().put("UNDO_PURGE_INTERVAL", "PT1H"));

  private final Http http = service.http();

  private String create(String collection, String title) {
    service.http().putJson("/v1/collections/" + collection, new JsonObject());
    return http.postJson("/v1/collections/" + collection + "/items", new JsonObject().put("title", title)).json().getString("id");
  }

  private static void update(Connection connection, String id) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "UPDATE items SET version = version + 1, data = jsonb_set(data, '{n}', to_jsonb(version + 1)), updated_at = now()"
            + " WHERE id = ?::uuid")) {
      statement.setString(1, id);
      assertThat(statement.executeUpdate()).isEqualTo(1);
    }
  }

  private Connection transaction() throws SQLException {
    Connection connection = TestPostgres.connect(service.databaseUrl());
    connection.setAutoCommit(false);
    return connection;
  }

  private List<JsonObject> after(String cursor, String collection) {
    return http.get("/v1/changes?limit=1000&collection=" + collection + "&after=" + cursor).json().getJsonArray("events").stream()
        .map(JsonObject.class::cast).toList();
  }

  private String head() {
    return http.get("/v1/changes?limit=1000").json().getString("next");
  }

  /** Without the horizon, a reader would pass the slow transaction's event and never see it. */
  @Test
  void anEventOfATransactionThatCommitsLateIsNotSkipped() throws Exception {
    String slow = create("horizon", "slow");
    String fast = create("horizon", "fast");
    String cursor = head();
    try (Connection first = transaction(); Connection second = transaction()) {
      update(first, slow);
      update(second, fast);
      second.commit();
      assertThat(after(cursor, "horizon")).as("held back while an older transaction runs").isEmpty();
      first.commit();
    }
    List<JsonObject> events = after(cursor, "horizon");
    assertThat(events).extracting(event -> event.getString("subject")).containsExactly(slow, fast);
  }

  /** A write of the contended item in the older transaction, which commits it. */
  private interface OlderWrite {
    void writeAndCommit(Connection older, String contended) throws Exception;
  }

  /**
   * A transaction takes its id (a write of another item), then its write of the contended item waits
   * for a younger transaction that holds it, and commits after it. Answers the contended item's events
   * from the cursor given.
   */
  private List<JsonObject> olderWaitsForYounger(String collection, OlderWrite write) throws Exception {
    String first = create(collection, "first");
    String contended = create(collection, "contended");
    String cursor = head();
    ExecutorService waiter = Executors.newSingleThreadExecutor();
    try (Connection older = transaction(); Connection younger = transaction()) {
      update(older, first);
      update(younger, contended);
      Future<?> waits = waiter.submit(() -> {
        write.writeAndCommit(older, contended);
        return null;
      });
      Thread.sleep(300);
      assertThat(waits).isNotDone();
      younger.commit();
      waits.get(10, TimeUnit.SECONDS);
    } finally {
      waiter.shutdown();
    }
    return after(cursor, collection).stream().filter(event -> event.getString("subject").equals(contended)).toList();
  }

  /** The item's two events must still come in commit order. */
  @Test
  void anItemsEventsComeInCommitOrderWhenAnOlderTransactionWaitedForIt() throws Exception {
    List<JsonObject> events = olderWaitsForYounger("lockorder", (older, contended) -> {
      update(older, contended);
      older.commit();
    });
    assertThat(events).extracting(event -> event.getJsonObject("data").getInteger("version")).containsExactly(2, 3);
  }

  /** The same for the toast's delete, which writes its event itself rather than through the trigger. */
  @Test
  void theToastsOwnEventComesInCommitOrderWhenAnOlderTransactionWaitedForIt() throws Exception {
    List<JsonObject> events = olderWaitsForYounger("toastorder", (older, contended) -> {
      try (PreparedStatement delete = older.prepareStatement("SELECT outcome FROM undo_delete_item('default', 'toastorder',"
          + " ?::uuid, now(), NULL, gen_random_uuid(), NULL, 10000)")) {
        delete.setString(1, contended);
        try (ResultSet rows = delete.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString(1)).isEqualTo("deleted");
        }
      }
      older.commit();
    });
    assertThat(events).extracting(event -> event.getString("type")).containsExactly("dev.undo.item.updated", "dev.undo.item.deleted");
    assertThat(events).extracting(event -> event.getJsonObject("data").getInteger("version")).containsExactly(2, 3);
  }

  @Test
  void concurrentWritersCommittingOutOfOrderAreReadWhole() throws Exception {
    long seed = Long.getLong("undo.feed.seed", System.nanoTime());
    System.out.println("ChangeFeedOrderTest seed " + seed + " (-Dundo.feed.seed=" + seed + " replays it)");
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      items.add(create("concurrent", "item " + i));
    }
    String start = head();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger committed = new AtomicInteger();
    AtomicInteger abandoned = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(10);
    List<Future<List<JsonObject>>> readers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      readers.add(pool.submit(() -> {
        List<JsonObject> seen = new ArrayList<>();
        String cursor = start;
        boolean last = false;
        while (true) {
          JsonObject page = http.get("/v1/changes?collection=concurrent&limit=37&wait=PT0.2S&after=" + cursor).json();
          page.getJsonArray("events").forEach(event -> seen.add((JsonObject) event));
          cursor = page.getString("next");
          if (last && page.getJsonArray("events").isEmpty()) {
            return seen;
          }
          last = !writing.get();
        }
      }));
    }
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < 6; w++) {
      Random random = new Random(seed + w);
      writers.add(pool.submit(() -> {
        for (int t = 0; t < 40; t++) {
          try (Connection connection = transaction()) {
            try {
              int touches = 1 + random.nextInt(3);
              for (int i = 0; i < touches; i++) {
                update(connection, items.get(random.nextInt(items.size())));
                Thread.sleep(random.nextInt(15));
              }
              if (random.nextInt(10) == 0) {
                connection.rollback();
                abandoned.incrementAndGet();
              } else {
                connection.commit();
                committed.incrementAndGet();
              }
            } catch (SQLException deadlock) {
              assertThat(deadlock.getSQLState()).isEqualTo("40P01");
              connection.rollback();
              abandoned.incrementAndGet();
            }
          }
        }
        return null;
      }));
    }
    // The service's own statements too, on other items of the collection.
    writers.add(pool.submit(() -> {
      for (int i = 0; i < 60; i++) {
        String id = http.postJson("/v1/collections/concurrent/items", new JsonObject().put("title", "via http " + i)).json().getString("id");
        if (i % 3 == 0) {
          http.delete("/v1/collections/concurrent/items/" + id);
        }
      }
      return null;
    }));
    for (Future<?> writer : writers) {
      writer.get(120, TimeUnit.SECONDS);
    }
    writing.set(false);

    List<Map<String, Object>> table = service.sql(
        "SELECT id::text AS id, aggregateid AS item, (payload->'data'->>'version')::int AS version FROM events"
            + " WHERE aggregatetype = 'concurrent' AND (event_xid, seq) > (split_part(?, '.', 1)::xid8, split_part(?, '.', 2)::bigint)",
        start, start);
    Set<String> expected = new HashSet<>();
    table.forEach(row -> expected.add((String) row.get("id")));
    assertThat(committed.get()).isPositive();
    for (Future<List<JsonObject>> reader : readers) {
      List<JsonObject> seen = reader.get(120, TimeUnit.SECONDS);
      List<String> ids = seen.stream().map(event -> event.getString("id")).toList();
      assertThat(ids).as("never twice").doesNotHaveDuplicates();
      assertThat(new HashSet<>(ids)).as("never missed, nothing else").isEqualTo(expected);
      Map<String, Integer> lastVersion = new HashMap<>();
      for (JsonObject event : seen) {
        String item = event.getString("subject");
        int version = event.getJsonObject("data").getInteger("version");
        Integer before = lastVersion.put(item, version);
        assertThat(before == null || version == before + 1).as("item %s: version %s after %s", item, version, before).isTrue();
      }
    }
    System.out.printf("ChangeFeedOrderTest: %d events, %d transactions committed, %d rolled back or deadlocked, 3 readers: 0 missed, 0 twice%n",
        expected.size(), committed.get(), abandoned.get());
    pool.shutdown();
  }
}
