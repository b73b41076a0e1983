package dev.undo.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.ApiContract;
import dev.undo.support.Http;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GET /openapi.json answers the document, and the document describes exactly the API routes of the
 * router: a route added without its description (or a description left after its route) fails here.
 */
class OpenApiDocumentTest {
  @RegisterExtension
  static final RunningService service = new RunningService();

  @Test
  void theDocumentIsServedAsJsonOnTheApiPort() {
    Http.Response response = service.http().get("/openapi.json");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/json");
    JsonObject document = response.json();
    assertThat(document.getString("openapi")).isEqualTo("3.1.0");
    assertThat(document).isEqualTo(OpenApiDocument.json());
    assertThat(service.management().get("/openapi.json").status()).isEqualTo(404);
  }

  @Test
  void theDocumentDescribesEveryRouteOfTheRouterAndNoOther() {
    Set<String> routes = RouterRoutes.api(service.vertx());
    Set<String> described = new TreeSet<>();
    ApiContract.contract().operations().forEach(operation ->
        described.add(operation.getHttpMethod().name() + " " + operation.getOpenAPIPath()));
    assertThat(routes).isNotEmpty().isEqualTo(described);
  }
}
