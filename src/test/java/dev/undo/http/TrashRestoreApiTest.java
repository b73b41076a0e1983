package dev.undo.http;

import static dev.undo.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The trash: {@code POST /v1/deletions/{id}/restore} and {@code POST …/items/{id}/restore} bring a
 * deletion back after its undo window, until purge, whether its tombstones are still in items or the
 * background move took them to history; undo keeps answering 410 after the window.
 */
class TrashRestoreApiTest {
  @RegisterExtension
  static final RunningService service = new RunningService(new JsonObject().put("UNDO_PURGE_INTERVAL", "PT1H"));

  private static final String NOTES = "/v1/collections/trash";
  private static final String LOCKED = "/v1/collections/locked";
  private static final String PEOPLE = "/v1/collections/trashpeople";
  private static final Duration PAST_WINDOW = Duration.ofSeconds(11);
  private final Http http = service.http();

  @BeforeAll
  static void collections() {
    service.http().putJson(NOTES, new JsonObject().put("undoWindow", "PT10S"));
    service.http().putJson(LOCKED, new JsonObject().put("undoWindow", "PT10S").put("restoreAfterWindow", false));
    service.http().putJson(PEOPLE, new JsonObject().put("undoWindow", "PT10S").put("uniqueFields", new JsonArray().add("email")));
  }

  private List<String> create(String collection, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(http.postJson(collection + "/items", new JsonObject().put("n", i)).json().getString("id"));
    }
    return ids;
  }

  private JsonObject batch(String collection, List<String> ids) {
    Http.Response deleted = http.postJson(collection + "/deletions", new JsonObject().put("ids", new JsonArray(new ArrayList<>(ids))));
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(201);
    return deleted.json();
  }

  private void moveTombstones() throws Exception {
    service.clock().advance(Duration.ofMinutes(1)); // the margin the background move leaves after a window
    service.application().purge().tick().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private JsonObject item(String collection, String id) {
    return http.get(collection + "/items/" + id + "?showDeleted=true").json();
  }

  @Test
  void aDeletionIsRestoredAfterItsWindowWhileItsTombstonesAreStillInItems() {
    List<String> ids = create(NOTES, 3);
    JsonObject deletion = batch(NOTES, ids);
    String id = deletion.getString("id");
    service.clock().advance(PAST_WINDOW);
    assertProblem(http.post(deletion.getJsonObject("undo").getString("href")), 410);

    Http.Response restored = http.post("/v1/deletions/" + id + "/restore");
    assertThat(restored.status()).as(restored.toString()).isEqualTo(201);
    assertThat(restored.header("Location")).isEqualTo("/v1/deletions/" + id);
    JsonObject body = restored.json();
    assertThat(body.getJsonObject("deletion").getString("state")).isEqualTo("restored");
    assertThat(body.getJsonObject("deletion").getString("deletedAt")).isEqualTo(deletion.getString("deletedAt"));
    assertThat(body.getJsonArray("items")).hasSize(3);
    for (String itemId : ids) {
      JsonObject live = item(NOTES, itemId);
      assertThat(live.getString("state")).isEqualTo("active");
      assertThat(live.getInteger("version")).isEqualTo(3);
    }
    assertThat(http.get("/v1/deletions/" + id).json().getString("state")).isEqualTo("restored");

    Http.Response again = http.post("/v1/deletions/" + id + "/restore");
    assertThat(again.status()).as("already restored: no new version").isEqualTo(200);
    assertThat(again.json().getJsonArray("items").getJsonObject(0).getInteger("version")).isEqualTo(3);
    assertProblem(http.post(deletion.getJsonObject("undo").getString("href")), 410);
  }

  @Test
  void aDeletionIsRestoredFromHistoryAfterTheBackgroundMoveWithItsVersions() throws Exception {
    List<String> ids = create(NOTES, 2);
    http.putJson(NOTES + "/items/" + ids.get(0), new JsonObject().put("n", "edited"));
    JsonObject deletion = batch(NOTES, ids);
    service.clock().advance(PAST_WINDOW);
    moveTombstones();
    assertThat(service.sqlValue("SELECT count(*) FROM items WHERE id = ?::uuid", ids.get(0))).as("moved to history").isEqualTo(0L);

    Http.Response restored = http.post(NOTES + "/items/" + ids.get(0) + "/restore");
    assertThat(restored.status()).as(restored.toString()).isEqualTo(201);
    assertThat(restored.json().getJsonObject("deletion").getString("id")).isEqualTo(deletion.getString("id"));
    assertThat(restored.json().getJsonArray("items")).as("the whole deletion").hasSize(2);
    JsonObject edited = item(NOTES, ids.get(0));
    assertThat(edited.getString("state")).isEqualTo("active");
    assertThat(edited.getInteger("version")).isEqualTo(4);
    assertThat(edited.getJsonObject("data")).isEqualTo(new JsonObject().put("n", "edited"));
    assertThat(http.get(NOTES + "/items/" + ids.get(0) + "/versions").json().getJsonArray("versions").stream()
        .map(v -> ((JsonObject) v).getString("state"))).containsExactly("active", "deleted", "active", "active");
    assertThat(item(NOTES, ids.get(1)).getInteger("version")).isEqualTo(3);
    assertThat(http.get("/v1/deletions/" + deletion.getString("id")).json().getString("state")).isEqualTo("restored");

    // A live item again: changed, deleted and undone as any other.
    assertThat(http.putJson(NOTES + "/items/" + ids.get(1), new JsonObject().put("n", "after")).status()).isEqualTo(200);
    Http.Response deletedAgain = http.delete(NOTES + "/items/" + ids.get(1));
    assertThat(deletedAgain.status()).isEqualTo(204);
    String link = deletedAgain.header("Link");
    assertThat(http.post(link.substring(1, link.indexOf('>'))).status()).isEqualTo(201);
    assertThat(item(NOTES, ids.get(1)).getInteger("version")).isEqualTo(6);
    assertThat(http.post("/v1/deletions/" + deletion.getString("id") + "/restore").status())
        .as("restored before; its items live").isEqualTo(200);
  }

  @Test
  void aCollectionThatDoesNotRestoreAfterTheWindowRefusesAndRestoresInsideIt() {
    List<String> ids = create(LOCKED, 2);
    JsonObject inside = batch(LOCKED, List.of(ids.get(0)));
    Http.Response early = http.post("/v1/deletions/" + inside.getString("id") + "/restore");
    assertThat(early.status()).as("inside the window a restore is an undo").isEqualTo(201);
    assertThat(early.json().getJsonObject("deletion").getString("state")).isEqualTo("undone");

    JsonObject late = batch(LOCKED, List.of(ids.get(1)));
    service.clock().advance(PAST_WINDOW);
    JsonObject refused = assertProblem(http.post("/v1/deletions/" + late.getString("id") + "/restore"), 409);
    assertThat(refused.getString("detail")).contains("restoreAfterWindow");
    assertThat(item(LOCKED, ids.get(1)).getString("state")).isEqualTo("deleted");
    assertThat(http.get(LOCKED).json().getBoolean("restoreAfterWindow")).isFalse();
    assertThat(http.get(NOTES).json().getBoolean("restoreAfterWindow")).isTrue();
    assertProblem(http.putJson(LOCKED, new JsonObject().put("restoreAfterWindow", "no")), 400);
  }

  @Test
  void aUniqueValueTakenMeanwhileRestoresNothing() throws Exception {
    Http.Response ann = http.postJson(PEOPLE + "/items", new JsonObject().put("email", "ann@trash.example"));
    Http.Response bob = http.postJson(PEOPLE + "/items", new JsonObject().put("email", "bob@trash.example"));
    List<String> ids = List.of(ann.json().getString("id"), bob.json().getString("id"));
    JsonObject deletion = batch(PEOPLE, ids);
    service.clock().advance(PAST_WINDOW);
    moveTombstones();
    String taker = http.postJson(PEOPLE + "/items", new JsonObject().put("email", "ann@trash.example")).json().getString("id");

    JsonObject conflict = assertProblem(http.post("/v1/deletions/" + deletion.getString("id") + "/restore"), 409);
    assertThat(conflict.getJsonArray("conflicts").getJsonObject(0).getString("value")).isEqualTo("ann@trash.example");
    ids.forEach(id -> assertThat(item(PEOPLE, id).getString("state")).as("all or nothing").isEqualTo("deleted"));

    assertThat(http.delete(PEOPLE + "/items/" + taker).status()).isEqualTo(204);
    assertThat(http.post("/v1/deletions/" + deletion.getString("id") + "/restore").status()).isEqualTo(201);
    assertThat(http.postJson(PEOPLE + "/items", new JsonObject().put("email", "bob@trash.example")).status())
        .as("the restored items hold their unique values again").isEqualTo(409);
  }

  @Test
  void concurrentRestoresOfOneDeletionRestoreOnce() throws Exception {
    List<String> ids = create(NOTES, 3);
    String deletion = batch(NOTES, ids).getString("id");
    service.clock().advance(PAST_WINDOW);
    moveTombstones();
    List<CompletableFuture<Http.Response>> racing = IntStream.range(0, 4)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> http.post("/v1/deletions/" + deletion + "/restore"))).toList();
    List<Integer> statuses = racing.stream().map(CompletableFuture::join).map(Http.Response::status).toList();
    assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
    assertThat(statuses).allMatch(status -> status == 201 || status == 200 || status == 409);
    ids.forEach(id -> assertThat(item(NOTES, id).getInteger("version")).isEqualTo(3));
  }

  private List<JsonObject> listAll(String collection, String state, int limit) {
    List<JsonObject> all = new ArrayList<>();
    String cursor = null;
    do {
      Http.Response page = http.get(collection + "/items?state=" + state + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      page.json().getJsonArray("items").forEach(item -> all.add((JsonObject) item));
      cursor = page.json().getString("next");
    } while (cursor != null);
    return all;
  }

  @Test
  void theTrashListsNewestDeletionFirstInItemsAndHistoryAndSaysWhatCanBeRestored() throws Exception {
    http.putJson("/v1/collections/bin", new JsonObject().put("undoWindow", "PT10S"));
    http.putJson("/v1/collections/lockedbin", new JsonObject().put("undoWindow", "PT10S").put("restoreAfterWindow", false));
    String bin = "/v1/collections/bin";
    List<String> oldest = create(bin, 3);
    batch(bin, oldest);
    service.clock().advance(PAST_WINDOW);
    moveTombstones();
    List<String> middle = create(bin, 2);
    batch(bin, middle);
    service.clock().advance(PAST_WINDOW);
    service.clock().advance(Duration.ofMillis(5));
    List<String> newest = create(bin, 2);
    batch(bin, newest);
    List<String> live = create(bin, 2);

    List<JsonObject> trash = listAll(bin, "deleted", 2);
    assertThat(trash.stream().map(item -> item.getString("id")).toList().subList(0, 2)).containsExactlyInAnyOrderElementsOf(newest);
    assertThat(trash.stream().map(item -> item.getString("id")).toList().subList(2, 4)).containsExactlyInAnyOrderElementsOf(middle);
    assertThat(trash.stream().map(item -> item.getString("id")).toList().subList(4, 7)).containsExactlyInAnyOrderElementsOf(oldest);
    for (int i = 1; i < trash.size(); i++) {
      assertThat(trash.get(i).getString("deletedAt")).isLessThanOrEqualTo(trash.get(i - 1).getString("deletedAt"));
    }
    trash.subList(0, 2).forEach(item -> {
      assertThat(item.getJsonObject("undo")).as("window open").isNotNull();
      assertThat(item.containsKey("restorable")).isFalse();
    });
    trash.subList(2, 7).forEach(item -> {
      assertThat(item.getValue("undo")).isNull();
      assertThat(item.getBoolean("restorable")).isTrue();
      assertThat(item.getString("deletionId")).isNotNull();
      assertThat(item.getString("purgeAt")).isNotNull();
    });

    List<JsonObject> all = listAll(bin, "all", 3);
    assertThat(all.stream().map(item -> item.getString("id")))
        .containsExactlyElementsOf(java.util.stream.Stream.of(oldest, middle, newest, live).flatMap(List::stream).sorted().toList());
    assertThat(all.stream().filter(item -> item.getString("state").equals("active")).map(item -> item.getString("id")))
        .containsExactlyInAnyOrderElementsOf(live);

    String locked = create("/v1/collections/lockedbin", 1).get(0);
    batch("/v1/collections/lockedbin", List.of(locked));
    service.clock().advance(PAST_WINDOW);
    assertThat(listAll("/v1/collections/lockedbin", "deleted", 10).get(0).getBoolean("restorable")).isFalse();

    String trashCursor = http.get(bin + "/items?state=deleted&limit=1").json().getString("next");
    assertProblem(http.get(bin + "/items?state=active&cursor=" + trashCursor), 400);
    assertProblem(http.get(bin + "/items?state=deleted&cursor=" + http.get(bin + "/items?state=all&limit=1").json().getString("next")), 400);
    assertProblem(http.get(bin + "/items?state=gone"), 400);
  }

  @Test
  void restoreOfWhatIsNotInTheTrashIsRefused() {
    assertProblem(http.post("/v1/deletions/" + UUID.randomUUID() + "/restore"), 404);
    assertProblem(http.post("/v1/deletions/nope/restore"), 400);
    assertProblem(http.post(NOTES + "/items/" + UUID.randomUUID() + "/restore"), 404);
    String live = create(NOTES, 1).get(0);
    assertProblem(http.post(NOTES + "/items/" + live + "/restore"), 409);
  }
}
