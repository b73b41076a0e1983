package dev.undo.http;

import dev.undo.config.ServiceConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.Set;
import java.util.TreeSet;

/** The API's routes as the router has them, "GET /v1/collections/{collection}", for tests that must cover each. */
final class RouterRoutes {
  /** The demo's pages: served beside the API, not part of it. */
  private static final Set<String> PAGES = Set.of("/", "/ui/");

  private RouterRoutes() {}

  static Set<String> api(Vertx vertx) {
    ServiceConfig defaults = ServiceConfig.from(new JsonObject());
    Router router = ApiRouter.create(vertx, defaults.http(), new ApiAccess(null, null, defaults.tenants()),
        null, null, null, null, null);
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
    return routes;
  }
}
