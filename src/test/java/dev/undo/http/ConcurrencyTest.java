package dev.undo.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Requests that race each other: PostgreSQL must leave exactly one winner and whole version chains. */
class ConcurrencyTest {
  @RegisterExtension
  static final RunningService service = new RunningService();

  private static final String ITEMS = "/v1/collections/race/items";
  private static ExecutorService pool;
  private final Http http = service.http();

  @BeforeAll
  static void setUp() {
    pool = Executors.newFixedThreadPool(8);
    service.http().putJson("/v1/collections/race", new JsonObject().put("uniqueFields", new JsonArray().add("key")));
  }

  @AfterAll
  static void tearDown() {
    pool.shutdownNow();
  }

  /** Runs the calls at the same moment (as near as threads allow) and answers their statuses. */
  private static List<Http.Response> atOnce(List<Callable<Http.Response>> calls) throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    List<Future<Http.Response>> running = new ArrayList<>();
    for (Callable<Http.Response> call : calls) {
      running.add(pool.submit(() -> {
        gate.await();
        return call.call();
      }));
    }
    gate.countDown();
    List<Http.Response> responses = new ArrayList<>();
    for (Future<Http.Response> response : running) {
      responses.add(response.get(30, TimeUnit.SECONDS));
    }
    return responses;
  }

  private String create(JsonObject data) {
    Http.Response created = http.postJson(ITEMS, data);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  /** Versions of an item across items and item_history: must be exactly 1..n, each once. */
  private void assertWholeVersionChain(String id) {
    List<Map<String, Object>> versions = service.sql(
        "SELECT version FROM items WHERE id = ?::uuid UNION ALL SELECT version FROM item_history WHERE id = ?::uuid"
            + " ORDER BY 1", id, id);
    for (int i = 0; i < versions.size(); i++) {
      assertThat(versions.get(i).get("version")).as("versions of %s: %s", id, versions).isEqualTo(i + 1);
    }
    assertThat((Long) service.sqlValue("SELECT count(*) FROM items WHERE id = ?::uuid", id)
        + (Long) service.sqlValue("SELECT count(*) FROM item_history WHERE id = ?::uuid AND valid_to IS NULL", id))
        .as("an item has one current version: its row, or a tombstone moved to history").isEqualTo(1L);
  }

  @Test
  void ofSimultaneousUndosOfOneDeletionExactlyOneRestores() throws Exception {
    for (int round = 0; round < 15; round++) {
      String id = create(new JsonObject().put("round", round));
      Http.Response deleted = http.delete(ITEMS + "/" + id);
      String link = deleted.header("Link");
      String href = link.substring(1, link.indexOf('>'));
      List<Callable<Http.Response>> undos = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        undos.add(() -> http.post(href));
        undos.add(() -> http.post(ITEMS + "/" + id + "/undo"));
      }
      List<Http.Response> responses = atOnce(undos);
      assertThat(responses.stream().filter(r -> r.status() == 201)).as("round %d: %s", round, responses).hasSize(1);
      assertThat(responses).allSatisfy(r -> assertThat(r.status()).isIn(201, 200, 409));
      assertThat(service.sqlValue("SELECT version FROM items WHERE id = ?::uuid", id)).isEqualTo(3);
      assertWholeVersionChain(id);
    }
  }

  @Test
  void updatesRacingADeleteLoseCleanly() throws Exception {
    for (int round = 0; round < 15; round++) {
      String id = create(new JsonObject().put("n", 0));
      String path = ITEMS + "/" + id;
      List<Callable<Http.Response>> calls = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        int n = i;
        calls.add(() -> http.putJson(path, new JsonObject().put("n", n)));
        calls.add(() -> http.request("PATCH", path).header("If-Match", "\"1\"")
            .body("application/merge-patch+json", "{\"patched\": " + n + "}").send());
      }
      calls.add(() -> http.delete(path));
      calls.add(() -> http.request("DELETE", path).header("If-Match", "\"1\"").send());
      List<Http.Response> responses = atOnce(calls);

      assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 204, 410, 412));
      assertThat(responses.stream().filter(r -> r.raw().request().method().equals("DELETE") && r.status() == 204))
          .as("the unconditional delete always succeeds").isNotEmpty();
      assertThat(service.sqlValue("SELECT count(*) FROM items WHERE id = ?::uuid AND state = 'active'", id)).isEqualTo(0L);
      assertThat(service.sqlValue(
          "SELECT count(*) FROM (SELECT id, version, state, deletion_id FROM items UNION ALL SELECT id, version, state, deletion_id FROM item_history) v WHERE id = ?::uuid AND state = 'deleted'", id)).isEqualTo(1L);
      long updates = responses.stream().filter(r -> r.status() == 200).count();
      assertThat(service.sqlValue("SELECT max(version) FROM (SELECT id, version, state, deletion_id FROM items UNION ALL SELECT id, version, state, deletion_id FROM item_history) v WHERE id = ?::uuid", id))
          .isEqualTo((int) updates + 2);
      assertWholeVersionChain(id);
    }
  }

  @Test
  void simultaneousDeletesMakeOneDeletion() throws Exception {
    String id = create(new JsonObject());
    List<Callable<Http.Response>> deletes = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      deletes.add(() -> http.delete(ITEMS + "/" + id));
    }
    List<Http.Response> responses = atOnce(deletes);
    assertThat(responses).allSatisfy(r -> assertThat(r.status()).isEqualTo(204));
    assertThat(responses.stream().map(r -> r.header("Link")).distinct()).hasSize(1);
    assertThat(service.sqlValue("SELECT count(DISTINCT deletion_id) FROM (SELECT id, version, state, deletion_id FROM items UNION ALL SELECT id, version, state, deletion_id FROM item_history) v WHERE id = ?::uuid", id))
        .isEqualTo(1L);
    assertWholeVersionChain(id);
  }

  @Test
  void ofSimultaneousCreatesWithOneUniqueValueExactlyOneWins() throws Exception {
    for (int round = 0; round < 10; round++) {
      String key = "k-" + round;
      List<Callable<Http.Response>> creates = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        creates.add(() -> http.postJson(ITEMS, new JsonObject().put("key", key)));
      }
      List<Http.Response> responses = atOnce(creates);
      assertThat(responses.stream().filter(r -> r.status() == 201)).as(responses.toString()).hasSize(1);
      assertThat(responses.stream().filter(r -> r.status() == 409)).hasSize(5);
      assertThat(service.sqlValue("SELECT count(*) FROM items WHERE data->>'key' = ?", key)).isEqualTo(1L);
      assertThat(service.sqlValue("SELECT count(*) FROM unique_keys WHERE value = to_jsonb(?::text)", key)).isEqualTo(1L);
    }
  }

  @Test
  void anUndoRacingACreateOfItsUniqueValueLeavesOneOwner() throws Exception {
    for (int round = 0; round < 10; round++) {
      String key = "contested-" + round;
      String id = create(new JsonObject().put("key", key));
      String link = http.delete(ITEMS + "/" + id).header("Link");
      String href = link.substring(1, link.indexOf('>'));
      List<Http.Response> responses = atOnce(List.of(
          () -> http.post(href), () -> http.postJson(ITEMS, new JsonObject().put("key", key))));
      assertThat(responses.stream().filter(r -> r.status() == 201)).as(responses.toString()).hasSize(1);
      assertThat(responses.stream().filter(r -> r.status() == 409)).hasSize(1);
      assertThat(service.sqlValue("SELECT count(*) FROM items WHERE data->>'key' = ? AND state = 'active'", key))
          .isEqualTo(1L);
      assertThat(service.sqlValue("SELECT count(*) FROM unique_keys WHERE value = to_jsonb(?::text)", key)).isEqualTo(1L);
    }
  }
}
