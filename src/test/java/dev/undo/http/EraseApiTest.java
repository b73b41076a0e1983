package dev.undo.http;

import static dev.undo.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST …/items/{id}/erase}: the item's data leaves every row the service writes (its row,
 * every version and tombstone in history, its unique keys), the erasure is recorded without it, and
 * afterwards every read, its undo and its restore answer 404.
 */
class EraseApiTest {
  @RegisterExtension
  static final RunningService service = new RunningService(
      new JsonObject().put("UNDO_PURGE_INTERVAL", "PT1H").put("UNDO_ACTOR_HEADER", "X-Forwarded-User"));

  private static final String PEOPLE = "/v1/collections/erasable";
  private static final String SECRET = "ann@private.example";
  private final Http http = service.http();

  @BeforeAll
  static void collections() {
    service.http().putJson(PEOPLE, new JsonObject().put("undoWindow", "PT10S").put("uniqueFields", new JsonArray().add("email")));
  }

  private String create(String email) {
    Http.Response created = http.postJson(PEOPLE + "/items", new JsonObject().put("email", email).put("name", "Ann " + email));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private long rowsHolding(String id, String text) {
    return (Long) service.sqlValue("SELECT (SELECT count(*) FROM items WHERE id = ?::uuid OR data::text LIKE ?)"
        + " + (SELECT count(*) FROM item_history WHERE id = ?::uuid OR data::text LIKE ?)"
        + " + (SELECT count(*) FROM unique_keys WHERE item_id = ?::uuid OR value::text LIKE ?)",
        id, "%" + text + "%", id, "%" + text + "%", id, "%" + text + "%");
  }

  @Test
  void anErasedItemLeavesNoDataAndEveryReadOfItAnswers404() {
    String id = create(SECRET);
    String path = PEOPLE + "/items/" + id;
    assertThat(http.putJson(path, new JsonObject().put("email", SECRET).put("name", "Ann B.")).status()).isEqualTo(200);
    String asOf = http.get(path).json().getString("updatedAt");
    Http.Response deleted = http.delete(path);
    String undo = deleted.header("Link").substring(1, deleted.header("Link").indexOf('>'));
    String deletionId = http.get(path + "?showDeleted=true").json().getString("deletionId");
    assertThat(rowsHolding(id, SECRET)).isPositive();

    Http.Response erased = http.request("POST", path + "/erase").header("X-Forwarded-User", "dpo@example.com").send();
    assertThat(erased.status()).as(erased.toString()).isEqualTo(204);
    assertThat(erased.body()).isEmpty();

    assertThat(rowsHolding(id, SECRET)).as("no row of items, history or unique keys holds it").isZero();
    List<Map<String, Object>> record = service.sql("SELECT collection, erased_by FROM erasures WHERE item_id = ?::uuid", id);
    assertThat(record).hasSize(1);
    assertThat(record.get(0)).containsEntry("collection", "erasable").containsEntry("erased_by", "dpo@example.com");

    assertProblem(http.get(path), 404);
    assertProblem(http.get(path + "?showDeleted=true"), 404);
    assertProblem(http.get(path + "?asOf=" + asOf), 404);
    assertProblem(http.get(path + "/versions"), 404);
    assertProblem(http.post(undo), 404);
    assertProblem(http.post(path + "/undo"), 404);
    assertProblem(http.post("/v1/deletions/" + deletionId + "/undo"), 404);
    assertProblem(http.post("/v1/deletions/" + deletionId + "/restore"), 404);
    assertProblem(http.get("/v1/deletions/" + deletionId), 404);
    assertProblem(http.post(path + "/restore"), 404);
    assertProblem(http.delete(path), 404);
    assertProblem(http.putJson(path, new JsonObject()), 404);
    for (String state : List.of("active", "deleted", "all")) {
      assertThat(http.get(PEOPLE + "/items?limit=1000&state=" + state).json().getJsonArray("items").stream()
          .map(item -> ((JsonObject) item).getString("id"))).doesNotContain(id);
    }
    assertThat(http.postJson(PEOPLE + "/items", new JsonObject().put("email", SECRET)).status())
        .as("its unique value is free").isEqualTo(201);
    assertProblem(http.post(path + "/erase"), 404);
  }

  @Test
  void aLiveItemAndATombstoneInHistoryAreErasedAlike() throws Exception {
    String live = create("live@private.example");
    assertThat(http.post(PEOPLE + "/items/" + live + "/erase").status()).isEqualTo(204);
    assertThat(rowsHolding(live, "live@private.example")).isZero();
    assertThat(http.postJson(PEOPLE + "/items", new JsonObject().put("email", "live@private.example")).status()).isEqualTo(201);

    String moved = create("moved@private.example");
    assertThat(http.delete(PEOPLE + "/items/" + moved).status()).isEqualTo(204);
    service.clock().advance(Duration.ofSeconds(11).plusMinutes(1));
    assertThat(service.application().purge().tick().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS)
        .tombstonesMoved()).isPositive();
    assertThat(service.sqlValue("SELECT count(*) FROM items WHERE id = ?::uuid", moved)).as("in history now").isEqualTo(0L);
    assertThat(http.post(PEOPLE + "/items/" + moved + "/erase").status()).isEqualTo(204);
    assertThat(rowsHolding(moved, "moved@private.example")).isZero();
    assertProblem(http.get(PEOPLE + "/items/" + moved + "?showDeleted=true"), 404);
  }

  @Test
  void erasingOneItemOfABatchLeavesTheOthersToItsUndo() {
    String kept = create("kept@private.example");
    String gone = create("gone@private.example");
    Http.Response batch = http.postJson(PEOPLE + "/deletions", new JsonObject().put("ids", new JsonArray().add(kept).add(gone)));
    String undo = batch.header("Link").substring(1, batch.header("Link").indexOf('>'));
    assertThat(http.post(PEOPLE + "/items/" + gone + "/erase").status()).isEqualTo(204);

    Http.Response undone = http.post(undo);
    assertThat(undone.status()).as(undone.toString()).isEqualTo(201);
    assertThat(http.get(PEOPLE + "/items/" + kept).json().getString("state")).isEqualTo("active");
    assertProblem(http.get(PEOPLE + "/items/" + gone), 404);
    assertThat(http.get("/v1/deletions/" + batch.json().getString("id")).json().getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("id"))).containsExactly(kept);
  }

  @Test
  void whatIsNotAnItemIsNotErased() {
    assertProblem(http.post(PEOPLE + "/items/" + UUID.randomUUID() + "/erase"), 404);
    assertProblem(http.post(PEOPLE + "/items/not-an-id/erase"), 400);
    assertProblem(http.post("/v1/collections/nowhere/items/" + UUID.randomUUID() + "/erase"), 404);
  }
}
