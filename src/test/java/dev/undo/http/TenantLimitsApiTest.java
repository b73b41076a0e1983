package dev.undo.http;

import static dev.undo.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.RunningService;
import dev.undo.support.TestIssuer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What keeps one tenant from starving the others: its own token bucket (429 with Retry-After and
 * the IETF draft's RateLimit fields), a bound on its tickets in the undo cache, and, for the few
 * tenants named, a metric label of its own.
 */
class TenantLimitsApiTest {
  private static final TestIssuer ISSUER = new TestIssuer();
  private static final String ALL = "items:read items:write items:undo collections:write";

  @RegisterExtension
  static final RunningService service = new RunningService(ISSUER.settings()
      .put("UNDO_TENANT_RATE", "1").put("UNDO_TENANT_BURST", "8")
      .put("UNDO_TENANT_MAX_OPEN_TICKETS", "1").put("UNDO_METRICS_TENANT_LABELS", "acme"));

  @AfterAll
  static void stopIssuer() {
    ISSUER.close();
  }

  private static Http as(String tenant) {
    return service.http().withToken(ISSUER.token(tenant, "someone@" + tenant, ALL));
  }

  private static double metric(String series) {
    for (String line : service.management().get("/metrics").body().split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1));
      }
    }
    return 0;
  }

  @Test
  void aTenantOverItsRateIsRefusedWhileAnotherIsServed() {
    Http flood = as("flood");
    Http.Response first = flood.get("/v1/collections");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("RateLimit-Policy")).isEqualTo("\"tenant\";q=8;w=8");
    assertThat(first.header("RateLimit")).isEqualTo("\"tenant\";r=7;t=1");
    Http.Response refused = null;
    for (int i = 0; i < 50 && refused == null; i++) {
      Http.Response response = flood.get("/v1/collections");
      if (response.status() != 200) {
        refused = response;
      }
    }
    assertThat(refused).as("a 429 within 50 quick requests at 1 a second").isNotNull();
    assertThat(assertProblem(refused, 429).getString("type")).isEqualTo("urn:undo:problem:rate-limited");
    assertThat(refused.header("Retry-After")).isEqualTo("1");
    assertThat(refused.header("RateLimit")).isEqualTo("\"tenant\";r=0;t=8");
    assertThat(as("patient").get("/v1/collections").status()).isEqualTo(200);
  }

  @Test
  void aTenantPastItsOpenTicketsIsStillUndoneThroughPostgresql() {
    Http tenant = as("tickets");
    tenant.putJson("/v1/collections/notes", new JsonObject().put("undoWindow", "PT1M"));
    String first = tenant.postJson("/v1/collections/notes/items", new JsonObject()).json().getString("id");
    String second = tenant.postJson("/v1/collections/notes/items", new JsonObject()).json().getString("id");
    double refusedBefore = metric("undo_cache_refused_total");
    double fallbacksBefore = metric("undo_cache_fallbacks_total");
    Http.Response kept = tenant.delete("/v1/collections/notes/items/" + first);
    Http.Response beyond = tenant.delete("/v1/collections/notes/items/" + second);
    assertThat(beyond.status()).isEqualTo(204);
    assertThat(beyond.header("Link")).contains("rel=\"undo\"");
    assertThat(metric("undo_cache_refused_total")).isEqualTo(refusedBefore + 1);
    assertThat(tenant.post(undoPath(beyond)).status()).isEqualTo(201);
    assertThat(metric("undo_cache_fallbacks_total")).isEqualTo(fallbacksBefore + 1);
    assertThat(tenant.post(undoPath(kept)).status()).isEqualTo(201);
    assertThat(metric("undo_cache_fallbacks_total")).isEqualTo(fallbacksBefore + 1);
  }

  private static String undoPath(Http.Response deleted) {
    String link = deleted.header("Link");
    return link.substring(link.indexOf('<') + 1, link.indexOf('>'));
  }

  @Test
  void namedTenantsHaveATenantLabelAndTheRestCountAsOther() {
    for (String tenant : new String[] {"acme", "initech"}) {
      Http http = as(tenant);
      http.putJson("/v1/collections/labelled", new JsonObject());
      String id = http.postJson("/v1/collections/labelled/items", new JsonObject()).json().getString("id");
      assertThat(http.delete("/v1/collections/labelled/items/" + id).status()).isEqualTo(204);
    }
    assertThat(metric("undo_deletions_total{collection=\"labelled\",tenant=\"acme\"}")).isEqualTo(1);
    assertThat(metric("undo_deletions_total{collection=\"labelled\",tenant=\"other\"}")).isEqualTo(1);
    assertThat(service.management().get("/metrics").body()).doesNotContain("initech");
  }
}
