package dev.undo.http;

import static dev.undo.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.retention.PurgeReport;
import dev.undo.support.Http;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
 * {@code GET /v1/changes}: every change writes its event in the statement that makes it, a failed
 * change writes none, pages follow cursors, a long poll answers when an event comes, Server-Sent
 * Events resume after Last-Event-ID, an erased item's events keep no data, and a cursor older than
 * what is kept is 410. Tests run in order: the last one moves the clock past the events' retention.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChangeFeedApiTest {
  @RegisterExtension
  static final RunningService service = new RunningService(
      new JsonObject().put("UNDO_PURGE_INTERVAL", "PT1H").put("UNDO_ACTOR_HEADER", "X-Forwarded-User"));

  private final Http http = service.http();

  @BeforeAll
  static void collections() {
    service.http().putJson("/v1/collections/feed", new JsonObject().put("uniqueFields", new JsonArray().add("code")));
    service.http().putJson("/v1/collections/feedcomments", new JsonObject().put("references",
        new JsonArray().add(new JsonObject().put("field", "note").put("collection", "feed").put("onDelete", "cascade"))));
  }

  /** Every event of the collection from the start, and the cursor after them. */
  private List<JsonObject> events(String collection) {
    JsonObject page = http.get("/v1/changes?limit=1000&collection=" + collection).json();
    return page.getJsonArray("events").stream().map(JsonObject.class::cast).toList();
  }

  private static List<String> types(List<JsonObject> events) {
    return events.stream().map(event -> event.getString("type").substring("dev.undo.item.".length())).toList();
  }

  private String head() {
    return http.get("/v1/changes?limit=1000").json().getString("next");
  }

  @Test
  @Order(1)
  void everyChangeOfAnItemIsOneEventInCommitOrder() {
    Http.Response created = http.request("POST", "/v1/collections/feed/items").header("X-Forwarded-User", "ann")
        .json(new JsonObject().put("code", "A").put("title", "first")).send();
    String id = created.json().getString("id");
    String item = "/v1/collections/feed/items/" + id;
    http.request("PUT", item).header("X-Forwarded-User", "bob").json(new JsonObject().put("code", "A").put("title", "second")).send();
    Http.Response deleted = http.request("DELETE", item).header("X-Forwarded-User", "cy").send();
    String undo = deleted.header("Link").substring(1, deleted.header("Link").indexOf('>'));
    assertThat(http.post(undo).status()).isEqualTo(201);
    http.delete(item);

    List<JsonObject> events = events("feed").stream().filter(event -> event.getString("subject").equals(id)).toList();
    assertThat(types(events)).containsExactly("created", "updated", "deleted", "restored", "deleted");
    JsonObject first = events.get(0);
    assertThat(first.getString("specversion")).isEqualTo("1.0");
    assertThat(first.getString("source")).isEqualTo("/v1/collections/feed");
    assertThat(first.getString("datacontenttype")).isEqualTo("application/json");
    assertThat(first.getString("time")).isEqualTo(created.json().getString("createdAt"));
    assertThat(first.getJsonObject("data").getString("actor")).isEqualTo("ann");
    assertThat(first.getJsonObject("data").getJsonObject("item").getJsonObject("data").getString("title")).isEqualTo("first");
    JsonObject delete = events.get(2).getJsonObject("data");
    assertThat(delete.getString("actor")).isEqualTo("cy");
    assertThat(delete.getString("state")).isEqualTo("deleted");
    assertThat(delete.getInteger("version")).isEqualTo(3);
    assertThat(delete.getString("deletionId")).isNotNull();
    assertThat(delete.getJsonObject("item").getString("state")).isEqualTo("deleted");
    assertThat(delete.getJsonObject("item").getJsonObject("data").getString("title")).isEqualTo("second");
    assertThat(events.get(3).getJsonObject("data").getInteger("version")).isEqualTo(4);
    assertThat(events).extracting(event -> event.getJsonObject("data").getString("collection")).containsOnly("feed");
    assertThat(events.toString()).as("the undo link is a capability of who deleted, not of the feed").doesNotContain("/v1/undo/");
    assertThat(events.stream().map(event -> event.getString("id")).distinct()).hasSize(5);
  }

  /**
   * In a collection with neither unique fields nor references, the toast's delete and undo write their
   * events as a part of their own statement, and the trigger stands aside: one event a change, no more.
   */
  @Test
  @Order(1)
  void theToastCycleWritesOneEventAStepOfItsOwn() {
    http.putJson("/v1/collections/plainfeed", new JsonObject());
    String id = http.request("POST", "/v1/collections/plainfeed/items").header("X-Forwarded-User", "ann")
        .json(new JsonObject().put("title", "toast")).send().json().getString("id");
    String item = "/v1/collections/plainfeed/items/" + id;
    List<String> deletions = new ArrayList<>();
    for (int cycle = 0; cycle < 2; cycle++) {
      Http.Response deleted = http.request("DELETE", item).header("X-Forwarded-User", "cy").send();
      String undo = deleted.header("Link").substring(1, deleted.header("Link").indexOf('>'));
      deletions.add(http.get(item + "?showDeleted=true").json().getString("deletionId"));
      assertThat(http.request("POST", undo).header("X-Forwarded-User", "dan").send().status()).isEqualTo(201);
    }

    List<JsonObject> events = events("plainfeed");
    assertThat(types(events)).containsExactly("created", "deleted", "restored", "deleted", "restored");
    assertThat(events).extracting(event -> event.getJsonObject("data").getInteger("version")).containsExactly(1, 2, 3, 4, 5);
    assertThat(events).extracting(event -> event.getJsonObject("data").getString("actor"))
        .containsExactly("ann", "cy", "dan", "cy", "dan");
    assertThat(events).extracting(event -> event.getJsonObject("data").getString("deletionId"))
        .containsExactly(null, deletions.get(0), null, deletions.get(1), null);
    assertThat(events).extracting(event -> event.getJsonObject("data").getJsonObject("item").getString("state"))
        .containsExactly("active", "deleted", "active", "deleted", "active");
    assertThat(events).allSatisfy(event ->
        assertThat(event.getJsonObject("data").getJsonObject("item").getJsonObject("data").getString("title")).isEqualTo("toast"));
    assertThat(events.stream().map(event -> event.getString("id")).distinct()).hasSize(5);
    // The item keeps the feed position of its latest event, which the trigger reads to stand aside.
    assertThat(service.sqlValue("SELECT i.event_seq = (SELECT max(e.seq) FROM events e WHERE e.aggregateid = i.id::text)"
        + " FROM items i WHERE i.id = ?::uuid", id)).isEqualTo(true);
  }

  @Test
  @Order(2)
  void aFailedChangeWritesNoEventAndACascadeWritesOneAnItem() {
    String before = head();
    http.postJson("/v1/collections/feed/items", new JsonObject().put("code", "B"));
    assertThat(http.postJson("/v1/collections/feed/items", new JsonObject().put("code", "B")).status()).isEqualTo(409);
    String note = http.postJson("/v1/collections/feed/items", new JsonObject().put("title", "with comments")).json().getString("id");
    String stale = http.request("PUT", "/v1/collections/feed/items/" + note).header("If-Match", "\"7\"")
        .json(new JsonObject()).send().status() + "";
    assertThat(stale).isEqualTo("412");
    for (int i = 0; i < 3; i++) {
      http.postJson("/v1/collections/feedcomments/items", new JsonObject().put("note", note).put("i", i));
    }
    assertThat(http.postJson("/v1/collections/feedcomments/items", new JsonObject().put("note", "0193a0b0-0000-7000-8000-000000000000"))
        .status()).isEqualTo(422);
    http.delete("/v1/collections/feed/items/" + note);

    List<JsonObject> after = http.get("/v1/changes?limit=1000&after=" + before).json().getJsonArray("events").stream()
        .map(JsonObject.class::cast).toList();
    assertThat(types(after)).containsExactly("created", "created", "created", "created", "created", "deleted", "deleted", "deleted", "deleted");
    String deletion = after.get(5).getJsonObject("data").getString("deletionId");
    assertThat(after.subList(5, 9)).allSatisfy(event -> assertThat(event.getJsonObject("data").getString("deletionId")).isEqualTo(deletion));
  }

  @Test
  @Order(3)
  void pagesFollowTheirCursorsToTheEnd() {
    List<String> all = new ArrayList<>();
    String cursor = null;
    for (int pages = 0; pages < 100; pages++) {
      JsonObject page = http.get("/v1/changes?limit=2" + (cursor == null ? "" : "&after=" + cursor)).json();
      page.getJsonArray("events").forEach(event -> all.add(((JsonObject) event).getString("id")));
      if (page.getJsonArray("events").isEmpty()) {
        assertThat(page.getString("next")).as("at the end, next stays where it was").isEqualTo(cursor);
        break;
      }
      assertThat(page.getJsonArray("events")).hasSizeLessThanOrEqualTo(2);
      cursor = page.getString("next");
    }
    assertThat(all).doesNotHaveDuplicates()
        .isEqualTo(http.get("/v1/changes?limit=1000").json().getJsonArray("events").stream()
            .map(event -> ((JsonObject) event).getString("id")).toList());
    assertThat(all.size()).isEqualTo(((Long) service.sqlValue("SELECT count(*) FROM events")).intValue());
  }

  @Test
  @Order(4)
  void badRequestsAre400() {
    for (String query : List.of("after=12", "after=a.b", "after=1.2.3", "limit=0", "limit=1001", "wait=PT61S", "wait=soon",
        "wait=-PT1S", "collection=Not%20a%20name")) {
      assertProblem(http.get("/v1/changes?" + query), 400);
    }
    assertProblem(http.request("GET", "/v1/changes").header("Accept", "text/event-stream").header("Last-Event-ID", "nope").send(), 400);
  }

  @Test
  @Order(5)
  void aLongPollAnswersAsSoonAsAnEventArrivesOrEmptyAtTheEndOfItsWait() throws Exception {
    String cursor = head();
    long started = System.nanoTime();
    Http.Response empty = http.get("/v1/changes?wait=PT1S&after=" + cursor);
    assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(950));
    assertThat(empty.json().getJsonArray("events")).isEmpty();
    assertThat(empty.json().getString("next")).isEqualTo(cursor);

    CompletableFuture<Http.Response> waiting = CompletableFuture.supplyAsync(() -> http.get("/v1/changes?wait=PT30S&after=" + cursor));
    Thread.sleep(300);
    assertThat(waiting).isNotDone();
    assertThat(service.registry().get("undo.changes.clients").gauge().value()).as("one reader waiting").isEqualTo(1.0);
    assertThat(service.registry().scrape()).contains("undo_events_written_total");
    long wrote = System.nanoTime();
    String id = http.postJson("/v1/collections/feed/items", new JsonObject().put("title", "awaited")).json().getString("id");
    Http.Response answered = waiting.get(10, TimeUnit.SECONDS);
    assertThat(System.nanoTime() - wrote).as("well before the wait's end").isLessThan(TimeUnit.SECONDS.toNanos(5));
    assertThat(answered.json().getJsonArray("events")).singleElement()
        .satisfies(event -> assertThat(((JsonObject) event).getString("subject")).isEqualTo(id));

    // Waiting on one collection: another's events move the cursor on but do not answer.
    String now = answered.json().getString("next");
    CompletableFuture<Http.Response> comments = CompletableFuture.supplyAsync(
        () -> http.get("/v1/changes?wait=PT2S&collection=feedcomments&after=" + now));
    Thread.sleep(200);
    http.postJson("/v1/collections/feed/items", new JsonObject().put("title", "not a comment"));
    Http.Response none = comments.get(10, TimeUnit.SECONDS);
    assertThat(none.json().getJsonArray("events")).isEmpty();
    assertThat(none.json().getString("next")).isNotEqualTo(now);
  }

  @Test
  @Order(6)
  void serverSentEventsStreamAndResumeAfterLastEventId() throws Exception {
    String cursor = head();
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + service.port() + "/v1/changes?collection=feed&after=" + cursor))
        .header("Accept", "text/event-stream").build();
    HttpResponse<InputStream> stream = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("content-type")).hasValue("text/event-stream");
    assertThat(stream.headers().firstValue("cache-control")).hasValue("no-cache");
    List<String> ids = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      for (int i = 0; i < 3; i++) {
        http.postJson("/v1/collections/feed/items", new JsonObject().put("title", "streamed " + i));
      }
      List<String> subjects = new ArrayList<>();
      while (ids.size() < 3) {
        String line = lines.readLine();
        assertThat(line).isNotNull();
        if (line.startsWith("id: ")) {
          ids.add(line.substring(4));
        } else if (line.startsWith("data: ")) {
          JsonObject event = new JsonObject(line.substring(6));
          assertThat(event.getJsonObject("data").getJsonObject("item").getJsonObject("data").getString("title"))
              .isEqualTo("streamed " + subjects.size());
          subjects.add(event.getString("subject"));
        }
      }
    }
    HttpRequest resume = HttpRequest.newBuilder(URI.create("http://localhost:" + service.port() + "/v1/changes?collection=feed"))
        .header("Accept", "text/event-stream").header("Last-Event-ID", ids.get(0)).build();
    HttpResponse<InputStream> resumed = client.send(resume, HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(resumed.body(), StandardCharsets.UTF_8))) {
      List<String> again = new ArrayList<>();
      while (again.size() < 2) {
        String line = lines.readLine();
        if (line.startsWith("id: ")) {
          again.add(line.substring(4));
        }
      }
      assertThat(again).as("after the first, never it again").containsExactly(ids.get(1), ids.get(2));
    }
  }

  /** Statements the feed's pool has completed, from its own meter. */
  private double feedStatements() {
    java.util.regex.Matcher completed = java.util.regex.Pattern.compile(
        "^vertx_pool_completed_total\\{pool_name=\"undo-pg-feed\",pool_type=\"sql\"} (\\S+)$", java.util.regex.Pattern.MULTILINE)
        .matcher(service.registry().scrape());
    assertThat(completed.find()).isTrue();
    return Double.parseDouble(completed.group(1));
  }

  @Test
  @Order(7)
  void idleStreamsCostNoQueryEach() throws Exception {
    String cursor = head();
    HttpClient client = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<InputStream>>> streams = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      streams.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + service.port() + "/v1/changes?after=" + cursor))
          .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream()));
    }
    for (CompletableFuture<HttpResponse<InputStream>> stream : streams) {
      assertThat(stream.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    Thread.sleep(300);
    assertThat(service.registry().get("undo.changes.clients").gauge().value()).isEqualTo(40.0);
    double before = feedStatements();
    Thread.sleep(2_000);
    double polls = feedStatements() - before;
    // One poll every 50 ms for all 40 readers at one place: about 40 in 2 s, where a poll each would be 1,600.
    assertThat(polls).as("statements in 2 s with 40 idle streams").isBetween(10.0, 80.0);
    for (CompletableFuture<HttpResponse<InputStream>> stream : streams) {
      stream.get().body().close();
    }
  }

  @Test
  @Order(8)
  void anErasedItemsEventsKeepNoDataAndItsErasureCarriesIdsOnly() {
    String secret = "grace@private.example";
    String id = http.postJson("/v1/collections/feed/items", new JsonObject().put("email", secret)).json().getString("id");
    http.putJson("/v1/collections/feed/items/" + id, new JsonObject().put("email", secret).put("v", 2));
    http.delete("/v1/collections/feed/items/" + id);
    assertThat(service.sqlValue("SELECT count(*) FROM events WHERE payload::text LIKE ?", "%" + secret + "%")).isEqualTo(3L);

    assertThat(http.request("POST", "/v1/collections/feed/items/" + id + "/erase").header("X-Forwarded-User", "dpo").send().status())
        .isEqualTo(204);
    assertThat(service.sqlValue("SELECT count(*) FROM events WHERE payload::text LIKE ?", "%" + secret + "%")).isEqualTo(0L);
    List<JsonObject> events = events("feed").stream().filter(event -> event.getString("subject").equals(id)).toList();
    assertThat(types(events)).containsExactly("created", "updated", "deleted", "erased");
    assertThat(events).allSatisfy(event -> assertThat(event.getJsonObject("data").containsKey("item")).isFalse());
    assertThat(events.get(3).getJsonObject("data").getMap()).containsOnlyKeys("collection", "id", "actor")
        .containsEntry("actor", "dpo");
  }

  @Test
  @Order(9)
  void aRestoreFromTheTrashAfterTheWindowIsARestoredEvent() throws Exception {
    String id = http.postJson("/v1/collections/feed/items", new JsonObject().put("title", "to the trash")).json().getString("id");
    http.delete("/v1/collections/feed/items/" + id);
    service.clock().advance(Duration.ofDays(1));
    PurgeReport moved = service.application().purge().tick().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertThat(moved.tombstonesMoved()).as("the tombstone is in history now").isPositive();
    assertThat(http.post("/v1/collections/feed/items/" + id + "/restore").status()).isEqualTo(201);
    List<JsonObject> events = events("feed").stream().filter(event -> event.getString("subject").equals(id)).toList();
    assertThat(types(events)).containsExactly("created", "deleted", "restored");
    assertThat(events.get(2).getJsonObject("data").getInteger("version")).isEqualTo(3);
  }

  @Test
  @Order(10)
  void eventsAreDroppedByPartitionAfterTheirRetentionAndAnOlderCursorIs410() throws Exception {
    String old = http.get("/v1/changes?limit=1").json().getString("next");
    service.clock().advance(Duration.ofDays(9));
    PurgeReport report = service.application().purge().tick().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertThat(report.eventPartitionsDropped()).isNotEmpty();
    assertThat(service.sqlValue("SELECT count(*) FROM events")).isEqualTo(0L);

    JsonObject gone = assertProblem(http.get("/v1/changes?after=" + old), 410);
    assertThat(gone.getString("type")).isEqualTo("urn:undo:problem:cursor-expired");
    assertProblem(http.request("GET", "/v1/changes").header("Accept", "text/event-stream").header("Last-Event-ID", old).send(), 410);
    String id = http.postJson("/v1/collections/feed/items", new JsonObject().put("title", "after the purge")).json().getString("id");
    assertThat(http.get("/v1/changes").json().getJsonArray("events")).singleElement()
        .satisfies(event -> assertThat(((JsonObject) event).getString("subject")).isEqualTo(id));
  }
}
