package dev.undo.http;

import static dev.undo.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.retention.PurgeReport;
import dev.undo.support.Http;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code PUT/GET/DELETE …/items/{id}/hold}: a held item is neither erased nor purged, while purge
 * still drops whole partitions. One-day partitions and a three-day retention, the clock moved by
 * days; tests run in order, since time only moves forward.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HoldApiTest {
  @RegisterExtension
  static final RunningService service = new RunningService(new JsonObject()
      .put("UNDO_PURGE_INTERVAL", "PT1H").put("UNDO_PARTITION_DAYS", "1").put("UNDO_ACTOR_HEADER", "X-Forwarded-User"));

  private static final String CASES = "/v1/collections/cases";
  private final Http http = service.http();

  @BeforeAll
  static void collections() {
    service.http().putJson(CASES, new JsonObject().put("undoWindow", "PT1M").put("retention", "PT1M")
        .put("uniqueFields", new JsonArray().add("ref")));
    service.http().putJson("/v1/collections/other", new JsonObject());
  }

  private String create(JsonObject data) {
    Http.Response created = http.postJson(CASES + "/items", data);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return CASES + "/items/" + created.json().getString("id");
  }

  private Http.Response hold(String item, Object body) {
    return http.request("PUT", item + "/hold").header("X-Forwarded-User", "counsel@example.com").json(body).send();
  }

  private static JsonObject reason(String reason) {
    return new JsonObject().put("reason", reason);
  }

  private PurgeReport tick() throws Exception {
    return service.application().purge().tick().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private long historyRows(String item) {
    return (Long) service.sqlValue("SELECT count(*) FROM item_history WHERE id = ?::uuid", item.substring(item.lastIndexOf('/') + 1));
  }

  @Test
  @Order(1)
  void aHoldIsPlacedReadChangedAndReleased() {
    String item = create(new JsonObject().put("ref", "C-1"));
    Http.Response held = hold(item, reason("case 2026-114"));
    assertThat(held.status()).as(held.toString()).isEqualTo(200);
    JsonObject hold = held.json();
    assertThat(hold.getString("id")).isEqualTo(item.substring(item.lastIndexOf('/') + 1));
    assertThat(hold.getString("collection")).isEqualTo("cases");
    assertThat(hold.getString("reason")).isEqualTo("case 2026-114");
    assertThat(hold.getString("heldBy")).isEqualTo("counsel@example.com");
    assertThat(http.get(item + "/hold").json()).isEqualTo(hold);

    service.clock().advance(Duration.ofSeconds(5));
    Http.Response changed = http.request("PUT", item + "/hold").header("X-Forwarded-User", "someone@example.com")
        .json(reason("case 2026-114, widened")).send();
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.json().getString("reason")).isEqualTo("case 2026-114, widened");
    assertThat(changed.json().getString("heldAt")).as("when it was first held").isEqualTo(hold.getString("heldAt"));
    assertThat(changed.json().getString("heldBy")).isEqualTo("counsel@example.com");

    Http.Response released = http.delete(item + "/hold");
    assertThat(released.status()).isEqualTo(204);
    assertThat(released.body()).isEmpty();
    assertThat(assertProblem(http.get(item + "/hold"), 404).getString("detail")).contains("not on legal hold");
    assertThat(http.delete(item + "/hold").status()).as("releasing what is not held").isEqualTo(204);
  }

  @Test
  @Order(2)
  void whatCannotBeHeldOrIsAskedBadlyIsRefused() {
    String unknown = CASES + "/items/0193a0b0-0000-7000-8000-000000000000";
    assertProblem(hold(unknown, reason("x")), 404);
    assertProblem(http.get(unknown + "/hold"), 404);
    assertProblem(http.delete(unknown + "/hold"), 404);
    String item = create(new JsonObject().put("ref", "C-2"));
    String elsewhere = "/v1/collections/other/items/" + item.substring(item.lastIndexOf('/') + 1);
    assertProblem(hold(elsewhere, reason("x")), 404);
    assertProblem(http.delete(elsewhere + "/hold"), 404);

    for (Object body : List.of(new JsonObject(), reason(""), reason("   "), reason("x".repeat(1001)),
        new JsonObject().put("reason", 7), reason("x").put("until", "2027-01-01"), new JsonArray())) {
      assertProblem(hold(item, body), 400);
    }
    assertProblem(http.request("PUT", item + "/hold").body("text/plain", "held").send(), 415);
    assertProblem(http.get(item + "/hold"), 404);
    assertThat(hold(item, reason("x".repeat(1000))).status()).isEqualTo(200);
  }

  @Test
  @Order(3)
  void aHeldItemIsNotErasedUntilItsHoldIsReleased() {
    String item = create(new JsonObject().put("ref", "C-3").put("name", "kept"));
    http.delete(item);
    assertThat(hold(item, reason("litigation")).status()).isEqualTo(200);

    JsonObject refused = assertProblem(http.post(item + "/erase"), 409);
    assertThat(refused.getString("type")).isEqualTo("urn:undo:problem:item-held");
    assertThat(http.get(item + "?showDeleted=true").json().getJsonObject("data").getString("name")).isEqualTo("kept");
    assertThat(service.sqlValue("SELECT count(*) FROM erasures WHERE item_id = ?::uuid", item.substring(item.lastIndexOf('/') + 1)))
        .isEqualTo(0L);

    assertThat(http.delete(item + "/hold").status()).isEqualTo(204);
    assertThat(http.post(item + "/erase").status()).isEqualTo(204);
    assertProblem(http.get(item + "?showDeleted=true"), 404);
    assertProblem(hold(item, reason("too late")), 404);
  }

  /** Without the lock that hold and erase share, both could succeed: a held item erased. */
  @Test
  @Order(4)
  void aHoldAndAnErasureRacingNeverBothSucceed() {
    for (int round = 0; round < 20; round++) {
      String item = create(new JsonObject().put("ref", "race-" + round));
      CompletableFuture<Integer> held = CompletableFuture.supplyAsync(() -> hold(item, reason("race")).status());
      CompletableFuture<Integer> erased = CompletableFuture.supplyAsync(() -> http.post(item + "/erase").status());
      List<Integer> statuses = List.of(held.join(), erased.join());
      assertThat(statuses).as("round " + round + ": hold, erase").isIn(List.of(200, 409), List.of(404, 204));
    }
  }

  @Test
  @Order(5)
  void purgeDropsThePartitionsButKeepsWhatAHeldItemHadAndWrites() throws Exception {
    // A deleted item with two versions, held; a live item held and then changed; one not held.
    String deleted = create(new JsonObject().put("ref", "D-1").put("v", 1));
    http.putJson(deleted, new JsonObject().put("ref", "D-1").put("v", 2));
    http.delete(deleted);
    String live = create(new JsonObject().put("ref", "L-1").put("v", 1));
    String free = create(new JsonObject().put("ref", "F-1"));
    http.putJson(free, new JsonObject().put("ref", "F-1").put("v", 2));
    http.delete(free);
    tick();
    String purgeAt = http.get(deleted + "?showDeleted=true").json().getString("purgeAt");
    assertThat(hold(deleted, reason("audit")).status()).isEqualTo(200);
    assertThat(hold(live, reason("audit")).status()).isEqualTo(200);
    http.putJson(live, new JsonObject().put("ref", "L-1").put("v", 2));
    assertThat(historyRows(live)).as("the version retired while held, in a partition purge drops").isEqualTo(1);

    service.clock().advance(Duration.ofDays(3));
    PurgeReport report = tick();
    assertThat(report.dropped()).as("purge still drops whole partitions").isNotEmpty();
    assertThat(report.heldRowsKept()).isEqualTo(1);
    assertProblem(http.get(free + "?showDeleted=true"), 404);

    Http.Response kept = http.get(deleted + "?showDeleted=true");
    assertThat(kept.status()).isEqualTo(200);
    assertThat(kept.json().getString("purgeAt")).as("its own day, which the hold postpones").isEqualTo(purgeAt);
    assertThat(http.get(deleted + "/versions").json().getJsonArray("versions")).hasSize(3);
    assertThat(http.get(live + "/versions").json().getJsonArray("versions")).hasSize(2);
    assertThat(service.sqlValue("SELECT count(*) FROM item_history_held")).isEqualTo(4L);
    assertThat(http.get(CASES + "/items?state=deleted&limit=100").json().getJsonArray("items").stream()
        .map(row -> ((JsonObject) row).getString("id"))).contains(deleted.substring(deleted.lastIndexOf('/') + 1));

    // Released: what is past its day goes, as its partition's drop would have taken it.
    assertThat(http.delete(deleted + "/hold").status()).isEqualTo(204);
    assertThat(http.delete(live + "/hold").status()).isEqualTo(204);
    assertProblem(http.get(deleted + "?showDeleted=true"), 404);
    assertThat(http.get(live + "/versions").json().getJsonArray("versions")).hasSize(1);
    assertThat(service.sqlValue("SELECT count(*) FROM item_history_held")).isEqualTo(0L);
  }

  @Test
  @Order(6)
  void aHeldTombstoneWhoseWindowClosesIsKeptPastItsRetention() throws Exception {
    String item = create(new JsonObject().put("ref", "T-1"));
    String other = create(new JsonObject().put("ref", "T-2"));
    assertThat(hold(item, reason("audit")).status()).isEqualTo(200);
    http.delete(item);
    http.delete(other);
    service.clock().advance(Duration.ofDays(1));
    PurgeReport report = tick();
    assertThat(report.tombstonesMoved()).isEqualTo(2);
    assertThat(http.get(item + "?showDeleted=true").status()).isEqualTo(200);
    assertThat(http.post(item + "/restore").status()).as("restorable from the trash while held").isEqualTo(201);
    assertThat(http.get(item).json().getInteger("version")).as("created, deleted, restored").isEqualTo(3);
    assertProblem(http.get(other + "?showDeleted=true"), 404);

    // Released: its history, all of it past its day by now, goes.
    assertThat(historyRows(item)).isEqualTo(2);
    assertThat(http.delete(item + "/hold").status()).isEqualTo(204);
    assertThat(historyRows(item)).isZero();
    assertThat(http.get(item).status()).isEqualTo(200);
  }
}
