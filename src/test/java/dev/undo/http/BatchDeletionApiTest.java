package dev.undo.http;

import static dev.undo.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.retention.PurgeReport;
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
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /v1/collections/{c}/deletions}, {@code GET /v1/deletions/{id}} and
 * {@code POST /v1/deletions/{id}/undo}, over HTTP on PostgreSQL (API.md, "Deletions of many items").
 */
class BatchDeletionApiTest {
  @RegisterExtension
  static final RunningService service = new RunningService(new JsonObject().put("UNDO_PURGE_INTERVAL", "PT1H"));

  private static final String NOTES = "/v1/collections/notes";
  private static final String PEOPLE = "/v1/collections/people";
  private static final Pattern LINK = Pattern.compile("^</v1/undo/[A-Za-z0-9_-]{43}>; rel=\"undo\"$");
  private final Http http = service.http();

  @BeforeAll
  static void collections() {
    service.http().putJson(NOTES, new JsonObject().put("undoWindow", "PT10S"));
    service.http().putJson(PEOPLE, new JsonObject().put("undoWindow", "PT10S").put("uniqueFields", new JsonArray().add("email")));
  }

  private List<String> create(String collection, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Http.Response created = http.postJson(collection + "/items", new JsonObject().put("n", i));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      ids.add(created.json().getString("id"));
    }
    return ids;
  }

  private Http.Response batch(String collection, List<String> ids) {
    return http.postJson(collection + "/deletions", new JsonObject().put("ids", new JsonArray(new ArrayList<>(ids))));
  }

  private Http.Response batch(String collection, List<String> ids, String key) {
    return http.request("POST", collection + "/deletions").header("Idempotency-Key", key)
        .json(new JsonObject().put("ids", new JsonArray(new ArrayList<>(ids)))).send();
  }

  private static String undoHref(Http.Response answer) {
    String link = answer.header("Link");
    assertThat(link).matches(LINK);
    return link.substring(1, link.indexOf('>'));
  }

  private static List<String> itemIds(JsonObject deletion) {
    return deletion.getJsonArray("items").stream().map(item -> ((JsonObject) item).getString("id")).toList();
  }

  private String state(String collection, String id) {
    return http.get(collection + "/items/" + id + "?showDeleted=true").json().getString("state");
  }

  @Test
  void aBatchTombstonesEveryItemInOneDeletionAndOneUndoBringsThemBack() {
    List<String> ids = create(NOTES, 3);
    Http.Response deleted = batch(NOTES, ids);

    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(201);
    JsonObject deletion = deleted.json();
    String deletionId = deletion.getString("id");
    assertThat(deleted.header("Location")).isEqualTo("/v1/deletions/" + deletionId);
    assertThat(deleted.header("Undo-Expires")).isNotBlank();
    String undo = undoHref(deleted);
    assertThat(deletion.getString("state")).isEqualTo("open");
    assertThat(deletion.getInteger("count")).isEqualTo(3);
    assertThat(itemIds(deletion)).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(deletion.getJsonArray("items").getJsonObject(0).getString("collection")).isEqualTo("notes");
    assertThat(deletion.getJsonObject("undo").getString("href")).isEqualTo(undo);
    assertThat(deletion.getJsonArray("alreadyDeleted")).isEmpty();
    for (String id : ids) {
      JsonObject gone = assertProblem(http.get(NOTES + "/items/" + id), 410);
      assertThat(gone.getString("deletionId")).isEqualTo(deletionId);
    }
    assertThat(http.get(NOTES + "/items").json().getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("id"))).doesNotContainAnyElementsOf(ids);
    assertThat(service.sqlValue("SELECT count(*) FROM item_history WHERE id = ANY(?::uuid[])", "{" + String.join(",", ids) + "}"))
        .as("each item retired its version to history").isEqualTo(3L);

    JsonObject read = http.get("/v1/deletions/" + deletionId).json();
    assertThat(read.getString("state")).isEqualTo("open");
    assertThat(read.getString("deletedAt")).isEqualTo(deletion.getString("deletedAt"));
    assertThat(itemIds(read)).containsExactlyInAnyOrderElementsOf(ids);

    Http.Response undone = http.post(undo);
    assertThat(undone.status()).as(undone.toString()).isEqualTo(201);
    assertThat(undone.header("Location")).isEqualTo("/v1/deletions/" + deletionId);
    assertThat(undone.header("ETag")).as("a deletion of many items has no one version").isNull();
    assertThat(undone.json().getJsonObject("deletion").getString("state")).isEqualTo("undone");
    JsonArray items = undone.json().getJsonArray("items");
    assertThat(items.stream().map(item -> ((JsonObject) item).getString("id"))).containsExactlyInAnyOrderElementsOf(ids);
    items.forEach(item -> {
      assertThat(((JsonObject) item).getString("state")).isEqualTo("active");
      assertThat(((JsonObject) item).getInteger("version")).isEqualTo(3);
    });
    ids.forEach(id -> assertThat(state(NOTES, id)).isEqualTo("active"));

    Http.Response again = http.post("/v1/deletions/" + deletionId + "/undo");
    assertThat(again.status()).as("a retried undo restores nothing more").isEqualTo(200);
    assertThat(again.json().getJsonArray("items").getJsonObject(0).getInteger("version")).isEqualTo(3);
    assertThat(http.get("/v1/deletions/" + deletionId).json().getString("state")).isEqualTo("undone");
  }

  @Test
  void anUnknownIdDeletesNothingAndIsNamed() {
    List<String> ids = create(NOTES, 2);
    String unknown = UUID.randomUUID().toString();
    String otherCollections = create(PEOPLE, 1).get(0);
    List<String> asked = new ArrayList<>(ids);
    asked.add(unknown);
    asked.add(otherCollections);

    JsonObject problem = assertProblem(batch(NOTES, asked), 404);
    assertThat(problem.getString("type")).isEqualTo("urn:undo:problem:items-missing");
    assertThat(problem.getJsonArray("missing").getList()).containsExactlyInAnyOrder(unknown, otherCollections);
    ids.forEach(id -> assertThat(state(NOTES, id)).isEqualTo("active"));
    assertThat(http.get(NOTES + "/items/" + ids.get(0)).json().getInteger("version")).isEqualTo(1);

    assertProblem(batch("/v1/collections/nowhere", ids), 404);
  }

  @Test
  void itemsDeletedBeforeKeepTheirOwnDeletionAndUndoBringsBackExactlyTheBatch() {
    List<String> ids = create(NOTES, 3);
    String alone = ids.get(0);
    assertThat(http.delete(NOTES + "/items/" + alone).status()).isEqualTo(204);
    String aloneDeletion = assertProblem(http.get(NOTES + "/items/" + alone), 410).getString("deletionId");

    Http.Response deleted = batch(NOTES, ids);
    assertThat(deleted.status()).isEqualTo(201);
    assertThat(deleted.json().getJsonArray("alreadyDeleted").getList()).containsExactly(alone);
    assertThat(itemIds(deleted.json())).containsExactlyInAnyOrder(ids.get(1), ids.get(2));
    assertThat(deleted.json().getInteger("count")).isEqualTo(2);

    assertThat(http.post(undoHref(deleted)).status()).isEqualTo(201);
    assertThat(state(NOTES, ids.get(1))).isEqualTo("active");
    assertThat(state(NOTES, ids.get(2))).isEqualTo("active");
    JsonObject still = assertProblem(http.get(NOTES + "/items/" + alone), 410);
    assertThat(still.getString("deletionId")).as("deleted before the batch, by a deletion of its own").isEqualTo(aloneDeletion);

    Http.Response own = http.post("/v1/deletions/" + aloneDeletion + "/undo");
    assertThat(own.status()).as("a deletion of one item is undone by its id, answered with the item").isEqualTo(201);
    assertThat(own.header("Location")).isEqualTo("/v1/collections/notes/items/" + alone);
    assertThat(own.header("ETag")).isEqualTo("\"3\"");
    assertThat(own.json().getString("id")).isEqualTo(alone);
  }

  @Test
  void aBatchOfItemsAllDeletedBeforeAnswers200WithAnEmptyDeletion() {
    List<String> ids = create(NOTES, 2);
    assertThat(batch(NOTES, ids).status()).isEqualTo(201);

    Http.Response again = batch(NOTES, ids);
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.header("Link")).isNull();
    assertThat(again.header("Location")).isNull();
    JsonObject empty = again.json();
    assertThat(empty.getInteger("count")).isZero();
    assertThat(empty.getJsonArray("items")).isEmpty();
    assertThat(empty.getValue("undo")).isNull();
    assertThat(empty.getJsonArray("alreadyDeleted").getList()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(http.get("/v1/deletions/" + empty.getString("id")).json().getInteger("count")).isZero();
    Http.Response undo = http.post("/v1/deletions/" + empty.getString("id") + "/undo");
    assertThat(undo.status()).as("nothing to bring back").isEqualTo(200);
    assertThat(undo.json().getJsonArray("items")).isEmpty();
  }

  @Test
  void anIdempotencyKeyAnswersTheFirstAnswerAgainAndRefusesAnotherBody() {
    List<String> ids = create(NOTES, 2);
    String key = "key-" + UUID.randomUUID();
    Http.Response first = batch(NOTES, ids, key);
    assertThat(first.status()).isEqualTo(201);

    Http.Response retry = batch(NOTES, List.of(ids.get(1), ids.get(0), ids.get(0)), key);
    assertThat(retry.status()).as("the same ids in another order are the same request").isEqualTo(201);
    assertThat(retry.json().getString("id")).isEqualTo(first.json().getString("id"));
    assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
    assertThat(retry.header("Link")).isEqualTo(first.header("Link"));
    assertThat(itemIds(retry.json())).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(http.get(NOTES + "/items/" + ids.get(0) + "?showDeleted=true").json().getInteger("version"))
        .as("nothing deleted twice").isEqualTo(2);

    JsonObject reused = assertProblem(batch(NOTES, List.of(ids.get(0)), key), 422);
    assertThat(reused.getString("type")).isEqualTo("urn:undo:problem:idempotency-key-reused");
    assertProblem(batch(PEOPLE, ids, key), 422);

    List<String> others = create(NOTES, 1);
    assertThat(batch(NOTES, others, "other-" + key).status()).as("another key, another deletion").isEqualTo(201);
    assertProblem(batch(NOTES, others, "bad key"), 400);
  }

  @Test
  void concurrentBatchesWithOneKeyDeleteOnce() {
    List<String> ids = create(NOTES, 5);
    String key = "race-" + UUID.randomUUID();
    List<CompletableFuture<Http.Response>> racing = IntStream.range(0, 4)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> batch(NOTES, ids, key))).toList();
    List<Http.Response> answers = racing.stream().map(CompletableFuture::join).toList();
    answers.forEach(answer -> assertThat(answer.status()).as(answer.toString()).isEqualTo(201));
    assertThat(answers.stream().map(answer -> answer.json().getString("id")).distinct()).hasSize(1);
    ids.forEach(id -> assertThat(http.get(NOTES + "/items/" + id + "?showDeleted=true").json().getInteger("version")).isEqualTo(2));
  }

  @Test
  void uniqueValuesAreFreedByTheBatchAndAnUndoThatFindsOneTakenRestoresNothing() {
    Http.Response ann = http.postJson(PEOPLE + "/items", new JsonObject().put("email", "ann@example.com"));
    Http.Response bob = http.postJson(PEOPLE + "/items", new JsonObject().put("email", "bob@example.com"));
    List<String> ids = List.of(ann.json().getString("id"), bob.json().getString("id"));
    Http.Response deleted = batch(PEOPLE, ids);
    assertThat(deleted.status()).isEqualTo(201);
    assertThat(http.postJson(PEOPLE + "/items", new JsonObject().put("email", "bob@example.com")).status())
        .as("the batch freed the unique values").isEqualTo(201);

    JsonObject conflict = assertProblem(http.post(undoHref(deleted)), 409);
    assertThat(conflict.getJsonArray("conflicts").getJsonObject(0).getString("value")).isEqualTo("bob@example.com");
    ids.forEach(id -> assertThat(state(PEOPLE, id)).as("all or nothing").isEqualTo("deleted"));
    assertThat(http.get("/v1/deletions/" + deleted.json().getString("id")).json().getString("state")).isEqualTo("open");
  }

  @Test
  void concurrentUndosOfOneBatchRestoreOnce() {
    List<String> ids = create(NOTES, 4);
    String deletionId = batch(NOTES, ids).json().getString("id");
    List<CompletableFuture<Http.Response>> racing = IntStream.range(0, 4)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> http.post("/v1/deletions/" + deletionId + "/undo"))).toList();
    List<Integer> statuses = racing.stream().map(CompletableFuture::join).map(Http.Response::status).toList();
    assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
    assertThat(statuses).allMatch(status -> status == 201 || status == 200 || status == 409);
    ids.forEach(id -> assertThat(http.get(NOTES + "/items/" + id).json().getInteger("version")).isEqualTo(3));
  }

  @Test
  void afterTheWindowTheDeletionIsClosedAndItsUndoGone() throws Exception {
    List<String> ids = create(NOTES, 2);
    Http.Response deleted = batch(NOTES, ids);
    String deletionId = deleted.json().getString("id");
    service.clock().advance(Duration.ofSeconds(11));

    JsonObject closed = http.get("/v1/deletions/" + deletionId).json();
    assertThat(closed.getString("state")).isEqualTo("closed");
    assertThat(closed.getValue("undo")).isNull();
    assertProblem(http.post(undoHref(deleted)), 410);
    assertProblem(http.post("/v1/deletions/" + deletionId + "/undo"), 410);

    service.clock().advance(Duration.ofMinutes(1)); // the margin the background move leaves after a window
    PurgeReport report = service.application().purge().tick().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertThat(report.tombstonesMoved()).isGreaterThanOrEqualTo(2);
    JsonObject moved = http.get("/v1/deletions/" + deletionId).json();
    assertThat(moved.getString("state")).as("its tombstones tell it from history").isEqualTo("closed");
    assertThat(itemIds(moved)).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(moved.getString("deletedAt")).isEqualTo(closed.getString("deletedAt"));
    assertProblem(http.post("/v1/deletions/" + deletionId + "/undo"), 410);
  }

  @Test
  void anUnknownOrMalformedDeletionIsRefused() {
    assertProblem(http.get("/v1/deletions/" + UUID.randomUUID()), 404);
    assertProblem(http.post("/v1/deletions/" + UUID.randomUUID() + "/undo"), 404);
    assertProblem(http.get("/v1/deletions/not-a-uuid"), 400);
    assertProblem(http.post("/v1/deletions/not-a-uuid/undo"), 400);
  }

  @Test
  void aBadBatchBodyIs400AndDeletesNothing() {
    String id = create(NOTES, 1).get(0);
    String deletions = NOTES + "/deletions";
    assertProblem(http.postJson(deletions, new JsonObject()), 400);
    assertProblem(http.postJson(deletions, new JsonObject().put("ids", id)), 400);
    assertProblem(http.postJson(deletions, new JsonObject().put("ids", new JsonArray())), 400);
    assertProblem(http.postJson(deletions, new JsonObject().put("ids", new JsonArray().add(id).add("not-a-uuid"))), 400);
    assertProblem(http.postJson(deletions, new JsonObject().put("ids", new JsonArray().add(id).add(7))), 400);
    assertProblem(http.postJson(deletions, new JsonObject().put("ids", new JsonArray().add(id)).put("cascade", true)), 400);
    JsonArray tooMany = new JsonArray();
    IntStream.range(0, 1_001).forEach(i -> tooMany.add(UUID.randomUUID().toString()));
    assertProblem(http.postJson(deletions, new JsonObject().put("ids", tooMany)), 400);
    assertProblem(http.request("POST", deletions).body("text/plain", "{\"ids\": []}").send(), 415);
    assertProblem(http.postJson("/v1/collections/Bad!/deletions", new JsonObject().put("ids", new JsonArray().add(id))), 400);
    assertThat(state(NOTES, id)).isEqualTo("active");
  }

  @Test
  void aBatchOfAThousandItemsIsOneDeletion() {
    JsonArray many = new JsonArray();
    for (int i = 0; i < 1_000; i++) {
      many.add(new JsonObject().put("n", i));
    }
    List<String> ids = new ArrayList<>();
    for (Object data : many) {
      ids.add(http.postJson(NOTES + "/items", data).json().getString("id"));
    }
    Http.Response deleted = batch(NOTES, ids);
    assertThat(deleted.status()).isEqualTo(201);
    assertThat(deleted.json().getInteger("count")).isEqualTo(1_000);
    Http.Response undone = http.post(undoHref(deleted));
    assertThat(undone.status()).isEqualTo(201);
    assertThat(undone.json().getJsonArray("items")).hasSize(1_000);
  }
}
