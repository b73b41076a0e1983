package dev.undo.retention;

import static dev.undo.http.ProblemsForTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tombstone is the item's row while its window is open; the purge tick moves it into history
 * once the window has closed (and the margin after it has passed), and every answer stays the same.
 */
class TombstoneMoveTest {
  private static final String ITEMS = "/v1/collections/moving/items";

  @RegisterExtension
  static final RunningService service = new RunningService(new JsonObject().put("UNDO_PURGE_INTERVAL", "PT1H"));

  private final Http http = service.http();

  private PurgeReport tick() throws Exception {
    return service.application().purge().tick().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void aClosedWindowsTombstoneMovesToHistoryAndAnswersAlike() throws Exception {
    http.putJson("/v1/collections/moving", new JsonObject().put("undoWindow", "PT10S").put("uniqueFields", new JsonArray().add("k")));
    String path = http.postJson(ITEMS, new JsonObject().put("k", "moved")).header("Location");
    String id = path.substring(path.lastIndexOf('/') + 1);
    String undone = http.postJson(ITEMS, new JsonObject().put("k", "undone")).header("Location");
    String link = http.delete(undone).header("Link");
    assertThat(http.post(link.substring(1, link.indexOf('>'))).status()).isEqualTo(201);
    Http.Response deleted = http.delete(path);
    String href = deleted.header("Link").substring(1, deleted.header("Link").indexOf('>'));

    service.clock().advance(Duration.ofSeconds(11));
    JsonObject before = http.get(path + "?showDeleted=true").json();
    List<Object> versionsBefore = versions(path);
    assertThat(tick().tombstonesMoved()).as("the margin after the window has not passed").isZero();
    assertThat(service.sqlValue("SELECT state FROM items WHERE id = ?::uuid", id)).isEqualTo("deleted");

    service.clock().advance(TombstoneMover.MARGIN);
    assertThat(tick().tombstonesMoved()).isEqualTo(1);
    assertThat(service.registry().scrape()).containsPattern("(?m)^undo_purge_tombstones_moved_total [1-9]");
    assertThat(service.sqlValue("SELECT count(*) FROM items WHERE id = ?::uuid", id)).isEqualTo(0L);
    assertThat(service.sqlValue("SELECT count(*) FROM item_history WHERE id = ?::uuid AND valid_to IS NULL", id)).isEqualTo(1L);
    assertThat(service.sqlValue("SELECT count(*) FROM deletions WHERE collection = 'moving'")).as("the undone deletion is forgotten too").isEqualTo(0L);
    assertThat(service.sqlValue("SELECT state FROM items WHERE id = ?::uuid", undone.substring(undone.lastIndexOf('/') + 1)))
        .isEqualTo("active");

    assertThat(http.get(path + "?showDeleted=true").json()).isEqualTo(before);
    assertThat(versions(path)).isEqualTo(versionsBefore);
    JsonObject gone = assertProblem(http.get(path), 410);
    assertThat(gone.getValue("undo")).isNull();
    assertThat(http.delete(path).status()).isEqualTo(204);
    assertProblem(http.post(href), 410);
    assertProblem(http.post(path + "/undo"), 410);
    JsonArray trash = http.get(ITEMS + "?state=deleted").json().getJsonArray("items");
    assertThat(trash.stream().map(item -> ((JsonObject) item).getString("id"))).containsExactly(id);
    // Its unique value stays free in history as it was in items.
    assertThat(http.postJson(ITEMS, new JsonObject().put("k", "moved")).status()).isEqualTo(201);
    assertThat(tick().tombstonesMoved()).as("nothing moves twice").isZero();
  }

  @Test
  void aPageOfTombstonesMergesThoseInItemsWithThoseInHistory() throws Exception {
    http.putJson("/v1/collections/mixed", new JsonObject().put("undoWindow", "PT10S"));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String path = http.postJson("/v1/collections/mixed/items", new JsonObject().put("n", i)).header("Location");
      ids.add(path.substring(path.lastIndexOf('/') + 1));
      assertThat(http.delete(path).status()).isEqualTo(204);
      if (i == 2) {
        service.clock().advance(Duration.ofSeconds(11).plus(TombstoneMover.MARGIN));
        assertThat(tick().tombstonesMoved()).isEqualTo(3);
      }
    }
    List<String> listed = new ArrayList<>();
    String next = "/v1/collections/mixed/items?state=deleted&limit=2";
    while (next != null) {
      JsonObject page = http.get(next).json();
      page.getJsonArray("items").forEach(item -> listed.add(((JsonObject) item).getString("id")));
      String cursor = page.getString("next");
      next = cursor == null ? null : "/v1/collections/mixed/items?state=deleted&limit=2&cursor=" + cursor;
    }
    // Newest deletion first (the three still in items), then the three moved to history; ties by id.
    List<String> expected = new ArrayList<>(ids.subList(3, 6));
    expected.addAll(ids.subList(0, 3));
    assertThat(listed).containsExactlyElementsOf(expected);
  }

  private List<Object> versions(String path) {
    return http.get(path + "/versions").json().getJsonArray("versions").getList();
  }
}
