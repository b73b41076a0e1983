package dev.undo.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Nesting is limited at the door, and whatever is stored can always be read back. */
class JsonDepthTest {
  @RegisterExtension
  static RunningService service = new RunningService(new JsonObject().put("UNDO_JSON_MAX_DEPTH", "10"));

  private static Http http;

  @BeforeAll
  static void collection() {
    http = service.http();
    http.putJson("/v1/collections/deep", new JsonObject());
  }

  /** {"a":{"a":…{}}} with {@code levels} objects in all, the outermost being level 1. */
  private static String nested(int levels) {
    return "{\"a\":".repeat(levels - 1) + "{}" + "}".repeat(levels - 1);
  }

  @Test
  void aBodyAtTheLimitIsStoredAndOneLevelMoreIsRefused() {
    Http.Response created = http.request("POST", "/v1/collections/deep/items").body("application/json", nested(10)).send();
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().getJsonObject("data")).isEqualTo(new JsonObject(nested(10)));
    Http.Response refused = http.request("POST", "/v1/collections/deep/items").body("application/json", nested(11)).send();
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().getString("detail")).contains("deeper than 10 levels");
  }

  @Test
  void anItemStoredDeeperThanTheLimitBeforeItExistedIsReadByEveryRead() {
    String id = http.postJson("/v1/collections/deep/items", new JsonObject()).json().getString("id");
    String path = "/v1/collections/deep/items/" + id;
    // As the service stored it before the limit: Jackson's own limit of 1,000 levels was the only one.
    service.sql("UPDATE items SET data = ?::jsonb WHERE id = ?::uuid", nested(999), id);
    assertThat(http.get(path).status()).isEqualTo(200);
    assertThat(http.get("/v1/collections/deep/items?limit=1000").status()).isEqualTo(200);
    assertThat(http.get(path + "/versions").status()).isEqualTo(200);
    assertThat(http.delete(path).status()).isEqualTo(204);
    assertThat(http.get("/v1/collections/deep/items?state=deleted").status()).isEqualTo(200);
    assertThat(http.get(path + "?showDeleted=true").json().getJsonObject("data").encode()).isEqualTo(nested(999));
  }
}
