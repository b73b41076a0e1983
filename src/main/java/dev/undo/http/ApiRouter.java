package dev.undo.http;

import dev.undo.auth.Scope;
import dev.undo.changes.ChangeFeed;
import dev.undo.config.HttpConfig;
import dev.undo.service.Caller;
import dev.undo.service.CollectionService;
import dev.undo.service.DeletionService;
import dev.undo.service.HoldService;
import dev.undo.service.ItemService;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Set;
import java.util.function.Function;

/** The routes of API.md. Only routes that take a body read one; elsewhere a body is ignored. */
public final class ApiRouter {
  private static final String MERGE_PATCH = "application/merge-patch+json";

  private ApiRouter() {}

  public static Router create(
      Vertx vertx, HttpConfig config, ApiAccess access, CollectionService collections, ItemService items,
      DeletionService deletions, HoldService holds, ChangeFeed feed) {
    Function<RoutingContext, Caller> callers = ApiAccess::caller;
    CollectionHandlers collectionHandlers = new CollectionHandlers(collections, callers);
    ItemHandlers itemHandlers = new ItemHandlers(items, callers);
    DeletionHandlers deletionHandlers = new DeletionHandlers(deletions, callers);
    UndoHandlers undoHandlers = new UndoHandlers(deletions, callers);
    HoldHandlers holdHandlers = new HoldHandlers(holds, callers);
    ChangeHandlers changeHandlers = new ChangeHandlers(feed, callers);
    BodyHandler body = BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes());
    JsonBodyReader bodies = new JsonBodyReader(config.jsonMaxDepth());
    Handler<RoutingContext> json = requireMediaType("a JSON body (application/json)", Requests::isJson, bodies);
    Handler<RoutingContext> mergePatch = requireMediaType(
        "a JSON merge patch (" + MERGE_PATCH + ")", MERGE_PATCH::equals, bodies);

    Router router = Router.router(vertx);
    router.route().handler(new RequestLogging());
    router.route().handler(new RequestDeadline(config.requestTimeout()));
    router.route().handler(cors(config));

    ProblemResponses problems = new ProblemResponses();
    AllowedMethods allowed = new AllowedMethods();
    Routes on = new Routes(router, problems, allowed, access, body);
    // No two templates match the same path, so the order only decides how many templates a request
    // is tried against (a regular expression each, whatever the method): the busiest come first.
    String itemsPath = "/v1/collections/:collection/items";
    String item = itemsPath + "/:id";
    on.route(HttpMethod.GET, item, Scope.ITEMS_READ).handler(itemHandlers::get);
    on.route(HttpMethod.DELETE, item, Scope.ITEMS_WRITE).handler(itemHandlers::delete);
    on.route(HttpMethod.POST, item + "/undo", Scope.ITEMS_UNDO).handler(deletionHandlers::undoLatest);
    on.route(HttpMethod.GET, itemsPath, Scope.ITEMS_READ).handler(itemHandlers::list);
    on.routeWithBody(HttpMethod.POST, itemsPath, Scope.ITEMS_WRITE).handler(json).handler(itemHandlers::create);
    on.routeWithBody(HttpMethod.PUT, item, Scope.ITEMS_WRITE).handler(json).handler(itemHandlers::replace);
    on.routeWithBody(HttpMethod.PATCH, item, Scope.ITEMS_WRITE).handler(mergePatch).handler(itemHandlers::patch);
    on.route(HttpMethod.GET, item + "/versions", Scope.ITEMS_READ).handler(itemHandlers::versions);
    on.route(HttpMethod.POST, "/v1/undo/:token", Scope.ITEMS_UNDO).handler(undoHandlers::undo);
    on.routeWithBody(HttpMethod.POST, "/v1/collections/:collection/deletions", Scope.ITEMS_WRITE).handler(json)
        .handler(deletionHandlers::deleteMany);
    on.route(HttpMethod.GET, "/v1/deletions/:deletionId", Scope.ITEMS_READ).handler(deletionHandlers::get);
    on.route(HttpMethod.POST, "/v1/deletions/:deletionId/undo", Scope.ITEMS_UNDO).handler(deletionHandlers::undo);
    on.route(HttpMethod.POST, "/v1/deletions/:deletionId/restore", Scope.ITEMS_RESTORE).handler(deletionHandlers::restore);
    on.route(HttpMethod.POST, item + "/restore", Scope.ITEMS_RESTORE).handler(deletionHandlers::restoreLatest);
    on.route(HttpMethod.POST, item + "/erase", Scope.ITEMS_ERASE).handler(itemHandlers::erase);
    on.routeWithBody(HttpMethod.PUT, item + "/hold", Scope.ITEMS_ERASE).handler(json).handler(holdHandlers::put);
    on.route(HttpMethod.GET, item + "/hold", Scope.ITEMS_READ).handler(holdHandlers::get);
    on.route(HttpMethod.DELETE, item + "/hold", Scope.ITEMS_ERASE).handler(holdHandlers::release);
    on.route(HttpMethod.GET, "/v1/changes", Scope.CHANGES_READ).handler(changeHandlers::read);
    on.route(HttpMethod.GET, "/v1/collections", Scope.ITEMS_READ).handler(collectionHandlers::list);
    on.routeWithBody(HttpMethod.PUT, "/v1/collections/:collection", Scope.COLLECTIONS_WRITE).handler(json).handler(collectionHandlers::put);
    on.route(HttpMethod.GET, "/v1/collections/:collection", Scope.ITEMS_READ).handler(collectionHandlers::get);
    on.open(HttpMethod.GET, "/openapi.json").handler(ctx -> Responses.json(ctx, 200, OpenApiDocument.bytes()));

    // The Undo toast component and the demo page that uses it.
    on.page("/ui/*").handler(StaticHandler.create("webroot/ui"));
    on.page("/").handler(StaticHandler.create("webroot").setIndexPage("index.html"));

    router.route().failureHandler(problems);
    // What no route answers. 400: what Vert.x Web refuses before routing, such as a malformed
    // percent-encoding in the path or query; the context does not always carry that status itself.
    for (int status : new int[] {400, 404}) {
      router.errorHandler(status, ctx -> ProblemResponses.send(ctx, ProblemResponses.forStatus(status)));
    }
    router.errorHandler(405, ctx -> {
      String allow = allowed.allow(ctx.normalizedPath());
      if (allow != null) {
        ctx.response().putHeader("allow", allow);
      }
      ProblemResponses.send(ctx, ProblemResponses.forStatus(405));
    });
    return router;
  }

  /**
   * Declares an API route with the problem failure handler of its own, so that while a failure is
   * answered the request's current route is still this one, and the access log knows its template.
   * A GET route answers HEAD too (RFC 9110 §9.3.2: Vert.x sends a HEAD response's headers only).
   */
  private record Routes(Router router, ProblemResponses problems, AllowedMethods allowed, ApiAccess access, BodyHandler body) {
    /** A route of tenant data: the caller must have the scope. */
    Route route(HttpMethod method, String template, Scope scope) {
      return open(method, template).handler(access.require(scope));
    }

    /** The same for a route that takes a body: Vert.x Web reads it before any other handler runs. */
    Route routeWithBody(HttpMethod method, String template, Scope scope) {
      return open(method, template).handler(body).handler(access.require(scope));
    }

    /** A route anyone may call: it serves no tenant's data. */
    Route open(HttpMethod method, String template) {
      Route route = router.route(template).method(method);
      allowed.add(template, method);
      if (method == HttpMethod.GET) {
        route.method(HttpMethod.HEAD);
        allowed.add(template, HttpMethod.HEAD);
      }
      return route.failureHandler(problems);
    }

    /** A static page: GET and HEAD, failures as Vert.x Web's StaticHandler answers them. */
    Route page(String template) {
      allowed.add(template, HttpMethod.GET);
      allowed.add(template, HttpMethod.HEAD);
      return router.route(template).method(HttpMethod.GET).method(HttpMethod.HEAD);
    }
  }

  /**
   * 415 when the body is not of a type the route takes; else the body, read as a JSON object (400 if
   * it is not one). A PATCH's 415 names the patch format it takes in {@code Accept-Patch} (RFC 5789 §3.1).
   */
  private static Handler<RoutingContext> requireMediaType(
      String wanted, java.util.function.Predicate<String> accepts, JsonBodyReader bodies) {
    return ctx -> {
      if (accepts.test(Requests.mediaType(ctx))) {
        ctx.put(Requests.JSON_BODY, bodies.object(ctx.body().buffer()));
        ctx.next();
      } else {
        if (ctx.request().method() == HttpMethod.PATCH) {
          ctx.response().putHeader("accept-patch", MERGE_PATCH);
        }
        ProblemResponses.send(ctx, Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
            "this request takes " + wanted + ", not " + (Requests.mediaType(ctx) == null ? "no Content-Type" : Requests.mediaType(ctx))));
      }
    };
  }

  private static CorsHandler cors(HttpConfig config) {
    CorsHandler cors = config.corsOrigins().contains("*") ? CorsHandler.create() : CorsHandler.create().addOrigins(config.corsOrigins());
    return cors
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE))
        .allowedHeaders(Set.of("Authorization", "Content-Type", "If-Match", "If-None-Match", "Prefer", "Idempotency-Key", "Last-Event-ID",
            RequestLogging.HEADER))
        .exposedHeaders(Set.of("Link", "Undo-Expires", "ETag", "Location", "WWW-Authenticate", "Retry-After", "RateLimit",
            "RateLimit-Policy", RequestLogging.HEADER));
  }
}
