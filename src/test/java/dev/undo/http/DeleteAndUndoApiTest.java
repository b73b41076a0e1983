package dev.undo.http;

import static dev.undo.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.RunningService;
import dev.undo.undo.CaffeineUndoCache;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeleteAndUndoApiTest {
  @RegisterExtension
  static final RunningService service = new RunningService();

  private static final String ITEMS = "/v1/collections/tasks/items";
  private static final String USERS = "/v1/collections/members/items";
  private static final Pattern LINK = Pattern.compile("^</v1/undo/([A-Za-z0-9_-]{43})>; rel=\"undo\"$");
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  private final Http http = service.http();

  @BeforeAll
  static void collections() {
    service.http().putJson("/v1/collections/tasks", new JsonObject().put("undoWindow", "PT10S").put("retention", "P7D"));
    service.http().putJson("/v1/collections/members",
        new JsonObject().put("uniqueFields", new JsonArray().add("email")).put("undoWindow", "PT10S"));
  }

  private String create(String items, JsonObject data) {
    Http.Response created = http.postJson(items, data);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return items + "/" + created.json().getString("id");
  }

  private static String undoHref(Http.Response deleted) {
    Matcher link = LINK.matcher(deleted.header("Link"));
    assertThat(link.matches()).as(deleted.header("Link")).isTrue();
    return "/v1/undo/" + link.group(1);
  }

  private static String idOf(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The window closes at the deletion instant plus the undo window, rounded up to a whole second. */
  private static Instant windowEnd(Instant deletedAt, Duration window) {
    Instant end = deletedAt.plus(window);
    Instant whole = end.truncatedTo(ChronoUnit.SECONDS);
    return whole.equals(end) ? end : whole.plusSeconds(1);
  }

  @Test
  void deleteAnswers204WithTheUndoLinkAndTombstonesTheItem() {
    String path = create(ITEMS, new JsonObject().put("title", "to delete"));
    service.clock().advance(Duration.ofMillis(1500));
    Instant now = service.clock().instant().truncatedTo(ChronoUnit.MILLIS);

    Http.Response deleted = http.delete(path);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    undoHref(deleted);
    Instant expires = windowEnd(now, Duration.ofSeconds(10));
    assertThat(deleted.header("Undo-Expires")).isEqualTo(IMF_FIXDATE.format(expires));

    String id = idOf(path);
    // The tombstone is the item's row while the window is open; history has the version it retired.
    var row = service.sql(
        "SELECT version, state, deletion_id, undo_expires_at, purge_at, data->>'title' AS title FROM items WHERE id = ?::uuid", id);
    assertThat(row).hasSize(1);
    Map<String, Object> tombstone = row.get(0);
    assertThat(tombstone).containsEntry("version", 2).containsEntry("state", "deleted").containsEntry("title", "to delete");
    assertThat(tombstone.get("deletion_id")).isNotNull();
    assertThat(((java.sql.Timestamp) tombstone.get("undo_expires_at")).toInstant()).isEqualTo(expires);
    assertThat(((java.sql.Timestamp) tombstone.get("purge_at")).toInstant()).isEqualTo(now.plus(Duration.ofDays(7)));
    var history = service.sql(
        "SELECT version, state, valid_to, purge_at, data->>'title' AS title FROM item_history WHERE id = ?::uuid", id);
    assertThat(history).hasSize(1);
    assertThat(history.get(0)).containsEntry("version", 1).containsEntry("state", "active").containsEntry("title", "to delete");
    assertThat(((java.sql.Timestamp) history.get(0).get("valid_to")).toInstant()).isEqualTo(now);
    assertThat(service.sqlValue("SELECT item_ids::text FROM deletions WHERE id = ?::uuid", tombstone.get("deletion_id").toString()))
        .isEqualTo("{" + id + "}");
  }

  @Test
  void repeatingADeleteIsHarmlessAndNeverExtendsTheWindow() {
    String path = create(ITEMS, new JsonObject());
    Http.Response first = http.delete(path);
    service.clock().advance(Duration.ofSeconds(3));

    Http.Response second = http.delete(path);
    assertThat(second.status()).isEqualTo(204);
    assertThat(second.header("Link")).isEqualTo(first.header("Link"));
    assertThat(second.header("Undo-Expires")).isEqualTo(first.header("Undo-Expires"));
    assertThat(service.sqlValue("SELECT version FROM items WHERE id = ?::uuid", idOf(path))).isEqualTo(2);
    assertThat(service.sqlValue("SELECT count(*) FROM item_history WHERE id = ?::uuid", idOf(path))).isEqualTo(1L);

    service.clock().advance(Duration.ofSeconds(10));
    Http.Response late = http.delete(path);
    assertThat(late.status()).isEqualTo(204);
    assertThat(late.header("Link")).isNull();
    assertThat(late.header("Undo-Expires")).isNull();
  }

  @Test
  void deleteWithPreferReturnRepresentationAnswers200WithTheTombstone() {
    String path = create(ITEMS, new JsonObject().put("title", "shown"));
    Http.Response deleted = http.request("DELETE", path).header("Prefer", "return=representation").send();
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.header("ETag")).isEqualTo("\"2\"");
    assertThat(deleted.header("Preference-Applied")).isEqualTo("return=representation");
    String href = undoHref(deleted);
    JsonObject item = deleted.json();
    assertThat(item.getString("state")).isEqualTo("deleted");
    assertThat(item.getInteger("version")).isEqualTo(2);
    assertThat(item.getJsonObject("data")).isEqualTo(new JsonObject().put("title", "shown"));
    assertThat(item.getString("deletedAt")).isNotNull();
    assertThat(item.getJsonObject("undo").getString("href")).isEqualTo(href);
    assertThat(Instant.parse(item.getJsonObject("undo").getString("expiresAt")))
        .isEqualTo(IMF_FIXDATE.parse(deleted.header("Undo-Expires"), Instant::from));
    assertThat(Instant.parse(item.getString("purgeAt")))
        .isEqualTo(Instant.parse(item.getString("deletedAt")).plus(Duration.ofDays(7)));
  }

  @Test
  void getOfADeletedItemIs410WithTheUndoLinkWhileTheWindowIsOpen() {
    String path = create(ITEMS, new JsonObject());
    Http.Response deleted = http.delete(path);

    JsonObject problem = assertProblem(http.get(path), 410);
    assertThat(problem.getString("deletedAt")).isNotNull();
    assertThat(problem.getJsonObject("undo").getString("href")).isEqualTo(undoHref(deleted));

    Http.Response shown = http.get(path + "?showDeleted=true");
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.header("ETag")).isEqualTo("\"2\"");
    assertThat(shown.json().getString("state")).isEqualTo("deleted");
    assertThat(shown.json().getJsonObject("undo").getString("href")).isEqualTo(undoHref(deleted));

    service.clock().advance(Duration.ofSeconds(11));
    JsonObject late = assertProblem(http.get(path), 410);
    assertThat(late.getValue("undo")).isNull();
    assertThat(http.get(path + "?showDeleted=true").json().getValue("undo")).isNull();
  }

  @Test
  void aTombstoneAndItsProblemNameTheDeletionThatCoversItAndEachDeletionHasItsOwn() {
    String path = create(ITEMS, new JsonObject());
    assertThat(http.get(path).json().getValue("deletionId")).isNull();
    JsonObject first = http.request("DELETE", path).header("Prefer", "return=representation").send().json();
    UUID firstDeletion = UUID.fromString(first.getString("deletionId"));
    assertThat(assertProblem(http.get(path), 410).getString("deletionId")).isEqualTo(firstDeletion.toString());
    assertThat(http.get(path + "?showDeleted=true").json().getString("deletionId")).isEqualTo(firstDeletion.toString());

    service.clock().advance(Duration.ofMillis(10));
    JsonObject restored = http.post(first.getJsonObject("undo").getString("href")).json();
    assertThat(restored.getValue("deletionId")).isNull();
    service.clock().advance(Duration.ofMillis(10));
    JsonObject second = http.request("DELETE", path).header("Prefer", "return=representation").send().json();
    assertThat(second.getString("deletionId")).isNotEqualTo(firstDeletion.toString());
    // As of the first tombstone's time, the first deletion.
    String firstDeletedAt = first.getString("deletedAt");
    assertThat(assertProblem(http.get(path + "?asOf=" + firstDeletedAt), 410).getString("deletionId")).isEqualTo(firstDeletion.toString());
  }

  @Test
  void writesToADeletedItemAre410() {
    String path = create(ITEMS, new JsonObject());
    http.delete(path);
    assertProblem(http.putJson(path, new JsonObject()), 410);
    assertProblem(http.request("PATCH", path).body("application/merge-patch+json", "{}").send(), 410);
    assertThat(service.sqlValue("SELECT version FROM items WHERE id = ?::uuid", idOf(path))).isEqualTo(2);
    assertThat(service.sqlValue("SELECT count(*) FROM item_history WHERE id = ?::uuid", idOf(path))).isEqualTo(1L);
  }

  @Test
  void deleteOfWhatDoesNotExistIs404() {
    assertProblem(http.delete(ITEMS + "/" + UUID.randomUUID()), 404);
    assertProblem(http.delete("/v1/collections/none/items/" + UUID.randomUUID()), 404);
    assertProblem(http.delete(ITEMS + "/12"), 400);
  }

  @Test
  void aRetriedConditionalDeleteIsHarmless() {
    String path = create(ITEMS, new JsonObject());
    assertThat(http.request("DELETE", path).header("If-Match", "\"1\"").send().status()).isEqualTo(204);
    Http.Response retried = http.request("DELETE", path).header("If-Match", "\"1\"").send();
    assertThat(retried.status()).isEqualTo(204);
    assertThat(retried.header("Link")).isNotNull();
    assertProblem(http.request("DELETE", path).header("If-Match", "\"9\"").send(), 412);
  }

  @Test
  void undoRestoresTheItemWith201AndARepeatAnswers200() {
    String path = create(ITEMS, new JsonObject().put("title", "back"));
    String href = undoHref(http.delete(path));
    service.clock().advance(Duration.ofSeconds(2));

    Http.Response undone = http.post(href);
    assertThat(undone.status()).isEqualTo(201);
    assertThat(undone.header("Location")).isEqualTo(path);
    assertThat(undone.header("ETag")).isEqualTo("\"3\"");
    JsonObject item = undone.json();
    assertThat(item.getString("state")).isEqualTo("active");
    assertThat(item.getInteger("version")).isEqualTo(3);
    assertThat(item.getJsonObject("data")).isEqualTo(new JsonObject().put("title", "back"));
    assertThat(item.getValue("deletedAt")).isNull();
    assertThat(item.getValue("undo")).isNull();

    assertThat(http.get(path).json()).isEqualTo(item);
    assertThat(service.sqlValue("SELECT version FROM items WHERE id = ?::uuid", idOf(path))).isEqualTo(3);
    assertThat(service.sqlValue(
        "SELECT count(*) FROM item_history WHERE id = ?::uuid AND valid_to IS NULL", idOf(path))).isEqualTo(0L);

    Http.Response repeated = http.post(href);
    assertThat(repeated.status()).isEqualTo(200);
    assertThat(repeated.header("ETag")).isEqualTo("\"3\"");
    assertThat(repeated.json()).isEqualTo(item);
    assertThat(service.sqlValue("SELECT version FROM items WHERE id = ?::uuid", idOf(path))).isEqualTo(3);

    service.clock().advance(Duration.ofSeconds(10));
    assertProblem(http.post(href), 410);
  }

  @Test
  void theWindowIsExactToTheMillisecond() {
    String onTime = create(ITEMS, new JsonObject());
    String late = create(ITEMS, new JsonObject());
    Http.Response first = http.delete(onTime);
    Http.Response second = http.delete(late);
    Instant expires = IMF_FIXDATE.parse(first.header("Undo-Expires"), Instant::from);
    assertThat(second.header("Undo-Expires")).isEqualTo(first.header("Undo-Expires"));

    service.clock().set(expires);
    assertThat(http.post(undoHref(first)).status()).isEqualTo(201);
    service.clock().set(expires.plusMillis(1));
    JsonObject problem = assertProblem(http.post(undoHref(second)), 410);
    assertThat(Instant.parse(problem.getString("expiredAt"))).isEqualTo(expires);
    assertThat(service.sqlValue("SELECT state FROM items WHERE id = ?::uuid", idOf(late))).isEqualTo("deleted");
  }

  @Test
  void unknownMalformedAndForgedTokensAre404() {
    String path = create(ITEMS, new JsonObject());
    String href = undoHref(http.delete(path));
    String token = href.substring("/v1/undo/".length());
    char flipped = token.charAt(30) == 'A' ? 'B' : 'A';
    String forged = token.substring(0, 30) + flipped + token.substring(31);

    assertProblem(http.post("/v1/undo/" + forged), 404);
    assertProblem(http.post("/v1/undo/" + "A".repeat(43)), 404);
    assertProblem(http.post("/v1/undo/short"), 404);
    assertProblem(http.post("/v1/undo/" + "%25".repeat(43)), 404);
    assertThat(service.sqlValue("SELECT state FROM items WHERE id = ?::uuid", idOf(path))).isEqualTo("deleted");
    assertThat(http.post(href).status()).isEqualTo(201);
  }

  @Test
  void aDeleteFreesUniqueValuesAndAnUndoThatCollidesIs409RestoringNothing() {
    String ann = create(USERS, new JsonObject().put("email", "ann@example.com").put("name", "Ann"));
    String href = undoHref(http.delete(ann));
    assertThat(service.sqlValue("SELECT count(*) FROM unique_keys WHERE item_id = ?::uuid", idOf(ann))).isEqualTo(0L);

    String other = create(USERS, new JsonObject().put("email", "ann@example.com").put("name", "Other"));
    JsonObject problem = assertProblem(http.post(href), 409);
    assertThat(problem.getJsonArray("conflicts"))
        .containsExactly(new JsonObject().put("field", "email").put("value", "ann@example.com"));
    assertThat(service.sqlValue("SELECT version FROM items WHERE id = ?::uuid", idOf(ann))).isEqualTo(2);
    // The tombstone keeps its data, unique value and all.
    assertThat(service.sqlValue(
        "SELECT data->>'email' FROM items WHERE id = ?::uuid AND state = 'deleted'", idOf(ann))).isEqualTo("ann@example.com");

    http.delete(other);
    Http.Response undone = http.post(href);
    assertThat(undone.status()).isEqualTo(201);
    assertThat(service.sqlValue("SELECT item_id::text FROM unique_keys WHERE value = '\"ann@example.com\"'::jsonb"))
        .isEqualTo(idOf(ann));
  }

  @Test
  void undoByItemRestoresItsLatestDeletion() {
    String path = create(ITEMS, new JsonObject().put("by", "item"));
    assertProblem(http.post(path + "/undo"), 409);
    http.delete(path);

    Http.Response undone = http.post(path + "/undo");
    assertThat(undone.status()).isEqualTo(201);
    assertThat(undone.header("Location")).isEqualTo(path);
    assertThat(undone.header("ETag")).isEqualTo("\"3\"");
    assertThat(undone.json().getString("state")).isEqualTo("active");

    Http.Response repeated = http.post(path + "/undo");
    assertThat(repeated.status()).isEqualTo(200);
    assertThat(repeated.json().getInteger("version")).isEqualTo(3);

    service.clock().advance(Duration.ofSeconds(11));
    assertProblem(http.post(path + "/undo"), 409);
    http.delete(path);
    service.clock().advance(Duration.ofSeconds(11));
    JsonObject expired = assertProblem(http.post(path + "/undo"), 410);
    assertThat(expired.getString("expiredAt")).isNotNull();

    assertProblem(http.post(ITEMS + "/" + UUID.randomUUID() + "/undo"), 404);
  }

  @Test
  void anOldTokenOfAnItemDeletedAgainIsRefused() {
    String path = create(ITEMS, new JsonObject());
    String firstHref = undoHref(http.delete(path));
    assertThat(http.post(firstHref).status()).isEqualTo(201);
    String secondHref = undoHref(http.delete(path));
    assertThat(secondHref).isNotEqualTo(firstHref);

    assertProblem(http.post(firstHref), 409);
    assertThat(http.post(secondHref).status()).isEqualTo(201);
    assertThat(http.get(path).json().getInteger("version")).isEqualTo(5);
  }

  @Test
  void anUndoWhoseTicketTheCacheLostStillRestores() {
    String path = create(ITEMS, new JsonObject().put("cache", "lost"));
    String href = undoHref(http.delete(path));
    ((CaffeineUndoCache) service.application().undoCache()).underlying().invalidateAll();

    Http.Response undone = http.post(href);
    assertThat(undone.status()).isEqualTo(201);
    assertThat(undone.json().getJsonObject("data")).isEqualTo(new JsonObject().put("cache", "lost"));
  }

  @Test
  void theCacheNeverOutlivesTheWindowPostgreSqlDecides() {
    String path = create(ITEMS, new JsonObject());
    String href = undoHref(http.delete(path));
    // A ticket that the cache would still hand out does not reopen a closed window.
    service.clock().advance(Duration.ofSeconds(11));
    assertProblem(http.post(href), 410);
  }
}
