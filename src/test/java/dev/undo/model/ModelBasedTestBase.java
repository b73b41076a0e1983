package dev.undo.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.model.UndoModel.Deletion;
import dev.undo.model.UndoModel.ModelItem;
import dev.undo.support.Http;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of create, update, delete, repeated delete, batch delete (items live and deleted,
 * some named twice), undo by token, by deletion id and by item, repeated undo, restore from the
 * trash, erasure, clock moves and purge ticks (which move tombstones whose window has closed from
 * items into history, and must change no answer), against the running service and {@link UndoModel},
 * in two collections: one without references (the toast's lean statements) and one whose items refer
 * to each other (random trees, DAGs and cycles; deletes cascade, undo and restore bring back exactly
 * a deletion's items or refuse). Every answer, and every few steps every item the service stores
 * (all listings), must agree with the model.
 *
 * <p>Seeded: the seed is printed, and {@code -Dundo.model.seed=N} replays a run;
 * {@code -Dundo.model.steps=N} makes it longer.
 */
abstract class ModelBasedTestBase {
  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  /** Per implementation, Caffeine and Redis: 10,000 steps in a run of the suite. */
  private static final int STEPS = 5_000;
  private static final int MAX_LIVE_ITEMS = 40;
  /**
   * Every answer is checked at its step; every stored item (both listings) every few steps, which
   * finds a change no answer showed a few steps late at most, at a fifth of the cost.
   */
  private static final int CHECK_EVERY = 5;

  protected abstract RunningService service();

  private final UndoModel model = new UndoModel();
  private Random random;
  private Http http;
  private String trace = "";
  private long moved;
  private long cascaded;
  private long purgeNanos;

  @Test
  void randomSequencesAgreeWithTheModel() {
    long seed = Long.getLong("undo.model.seed", System.nanoTime());
    int steps = Integer.getInteger("undo.model.steps", STEPS);
    System.out.printf("%s: seed %d (replay with -Dundo.model.seed=%d), %d steps%n", getClass().getSimpleName(), seed, seed, steps);
    random = new Random(seed);
    http = service().http();
    http.putJson("/v1/collections/" + UndoModel.PLAIN, new JsonObject()
        .put("uniqueFields", new JsonArray().add("key")).put("undoWindow", "PT10S"));
    JsonArray references = new JsonArray();
    UndoModel.REFERENCES.forEach(field -> references.add(new JsonObject()
        .put("field", field).put("collection", UndoModel.TREE).put("onDelete", "cascade")));
    http.putJson("/v1/collections/" + UndoModel.TREE, new JsonObject()
        .put("uniqueFields", new JsonArray().add("key")).put("undoWindow", "PT10S").put("references", references));

    Map<String, Integer> counts = new HashMap<>();
    for (int step = 0; step < steps; step++) {
      String action = step();
      counts.merge(action, 1, Integer::sum);
      trace = "seed " + seed + ", step " + step + " (" + action + ")";
      if (step % CHECK_EVERY == 0 || step == steps - 1) {
        assertStoredAgree();
      }
    }
    moveOneTombstoneAtLeast();
    System.out.printf("%s: ran %d steps: %s; %d items deleted by a cascade; %d tombstones moved to history;"
        + " purge ticks took %d ms%n", getClass().getSimpleName(), steps, counts, cascaded, moved, purgeNanos / 1_000_000);
    assertThat(counts.keySet()).contains("create", "update", "delete", "batch", "undo", "restore", "erase", "clock", "purge");
    assertThat(cascaded).as("items deleted by a cascade").isPositive();
  }

  /**
   * Whether the random steps happen to let a window close long enough before a tick depends on the
   * seed, so the run ends with a deletion that certainly moves, and the answers checked once more.
   */
  private void moveOneTombstoneAtLeast() {
    for (int tries = 0; model.items.values().stream().allMatch(item -> item.deleted) && tries < 20; tries++) {
      create();
    }
    ModelItem live = model.items.values().stream().filter(item -> !item.deleted).findFirst().orElseThrow();
    trace = "final deletion";
    delete(live);
    // Well past the window and the margin after it that the move waits for.
    service().clock().advance(WINDOW.plus(Duration.ofMinutes(5)));
    long before = moved;
    purgeTick();
    assertThat(moved - before).as("tombstones the last purge tick moved").isPositive();
    assertStoredAgree();
  }

  private String step() {
    int roll = random.nextInt(100);
    // Creates pause while many items are live, so that steps also work on items with long histories.
    if (model.items.isEmpty() || (roll < 18 && live() < MAX_LIVE_ITEMS)) {
      create();
      return "create";
    }
    if (roll < 33) {
      update(anyItem());
      return "update";
    }
    if (roll < 55) {
      delete(anyItem());
      return "delete";
    }
    if (roll < 62) {
      batch();
      return "batch";
    }
    if (roll < 75 && !model.deletions.isEmpty()) {
      undo(model.deletions.get(random.nextInt(model.deletions.size())));
      return "undo";
    }
    if (roll < 85) {
      undoByItem(anyItem());
      return "undo-by-item";
    }
    if (roll < 87) {
      restore(anyItem());
      return "restore";
    }
    if (roll < 89) {
      purgeTick();
      return "purge";
    }
    if (roll < 91) {
      erase(anyItem());
      return "erase";
    }
    service().clock().advance(Duration.ofMillis(random.nextInt(12_000)));
    return "clock";
  }

  private void purgeTick() {
    long started = System.nanoTime();
    try {
      moved += service().application().purge().tick().toCompletionStage().toCompletableFuture()
          .get(60, java.util.concurrent.TimeUnit.SECONDS).tombstonesMoved();
    } catch (Exception e) {
      throw new AssertionError(trace + " purge tick failed", e);
    } finally {
      purgeNanos += System.nanoTime() - started;
    }
  }

  private long live() {
    return model.items.values().stream().filter(item -> !item.deleted).count();
  }

  private ModelItem anyItem() {
    List<ModelItem> all = new ArrayList<>(model.items.values());
    return all.get(random.nextInt(all.size()));
  }

  private Instant now() {
    return service().clock().instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static String items(String collection) {
    return "/v1/collections/" + collection + "/items";
  }

  private JsonObject randomData(String collection) {
    JsonObject data = new JsonObject().put("n", random.nextInt(1000));
    if (random.nextInt(3) > 0) {
      data.put("key", "k" + random.nextInt(6));
    }
    if (collection.equals(UndoModel.TREE)) {
      if (random.nextInt(3) > 0) {
        data.put("parent", referenceValue());
      }
      if (random.nextInt(4) == 0) {
        data.put("link", referenceValue());
      }
    }
    return data;
  }

  /**
   * Mostly a live item of the tree, so that trees grow deep; else any item of the model (of either
   * collection, live or not), no item, or no id at all.
   */
  private Object referenceValue() {
    int roll = random.nextInt(20);
    if (roll == 0) {
      return UUID.randomUUID().toString();
    }
    if (roll == 1) {
      return random.nextBoolean() ? "not an id" : 7;
    }
    List<ModelItem> tree = model.items.values().stream()
        .filter(item -> !item.deleted && item.collection.equals(UndoModel.TREE)).toList();
    return roll < 6 || tree.isEmpty() ? anyItem().id : tree.get(random.nextInt(tree.size())).id;
  }

  private void create() {
    String collection = random.nextBoolean() ? UndoModel.PLAIN : UndoModel.TREE;
    JsonObject data = model.items.isEmpty() ? new JsonObject().put("n", 0) : randomData(collection);
    Http.Response response = http.postJson(items(collection), data);
    // A reference naming no live item is looked at before unique values.
    if (model.dangling(collection, data, Set.of())) {
      assertThat(response.status()).as(trace + " " + response).isEqualTo(422);
      return;
    }
    if (model.keyTaken(collection, data, null)) {
      assertThat(response.status()).as(trace + " " + response).isEqualTo(409);
      return;
    }
    assertThat(response.status()).as(trace + " " + response).isEqualTo(201);
    String id = response.json().getString("id");
    model.items.put(id, new ModelItem(id, collection, data));
  }

  private void update(ModelItem item) {
    JsonObject data = randomData(item.collection);
    Http.Response response = http.putJson(items(item.collection) + "/" + item.id, data);
    if (item.deleted) {
      assertThat(response.status()).as(trace + " " + response).isEqualTo(410);
    } else if (model.dangling(item.collection, data, Set.of())) {
      assertThat(response.status()).as(trace + " " + response).isEqualTo(422);
    } else if (model.keyTaken(item.collection, data, item)) {
      assertThat(response.status()).as(trace + " " + response).isEqualTo(409);
    } else {
      assertThat(response.status()).as(trace + " " + response).isEqualTo(200);
      item.version++;
      item.data = data;
      assertThat(response.json().getInteger("version")).isEqualTo(item.version);
    }
  }

  private void delete(ModelItem item) {
    Instant now = now();
    Http.Response response = http.delete(items(item.collection) + "/" + item.id);
    assertThat(response.status()).as(trace + " " + response).isEqualTo(204);
    if (item.deleted) {
      Deletion current = item.current;
      if (current.open(now)) {
        assertThat(response.header("Link")).as(trace).isEqualTo("<" + current.href + ">; rel=\"undo\"");
      } else {
        assertThat(response.header("Link")).as(trace).isNull();
      }
      return;
    }
    String link = response.header("Link");
    assertThat(link).as(trace).isNotNull();
    Instant expires = IMF_FIXDATE.parse(response.header("Undo-Expires"), Instant::from);
    assertThat(expires).as(trace).isAfterOrEqualTo(now.plus(WINDOW)).isBeforeOrEqualTo(now.plus(WINDOW).plusSeconds(1));
    tombstone(new Deletion(new ArrayList<>(model.cascade(List.of(item))), link.substring(1, link.indexOf('>')), null, expires));
  }

  private void tombstone(Deletion deletion) {
    model.deletions.add(deletion);
    cascaded += deletion.items.size() - 1;
    for (ModelItem item : deletion.items) {
      item.deleted = true;
      item.version++;
      item.current = deletion;
      item.latest = deletion;
    }
  }

  /** A batch of one to six items of a collection, live or deleted, some named twice. */
  private void batch() {
    String collection = anyItem().collection;
    List<ModelItem> candidates = model.items.values().stream().filter(item -> item.collection.equals(collection)).toList();
    List<ModelItem> named = new ArrayList<>();
    for (int i = 0, count = 1 + random.nextInt(6); i < count; i++) {
      named.add(candidates.get(random.nextInt(candidates.size())));
    }
    JsonArray ids = new JsonArray();
    named.forEach(item -> ids.add(item.id));
    Instant now = now();
    Http.Response response = http.postJson("/v1/collections/" + collection + "/deletions", new JsonObject().put("ids", ids));
    List<ModelItem> live = new ArrayList<>(model.cascade(named));
    List<String> before = named.stream().filter(item -> item.deleted).map(item -> item.id).distinct().toList();
    JsonObject body = response.json();
    assertThat(body.getJsonArray("alreadyDeleted").getList()).as(trace + " " + response).containsExactlyInAnyOrderElementsOf(before);
    if (live.isEmpty()) {
      assertThat(response.status()).as(trace + " " + response).isEqualTo(200);
      assertThat(body.getInteger("count")).isZero();
      return;
    }
    assertThat(response.status()).as(trace + " " + response).isEqualTo(201);
    assertThat(body.getJsonArray("items").stream().map(item -> ((JsonObject) item).getString("id")))
        .as(trace).containsExactlyInAnyOrderElementsOf(live.stream().map(item -> item.id).toList());
    Instant expires = IMF_FIXDATE.parse(response.header("Undo-Expires"), Instant::from);
    assertThat(expires).as(trace).isAfterOrEqualTo(now.plus(WINDOW)).isBeforeOrEqualTo(now.plus(WINDOW).plusSeconds(1));
    String link = response.header("Link");
    tombstone(new Deletion(live, link.substring(1, link.indexOf('>')), body.getString("id"), expires));
  }

  /** The item leaves the model and every deletion of it; a deletion left with no item answers 404. */
  private void erase(ModelItem item) {
    Http.Response response = http.post(items(item.collection) + "/" + item.id + "/erase");
    assertThat(response.status()).as(trace + " " + response).isEqualTo(204);
    model.items.remove(item.id);
    model.deletions.forEach(deletion -> deletion.items.remove(item));
  }

  /** By its link, or (a batch's, whose id the answer gave) by its id. */
  private void undo(Deletion deletion) {
    Instant now = now();
    String path = deletion.id != null && random.nextBoolean() ? "/v1/deletions/" + deletion.id + "/undo" : deletion.href;
    Http.Response response = http.post(path);
    expectUndo(deletion, now, response, null);
  }

  private void undoByItem(ModelItem item) {
    Instant now = now();
    Http.Response response = http.post(items(item.collection) + "/" + item.id + "/undo");
    if (item.latest == null) {
      assertThat(response.status()).as(trace + " " + response).isEqualTo(409);
      return;
    }
    expectUndo(item.latest, now, response, item);
  }

  /** @param byItem the item an undo by item named; null for an undo by link or id */
  private void expectUndo(Deletion deletion, Instant now, Http.Response response, ModelItem byItem) {
    if (deletion.items.isEmpty()) {
      assertThat(response.status()).as(trace + " every item erased " + response).isEqualTo(404);
      return;
    }
    if (!deletion.open(now)) {
      int expected = byItem != null && !byItem.deleted ? 409 : 410;
      assertThat(response.status()).as(trace + " " + response).isEqualTo(expected);
      return;
    }
    expectBroughtBack(deletion, response, this::assertUndoAnswer);
  }

  /**
   * An undo inside the window or a restore: 201 and the deletion's items back, unless something is in
   * the way (409); 200 when they are back already; 409 when one was deleted again since.
   */
  private void expectBroughtBack(Deletion deletion, Http.Response response, BiConsumer<Deletion, Http.Response> answer) {
    if (deletion.undoable()) {
      if (blocked(deletion)) {
        assertThat(response.status()).as(trace + " " + response).isEqualTo(409);
        return;
      }
      assertThat(response.status()).as(trace + " " + response).isEqualTo(201);
      bringBack(deletion);
      answer.accept(deletion, response);
      return;
    }
    if (deletion.items.stream().noneMatch(item -> item.deleted)) {
      assertThat(response.status()).as(trace + " repeat " + response).isEqualTo(200);
      answer.accept(deletion, response);
    } else {
      assertThat(response.status()).as(trace + " superseded " + response).isEqualTo(409);
    }
  }

  /** A unique value taken meanwhile, or a reference naming an item that is not there to come back with. */
  private boolean blocked(Deletion deletion) {
    return deletion.items.stream().anyMatch(item -> model.keyTaken(item.collection, item.data, item)
        || model.dangling(item.collection, item.data, deletion.items));
  }

  private void bringBack(Deletion deletion) {
    for (ModelItem item : deletion.items) {
      item.deleted = false;
      item.version++;
      item.current = null;
    }
    deletion.restored = true;
  }

  /**
   * Restore from the trash of an item's latest deletion (the whole deletion), inside its window or
   * after it: like an undo, without the window.
   */
  private void restore(ModelItem item) {
    Instant now = now();
    Http.Response response = http.post(items(item.collection) + "/" + item.id + "/restore");
    Deletion deletion = item.latest;
    if (deletion == null) {
      assertThat(response.status()).as(trace + " never deleted " + response).isEqualTo(409);
      return;
    }
    boolean restoring = deletion.undoable() && !blocked(deletion);
    expectBroughtBack(deletion, response, this::assertRestoredItems);
    if (restoring) {
      assertThat(response.json().getJsonObject("deletion").getString("state")).as(trace)
          .isEqualTo(deletion.open(now) ? "undone" : "restored");
    }
  }

  private void assertRestoredItems(Deletion deletion, Http.Response response) {
    Map<String, Integer> versions = new HashMap<>();
    response.json().getJsonArray("items").forEach(item -> versions.put(((JsonObject) item).getString("id"),
        ((JsonObject) item).getInteger("version")));
    Map<String, Integer> expected = new HashMap<>();
    deletion.items.forEach(item -> expected.put(item.id, item.version));
    assertThat(versions).as(trace + " " + response).isEqualTo(expected);
  }

  /** One item's deletion answers the item; a deletion of several, the deletion and its items. */
  private void assertUndoAnswer(Deletion deletion, Http.Response response) {
    JsonObject body = response.json();
    Map<String, Integer> versions = new HashMap<>();
    // A deletion of one item is answered with the item; one that covered several (some since erased,
    // which a ticket still names) with the deletion and its items.
    if (!body.containsKey("deletion")) {
      assertThat(deletion.items).as(trace).hasSize(1);
      versions.put(body.getString("id"), body.getInteger("version"));
    } else {
      assertThat(body.getJsonObject("deletion").getString("state")).as(trace).isEqualTo("undone");
      body.getJsonArray("items").forEach(item -> versions.put(((JsonObject) item).getString("id"), ((JsonObject) item).getInteger("version")));
    }
    Map<String, Integer> expected = new HashMap<>();
    deletion.items.forEach(item -> expected.put(item.id, item.version));
    assertThat(versions).as(trace + " " + response).isEqualTo(expected);
  }

  /** Every stored item, live and deleted, against the model. */
  private void assertStoredAgree() {
    Map<String, JsonObject> stored = new HashMap<>();
    for (String listing : List.of(UndoModel.PLAIN + "?state=active", UndoModel.PLAIN + "?state=deleted",
        UndoModel.TREE + "?state=all")) {
      String cursor = null;
      do {
        Http.Response page = http.request("GET", "/v1/collections/" + listing.replace("?", "/items?") + "&limit=1000"
            + (cursor == null ? "" : "&cursor=" + cursor)).sendUnchecked();
        assertThat(page.status()).as(trace).isEqualTo(200);
        for (Object item : page.json().getJsonArray("items")) {
          JsonObject json = (JsonObject) item;
          assertThat(stored.put(json.getString("id"), json)).as(trace + ": listed twice").isNull();
        }
        cursor = page.json().getString("next");
      } while (cursor != null);
    }
    assertThat(stored.keySet()).as(trace).containsExactlyInAnyOrderElementsOf(model.items.keySet());
    Instant now = now();
    for (ModelItem item : model.items.values()) {
      JsonObject json = stored.get(item.id);
      assertThat(json.getString("state")).as(trace + " " + item.id).isEqualTo(item.deleted ? "deleted" : "active");
      assertThat(json.getInteger("version")).as(trace + " " + item.id).isEqualTo(item.version);
      assertThat(json.getJsonObject("data")).as(trace + " " + item.id).isEqualTo(item.data);
      boolean undoable = item.deleted && item.current.open(now);
      assertThat(json.getValue("undo") != null).as(trace + " undo link of " + item.id).isEqualTo(undoable);
    }
  }
}
