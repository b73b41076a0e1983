package dev.undo.support;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The check every test's answers go through fails on what openapi.yaml does not allow. */
class ApiContractTest {
  private static final String ITEM_PATH = "/v1/collections/notes/items/0193a0b0-0000-7000-8000-000000000001";

  private static JsonObject item() {
    return new JsonObject().put("id", "0193a0b0-0000-7000-8000-000000000001").put("collection", "notes").put("version", 1)
        .put("state", "active").put("data", new JsonObject()).put("createdAt", "2026-12-01T10:00:00.000Z")
        .put("updatedAt", "2026-12-01T10:00:00.000Z").putNull("deletedAt").putNull("undo").putNull("purgeAt").putNull("deletionId");
  }

  private static Map<String, String> headers(String... namesAndValues) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  @Test
  void anItemAsTheDocumentDescribesItPasses() {
    assertThatCode(() -> ApiContract.check("GET", ITEM_PATH, 200, headers("content-type", "application/json", "etag", "\"1\""), item().encode()))
        .doesNotThrowAnyException();
    assertThatCode(() -> ApiContract.check("POST", "/v1/collections/notes/items", 201,
        headers("content-type", "application/json", "etag", "\"1\"", "location", ITEM_PATH), item().encode()))
        .doesNotThrowAnyException();
  }

  @Test
  void aBodyThatDiffersFails() {
    Map<String, String> json = headers("content-type", "application/json", "etag", "\"1\"");
    assertThatThrownBy(() -> ApiContract.check("GET", ITEM_PATH, 200, json, item().put("extra", 1).encode())).isInstanceOf(AssertionError.class);
    JsonObject noVersion = item();
    noVersion.remove("version");
    assertThatThrownBy(() -> ApiContract.check("GET", ITEM_PATH, 200, json, noVersion.encode())).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> ApiContract.check("GET", ITEM_PATH, 200, json, item().put("state", "gone").encode())).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> ApiContract.check("GET", ITEM_PATH, 200, json, item().put("createdAt", "yesterday").encode())).isInstanceOf(AssertionError.class);
  }

  @Test
  void aMissingOrMalformedHeaderFails() {
    assertThatThrownBy(() -> ApiContract.check("POST", "/v1/collections/notes/items", 201,
        headers("content-type", "application/json", "etag", "\"1\""), item().encode()))
        .isInstanceOf(AssertionError.class).hasMessageContaining("Location");
    assertThatThrownBy(() -> ApiContract.check("GET", ITEM_PATH, 200, headers("content-type", "application/json", "etag", "1"), item().encode()))
        .isInstanceOf(AssertionError.class).hasMessageContaining("ETag");
  }

  @Test
  void aProblemMustBeProblemJsonWithItsMembers() {
    JsonObject gone = new JsonObject().put("type", "urn:undo:problem:item-deleted").put("title", "Gone").put("status", 410)
        .put("detail", "deleted").put("deletedAt", "2026-12-01T10:00:00.000Z").putNull("undo")
        .put("deletionId", "0193a0b0-0000-7000-8000-0000000000d1");
    assertThatCode(() -> ApiContract.check("GET", ITEM_PATH, 410, headers("content-type", "application/problem+json"), gone.encode()))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> ApiContract.check("GET", ITEM_PATH, 410, headers("content-type", "application/json"), gone.encode()))
        .isInstanceOf(AssertionError.class);
    JsonObject withoutDeletedAt = gone.copy();
    withoutDeletedAt.remove("deletedAt");
    assertThatThrownBy(() -> ApiContract.check("GET", ITEM_PATH, 410, headers("content-type", "application/problem+json"), withoutDeletedAt.encode()))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> ApiContract.check("GET", ITEM_PATH, 500, headers("content-type", "text/html"), "<html></html>"))
        .isInstanceOf(AssertionError.class);
  }
}
