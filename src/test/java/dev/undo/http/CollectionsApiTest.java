package dev.undo.http;

import static dev.undo.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CollectionsApiTest {
  @RegisterExtension
  static final RunningService service = RunningService.withCollections(
      new JsonObject().put("name", "declared").put("uniqueFields", new JsonArray().add("sku")).put("undoWindow", "PT10S"));

  private final Http http = service.http();

  @Test
  void putCreatesThenUpdates() {
    Http.Response created = http.putJson("/v1/collections/books",
        new JsonObject().put("uniqueFields", new JsonArray().add("isbn")).put("undoWindow", "PT45S").put("retention", "P30D"));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.contentType()).isEqualTo("application/json");
    JsonObject body = created.json();
    assertThat(body.getString("name")).isEqualTo("books");
    assertThat(body.getJsonArray("uniqueFields")).containsExactly("isbn");
    assertThat(body.getString("undoWindow")).isEqualTo("PT45S");
    assertThat(body.getString("retention")).isEqualTo("P30D");
    assertThat(body.getString("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    Http.Response updated = http.putJson("/v1/collections/books", new JsonObject().put("undoWindow", "PT1M"));
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().getString("undoWindow")).isEqualTo("PT1M");
    assertThat(updated.json().getJsonArray("uniqueFields")).isEmpty();
    assertThat(updated.json().getString("retention")).isEqualTo("P90D");
    assertThat(updated.json().getString("createdAt")).isEqualTo(body.getString("createdAt"));

    assertThat(service.sqlValue("SELECT undo_window_ms FROM collections WHERE name = 'books'")).isEqualTo(60_000L);
  }

  @Test
  void getAnswersTheCollectionOr404() {
    http.putJson("/v1/collections/films", new JsonObject());
    Http.Response found = http.get("/v1/collections/films");
    assertThat(found.status()).isEqualTo(200);
    assertThat(found.json().fieldNames())
        .containsExactlyInAnyOrder("name", "uniqueFields", "references", "undoWindow", "retention", "restoreAfterWindow",
            "createdAt");
    assertThat(found.json().getJsonArray("references")).as("by default").isEmpty();
    assertThat(found.json().getBoolean("restoreAfterWindow")).as("by default").isTrue();
    assertThat(found.json().getString("undoWindow")).isEqualTo("PT30S");
    assertThat(found.json().getString("retention")).isEqualTo("P90D");

    assertProblem(http.get("/v1/collections/nothing-here"), 404);
  }

  @Test
  void listShowsEveryCollectionWithTheDeclaredOnes() {
    http.putJson("/v1/collections/listed", new JsonObject());
    Http.Response list = http.get("/v1/collections");
    assertThat(list.status()).isEqualTo(200);
    JsonArray collections = list.json().getJsonArray("collections");
    assertThat(collections.stream().map(c -> ((JsonObject) c).getString("name"))).contains("listed", "declared");
  }

  @Test
  void collectionsDeclaredInTheConfigurationExistAtStartUp() {
    JsonObject declared = http.get("/v1/collections/declared").json();
    assertThat(declared.getJsonArray("uniqueFields")).containsExactly("sku");
    assertThat(declared.getString("undoWindow")).isEqualTo("PT10S");
  }

  @Test
  void invalidNamesAre400() {
    assertProblem(http.putJson("/v1/collections/Upper", new JsonObject()), 400);
    assertProblem(http.putJson("/v1/collections/9starts-with-digit", new JsonObject()), 400);
    assertProblem(http.putJson("/v1/collections/" + "a".repeat(64), new JsonObject()), 400);
    assertProblem(http.get("/v1/collections/has%20space"), 400);
    assertThat(http.putJson("/v1/collections/" + "a".repeat(63), new JsonObject()).status()).isEqualTo(201);
  }

  @Test
  void durationsMayBeGivenInWeeksButNotInYearsOrMonths() {
    Http.Response weeks = http.putJson("/v1/collections/weekly", new JsonObject().put("retention", "P2W"));
    assertThat(weeks.status()).as(weeks.toString()).isEqualTo(201);
    assertThat(weeks.json().getString("retention")).isEqualTo("P14D");
    for (String text : new String[] {"P1M", "P1Y"}) {
      assertThat(assertProblem(http.putJson("/v1/collections/monthly", new JsonObject().put("retention", text)), 400)
          .getString("detail")).as(text).contains("years and months have none").contains("P2W");
    }
    assertProblem(http.get("/v1/collections/monthly"), 404);
  }

  @Test
  void badBodiesAre400Or415() {
    assertThat(assertProblem(http.putJson("/v1/collections/bad", new JsonObject().put("color", "red")), 400)
        .getString("detail")).contains("color");
    assertProblem(http.putJson("/v1/collections/bad", new JsonObject().put("undoWindow", "30 seconds")), 400);
    assertProblem(http.putJson("/v1/collections/bad", new JsonObject().put("undoWindow", "PT0.5S")), 400);
    assertProblem(http.putJson("/v1/collections/bad", new JsonObject().put("undoWindow", "PT25H")), 400);
    assertProblem(http.putJson("/v1/collections/bad", new JsonObject().put("undoWindow", 30)), 400);
    assertProblem(http.putJson("/v1/collections/bad", new JsonObject().put("retention", "PT10S")), 400);
    assertProblem(http.putJson("/v1/collections/bad", new JsonObject().put("uniqueFields", "email")), 400);
    assertProblem(http.putJson("/v1/collections/bad", new JsonObject().put("uniqueFields", new JsonArray().add(1))), 400);
    assertProblem(http.putJson("/v1/collections/bad", new JsonObject().put("uniqueFields", new JsonArray().add("a").add("a"))), 400);
    assertProblem(http.putJson("/v1/collections/bad", "[]"), 400);
    assertProblem(http.putJson("/v1/collections/bad", "{not json"), 400);
    assertProblem(http.request("PUT", "/v1/collections/bad").body("text/plain", "{}").send(), 415);
    assertProblem(http.get("/v1/collections/bad"), 404);
  }

  @Test
  void addingAUniqueFieldThatLiveItemsShareIs409AndChangesNothing() {
    http.putJson("/v1/collections/people", new JsonObject());
    http.postJson("/v1/collections/people/items", new JsonObject().put("email", "same@example.com"));
    http.postJson("/v1/collections/people/items", new JsonObject().put("email", "same@example.com"));

    JsonObject problem = assertProblem(
        http.putJson("/v1/collections/people", new JsonObject().put("uniqueFields", new JsonArray().add("email"))), 409);
    assertThat(problem.getJsonArray("conflicts")).containsExactly(
        new JsonObject().put("field", "email").put("value", "same@example.com"));
    assertThat(http.get("/v1/collections/people").json().getJsonArray("uniqueFields")).isEmpty();
  }

  @Test
  void addingAUniqueFieldOccupiesTheValuesOfLiveItemsAndDroppingItFreesThem() {
    http.putJson("/v1/collections/accounts", new JsonObject());
    http.postJson("/v1/collections/accounts/items", new JsonObject().put("login", "ann"));
    assertThat(http.putJson("/v1/collections/accounts",
        new JsonObject().put("uniqueFields", new JsonArray().add("login"))).status()).isEqualTo(200);
    assertProblem(http.postJson("/v1/collections/accounts/items", new JsonObject().put("login", "ann")), 409);

    http.putJson("/v1/collections/accounts", new JsonObject());
    assertThat(http.postJson("/v1/collections/accounts/items", new JsonObject().put("login", "ann")).status()).isEqualTo(201);
    assertThat(service.sqlValue("SELECT count(*) FROM unique_keys WHERE collection = 'accounts'")).isEqualTo(0L);
  }
}
