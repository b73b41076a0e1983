package dev.undo.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.config.ServiceConfig;
import dev.undo.config.TenantLimitsConfig;
import dev.undo.support.ApiContract;
import dev.undo.support.Http;
import dev.undo.support.RunningService;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
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

  /** The demo's pages: served beside the API, not part of it. */
  private static final Set<String> PAGES = Set.of("/", "/ui/");

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
    Router router = ApiRouter.create(service.vertx(), ServiceConfig.from(new JsonObject()).http(),
        new ApiAccess(null, null, TenantLimitsConfig.none()), null, null, null, null, null);
    Set<String> routes = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null || PAGES.contains(route.getPath()) || route.methods() == null) {
        continue;
      }
      for (HttpMethod method : route.methods()) {
        if (method != HttpMethod.HEAD) {
          routes.add(method.name() + " " + route.getPath().replaceAll(":([A-Za-z]+)", "{$1}"));
        }
      }
    }
    Set<String> described = new TreeSet<>();
    ApiContract.contract().operations().forEach(operation ->
        described.add(operation.getHttpMethod().name() + " " + operation.getOpenAPIPath()));
    assertThat(routes).isNotEmpty().isEqualTo(described);
  }
}
