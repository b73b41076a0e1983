package dev.undo.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Behind an authenticating proxy the actor header records who created, changed and deleted an item. */
class AuditFieldsTest {
  @RegisterExtension
  static final RunningService service = new RunningService(new JsonObject().put("UNDO_ACTOR_HEADER", "X-Forwarded-User"));

  @Test
  void everyVersionRecordsWhoMadeItAndTheTombstoneWhoDeleted() {
    Http http = service.http();
    http.putJson("/v1/collections/audited", new JsonObject());
    String id = http.request("POST", "/v1/collections/audited/items").header("X-Forwarded-User", "ann")
        .json(new JsonObject()).send().json().getString("id");
    String path = "/v1/collections/audited/items/" + id;
    http.request("PUT", path).header("X-Forwarded-User", "bob").json(new JsonObject().put("v", 2)).send();
    assertThat(http.request("DELETE", path).header("X-Forwarded-User", "cy").send().status()).isEqualTo(204);

    var versions = service.sql(
        "SELECT version, created_by, updated_by, deleted_by, tenant_id FROM item_history WHERE id = ?::uuid"
            + " UNION ALL SELECT version, created_by, updated_by, deleted_by, tenant_id FROM items WHERE id = ?::uuid"
            + " ORDER BY version", id, id);
    assertThat(versions).hasSize(3);
    assertThat(versions.get(0)).containsEntry("created_by", "ann").containsEntry("updated_by", "ann").containsEntry("tenant_id", "default");
    assertThat(versions.get(1)).containsEntry("updated_by", "bob");
    Map<String, Object> tombstone = versions.get(2);
    assertThat(tombstone).containsEntry("deleted_by", "cy").containsEntry("updated_by", "cy").containsEntry("created_by", "ann");

    String link = http.request("DELETE", path).send().header("Link");
    http.request("POST", link.substring(1, link.indexOf('>'))).header("X-Forwarded-User", "dee").send();
    assertThat(service.sqlValue("SELECT updated_by FROM items WHERE id = ?::uuid", id)).isEqualTo("dee");
    assertThat(service.sql("SELECT updated_by, deleted_by FROM item_history WHERE id = ?::uuid AND version = 3", id))
        .containsExactly(Map.of("updated_by", "cy", "deleted_by", "cy"));
  }
}
