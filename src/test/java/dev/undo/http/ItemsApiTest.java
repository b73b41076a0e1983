package dev.undo.http;

import static dev.undo.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ItemsApiTest {
  @RegisterExtension
  static final RunningService service = new RunningService(new JsonObject().put("UNDO_BODY_LIMIT", "2048"));

  private static final String NOTES = "/v1/collections/notes/items";
  private static final String USERS = "/v1/collections/users/items";
  private final Http http = service.http();

  @BeforeAll
  static void collections() {
    service.http().putJson("/v1/collections/notes", new JsonObject());
    service.http().putJson("/v1/collections/users", new JsonObject().put("uniqueFields", new JsonArray().add("email")));
  }

  private JsonObject create(String path, JsonObject data) {
    Http.Response created = http.postJson(path, data);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json();
  }

  @Test
  void createAnswers201WithLocationETagAndTheItem() {
    Instant now = service.clock().instant();
    Http.Response created = http.postJson(NOTES, new JsonObject().put("title", "Buy milk"));
    assertThat(created.status()).isEqualTo(201);
    JsonObject item = created.json();
    String id = item.getString("id");
    assertThat(UUID.fromString(id).version()).isEqualTo(7);
    assertThat(created.header("Location")).isEqualTo(NOTES + "/" + id);
    assertThat(created.header("ETag")).isEqualTo("\"1\"");
    assertThat(item.fieldNames()).containsExactlyInAnyOrder(
        "id", "collection", "version", "state", "data", "createdAt", "updatedAt", "deletedAt", "undo", "purgeAt", "deletionId");
    assertThat(item.getString("collection")).isEqualTo("notes");
    assertThat(item.getInteger("version")).isEqualTo(1);
    assertThat(item.getString("state")).isEqualTo("active");
    assertThat(item.getJsonObject("data")).isEqualTo(new JsonObject().put("title", "Buy milk"));
    assertThat(Instant.parse(item.getString("createdAt"))).isEqualTo(now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertThat(item.getString("updatedAt")).isEqualTo(item.getString("createdAt"));
    assertThat(item.getValue("deletedAt")).isNull();
    assertThat(item.getValue("undo")).isNull();
    assertThat(item.getValue("purgeAt")).isNull();

    assertThat(service.sqlValue("SELECT data::text FROM items WHERE id = ?::uuid AND tenant_id = 'default'", id))
        .isEqualTo("{\"title\": \"Buy milk\"}");
  }

  @Test
  void createRefusesBadBodies() {
    assertProblem(http.postJson(NOTES, "[1, 2]"), 400);
    assertProblem(http.postJson(NOTES, "\"text\""), 400);
    assertProblem(http.postJson(NOTES, "{\"unclosed\": "), 400);
    assertProblem(http.postJson(NOTES, ""), 400);
    assertProblem(http.request("POST", NOTES).body("text/plain", "{}").send(), 415);
    assertProblem(http.request("POST", NOTES).body(null, "{}").send(), 415);
    assertProblem(http.postJson(NOTES, new JsonObject().put("text", "x".repeat(3000))), 413);
    assertProblem(http.postJson("/v1/collections/unknown/items", new JsonObject()), 404);
    assertProblem(http.postJson("/v1/collections/BAD/items", new JsonObject()), 400);
    assertThat(http.request("POST", NOTES).body("application/vnd.custom+json", "{}").send().status()).isEqualTo(201);
  }

  @Test
  void createWithATakenUniqueValueIs409NamingIt() {
    create(USERS, new JsonObject().put("email", "ann@example.com"));
    JsonObject problem = assertProblem(http.postJson(USERS, new JsonObject().put("email", "ann@example.com").put("n", 2)), 409);
    assertThat(problem.getJsonArray("conflicts"))
        .containsExactly(new JsonObject().put("field", "email").put("value", "ann@example.com"));
    assertThat(service.sqlValue("SELECT count(*) FROM items WHERE data->>'email' = 'ann@example.com'")).isEqualTo(1L);
    // Absent and null values occupy nothing; values of other JSON types are distinct.
    create(USERS, new JsonObject());
    create(USERS, new JsonObject());
    create(USERS, new JsonObject().putNull("email"));
    create(USERS, new JsonObject().putNull("email"));
    create(USERS, new JsonObject().put("email", 42));
    create(USERS, new JsonObject().put("email", "42"));
  }

  @Test
  void getAnswersTheItemOr404Or400() {
    JsonObject item = create(NOTES, new JsonObject().put("title", "read"));
    Http.Response got = http.get(NOTES + "/" + item.getString("id"));
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.header("ETag")).isEqualTo("\"1\"");
    assertThat(got.json()).isEqualTo(item);

    assertProblem(http.get(NOTES + "/" + UUID.randomUUID()), 404);
    assertProblem(http.get("/v1/collections/users/items/" + item.getString("id")), 404);
    assertProblem(http.get("/v1/collections/unknown/items/" + item.getString("id")), 404);
    assertProblem(http.get(NOTES + "/not-a-uuid"), 400);
    assertProblem(http.get(NOTES + "/" + item.getString("id") + "?showDeleted=maybe"), 400);
  }

  @Test
  void aBodyOnARouteThatTakesNoneIsIgnored() {
    JsonObject item = create(NOTES, new JsonObject().put("title", "ignore"));
    Http.Response got = http.request("GET", NOTES + "/" + item.getString("id")).body("text/plain", "x".repeat(5000)).send();
    assertThat(got.status()).isEqualTo(200);
  }

  @Test
  void putReplacesTheDataAndAddsAVersion() {
    JsonObject item = create(NOTES, new JsonObject().put("title", "v1").put("extra", true));
    String path = NOTES + "/" + item.getString("id");
    service.clock().advance(Duration.ofSeconds(1));
    Http.Response put = http.putJson(path, new JsonObject().put("title", "v2"));
    assertThat(put.status()).isEqualTo(200);
    assertThat(put.header("ETag")).isEqualTo("\"2\"");
    assertThat(put.json().getInteger("version")).isEqualTo(2);
    assertThat(put.json().getJsonObject("data")).isEqualTo(new JsonObject().put("title", "v2"));
    assertThat(Instant.parse(put.json().getString("updatedAt"))).isAfter(Instant.parse(put.json().getString("createdAt")));

    assertThat(service.sqlValue("SELECT count(*) FROM item_history WHERE id = ?::uuid", item.getString("id"))).isEqualTo(1L);
    assertProblem(http.putJson(NOTES + "/" + UUID.randomUUID(), new JsonObject()), 404);
    assertProblem(http.putJson(path, "[]"), 400);
    assertProblem(http.request("PUT", path).body("text/plain", "{}").send(), 415);
  }

  @Test
  void ifMatchGuardsEveryWrite() {
    JsonObject item = create(NOTES, new JsonObject().put("title", "guarded"));
    String path = NOTES + "/" + item.getString("id");
    assertProblem(http.request("PUT", path).header("If-Match", "\"7\"").json(new JsonObject()).send(), 412);
    assertProblem(http.request("PUT", path).header("If-Match", "W/\"1\"").json(new JsonObject()).send(), 412);
    assertProblem(http.request("PUT", path).header("If-Match", "garbage").json(new JsonObject()).send(), 400);
    assertThat(http.request("PUT", path).header("If-Match", "\"5\", \"1\"").json(new JsonObject().put("n", 2)).send().status())
        .isEqualTo(200);
    assertThat(http.request("PUT", path).header("If-Match", "*").json(new JsonObject().put("n", 3)).send().status())
        .isEqualTo(200);
    assertProblem(http.request("PATCH", path).header("If-Match", "\"1\"")
        .body("application/merge-patch+json", "{}").send(), 412);
    assertProblem(http.request("DELETE", path).header("If-Match", "\"1\"").send(), 412);
    assertThat(service.sqlValue("SELECT version FROM items WHERE id = ?::uuid", item.getString("id"))).isEqualTo(3);
    assertThat(http.request("DELETE", path).header("If-Match", "\"3\"").send().status()).isEqualTo(204);
  }

  @Test
  void putWithAUniqueValueTakenIs409AndKeepingYourOwnValueIsFine() {
    create(USERS, new JsonObject().put("email", "taken@example.com"));
    JsonObject mine = create(USERS, new JsonObject().put("email", "mine@example.com"));
    String path = USERS + "/" + mine.getString("id");
    assertProblem(http.putJson(path, new JsonObject().put("email", "taken@example.com")), 409);
    assertThat(http.putJson(path, new JsonObject().put("email", "mine@example.com").put("name", "kept")).status()).isEqualTo(200);
    assertThat(http.putJson(path, new JsonObject().put("email", "new@example.com")).status()).isEqualTo(200);
    // The old value is free again; the new one is taken.
    assertThat(http.postJson(USERS, new JsonObject().put("email", "mine@example.com")).status()).isEqualTo(201);
    assertProblem(http.postJson(USERS, new JsonObject().put("email", "new@example.com")), 409);
  }

  @Test
  void patchAppliesAJsonMergePatch() {
    JsonObject item = create(NOTES, new JsonObject()
        .put("title", "t").put("drop", 1).put("nested", new JsonObject().put("a", 1).put("b", 2)));
    String path = NOTES + "/" + item.getString("id");
    Http.Response patched = http.request("PATCH", path).body("application/merge-patch+json",
        "{\"drop\": null, \"nested\": {\"b\": null, \"c\": 3}, \"added\": [1]}").send();
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.header("ETag")).isEqualTo("\"2\"");
    assertThat(patched.json().getJsonObject("data")).isEqualTo(new JsonObject()
        .put("title", "t").put("nested", new JsonObject().put("a", 1).put("c", 3)).put("added", new JsonArray().add(1)));

    assertProblem(http.request("PATCH", path).body("application/json", "{}").send(), 415);
    assertProblem(http.request("PATCH", path).body("application/merge-patch+json", "[]").send(), 400);
    assertProblem(http.request("PATCH", NOTES + "/" + UUID.randomUUID()).body("application/merge-patch+json", "{}").send(), 404);
  }

  @Test
  void versionsListsEveryVersionNewestFirst() {
    JsonObject item = create(NOTES, new JsonObject().put("v", 1));
    String path = NOTES + "/" + item.getString("id");
    service.clock().advance(Duration.ofSeconds(1));
    http.putJson(path, new JsonObject().put("v", 2));
    service.clock().advance(Duration.ofSeconds(1));
    http.delete(path);

    Http.Response versions = http.get(path + "/versions");
    assertThat(versions.status()).isEqualTo(200);
    JsonArray list = versions.json().getJsonArray("versions");
    assertThat(list).hasSize(3);
    JsonObject newest = list.getJsonObject(0);
    assertThat(newest.fieldNames()).containsExactlyInAnyOrder("version", "state", "validFrom", "validTo", "data");
    assertThat(newest.getInteger("version")).isEqualTo(3);
    assertThat(newest.getString("state")).isEqualTo("deleted");
    assertThat(newest.getValue("validTo")).isNull();
    assertThat(list.getJsonObject(1).getInteger("version")).isEqualTo(2);
    assertThat(list.getJsonObject(1).getString("validTo")).isEqualTo(newest.getString("validFrom"));
    assertThat(list.getJsonObject(2).getJsonObject("data")).isEqualTo(new JsonObject().put("v", 1));
    assertThat(list.getJsonObject(2).getString("validTo")).isEqualTo(list.getJsonObject(1).getString("validFrom"));

    assertProblem(http.get(NOTES + "/" + UUID.randomUUID() + "/versions"), 404);
  }

  @Test
  void asOfAnswersTheVersionCurrentAtThatInstant() {
    Instant beforeCreation = service.clock().instant().minusSeconds(1);
    JsonObject item = create(NOTES, new JsonObject().put("v", 1));
    String path = NOTES + "/" + item.getString("id");
    Instant duringV1 = service.clock().instant();
    service.clock().advance(Duration.ofSeconds(2));
    http.putJson(path, new JsonObject().put("v", 2));
    Instant duringV2 = service.clock().instant().plusMillis(500);
    service.clock().advance(Duration.ofSeconds(2));
    http.delete(path);
    Instant whileDeleted = service.clock().instant().plusMillis(1);
    service.clock().advance(Duration.ofSeconds(1));

    Http.Response v1 = http.get(path + "?asOf=" + duringV1);
    assertThat(v1.status()).isEqualTo(200);
    assertThat(v1.header("ETag")).isEqualTo("\"1\"");
    assertThat(v1.json().getJsonObject("data")).isEqualTo(new JsonObject().put("v", 1));
    assertThat(http.get(path + "?asOf=" + duringV2).json().getInteger("version")).isEqualTo(2);
    assertThat(http.get(path + "?asOf=" + duringV2.atOffset(java.time.ZoneOffset.ofHours(2))
        .toString().replace("+", "%2B")).json().getInteger("version")).isEqualTo(2);
    assertProblem(http.get(path + "?asOf=" + whileDeleted), 410);
    assertProblem(http.get(path + "?asOf=" + beforeCreation), 404);
    assertProblem(http.get(path + "?asOf=yesterday"), 400);
  }

  @Test
  void listPagesThroughItemsWithAKeysetCursor() {
    http.putJson("/v1/collections/paged", new JsonObject());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ids.add(create("/v1/collections/paged/items", new JsonObject().put("i", i)).getString("id"));
    }
    ids.sort(String::compareTo);

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Http.Response page = http.get("/v1/collections/paged/items?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.status()).isEqualTo(200);
      JsonArray items = page.json().getJsonArray("items");
      items.forEach(item -> seen.add(((JsonObject) item).getString("id")));
      cursor = page.json().getString("next");
      pages++;
      if (pages == 1) {
        // An item created between pages shows up at the end, not twice and not in place of another.
        ids.add(create("/v1/collections/paged/items", new JsonObject().put("late", true)).getString("id"));
      }
    } while (cursor != null);
    assertThat(seen).containsExactlyElementsOf(ids);
    assertThat(pages).isEqualTo(3);

    Http.Response empty = http.get("/v1/collections/notes/items?state=deleted&limit=1000");
    assertThat(empty.status()).isEqualTo(200);
    assertProblem(http.get("/v1/collections/paged/items?limit=0"), 400);
    assertProblem(http.get("/v1/collections/paged/items?limit=1001"), 400);
    assertProblem(http.get("/v1/collections/paged/items?limit=ten"), 400);
    assertProblem(http.get("/v1/collections/paged/items?cursor=bogus"), 400);
    assertProblem(http.get("/v1/collections/paged/items?cursor=" + java.util.Base64.getUrlEncoder().encodeToString("after:x".getBytes())), 400);
    assertProblem(http.get("/v1/collections/paged/items?state=gone"), 400);
    assertProblem(http.get("/v1/collections/nowhere/items"), 404);
    JsonObject firstPage = http.get("/v1/collections/paged/items").json();
    assertThat(firstPage.getJsonArray("items")).hasSize(8);
    assertThat(firstPage.getValue("next")).isNull();
  }

  @Test
  void listOfDeletedShowsTombstonesWithTheirUndoLinks() {
    http.putJson("/v1/collections/trash", new JsonObject());
    JsonObject kept = create("/v1/collections/trash/items", new JsonObject().put("k", 1));
    JsonObject gone = create("/v1/collections/trash/items", new JsonObject().put("k", 2));
    http.delete("/v1/collections/trash/items/" + gone.getString("id"));

    JsonArray deleted = http.get("/v1/collections/trash/items?state=deleted").json().getJsonArray("items");
    assertThat(deleted).hasSize(1);
    JsonObject tombstone = deleted.getJsonObject(0);
    assertThat(tombstone.getString("id")).isEqualTo(gone.getString("id"));
    assertThat(tombstone.getString("state")).isEqualTo("deleted");
    assertThat(tombstone.getJsonObject("undo").getString("href")).startsWith("/v1/undo/");
    JsonArray active = http.get("/v1/collections/trash/items?state=active").json().getJsonArray("items");
    assertThat(active).hasSize(1);
    assertThat(active.getJsonObject(0).getString("id")).isEqualTo(kept.getString("id"));
  }

  @Test
  void unknownRoutesAndMethodsAreProblems() {
    assertProblem(http.get("/v1/nothing"), 404);
    assertProblem(http.get("/ui/nothing.js"), 404);
    assertProblem(http.request("DELETE", "/v1/collections").send(), 405);
    // Item paths, whose routes come first: a method the path does not take is 405, not 404.
    assertProblem(http.request("POST", "/v1/collections/todos/items/" + UUID.randomUUID()).send(), 405);
    assertProblem(http.request("DELETE", "/v1/collections/todos/items").send(), 405);
    assertProblem(http.get("/v1/collections/todos/items/" + UUID.randomUUID() + "/nothing"), 404);
  }

  @Test
  void corsLetsBrowsersReadTheUndoHeaders() {
    JsonObject item = create(NOTES, new JsonObject());
    Http.Response deleted = http.request("DELETE", NOTES + "/" + item.getString("id"))
        .header("Origin", "https://app.example.com").send();
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(deleted.header("Access-Control-Expose-Headers"))
        .contains("Link").contains("Undo-Expires").contains("ETag").contains("Location");
  }
}
