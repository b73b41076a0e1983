package dev.undo.http;

import dev.undo.config.CollectionSpec;
import dev.undo.service.Caller;
import dev.undo.service.CollectionService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/** {@code /v1/collections}. */
final class CollectionHandlers {
  private final CollectionService collections;
  private final Function<RoutingContext, Caller> callers;

  CollectionHandlers(CollectionService collections, Function<RoutingContext, Caller> callers) {
    this.collections = collections;
    this.callers = callers;
  }

  void put(RoutingContext ctx) {
    String name = Requests.collection(ctx);
    JsonObject body = Requests.jsonObject(ctx);
    collections.put(callers.apply(ctx), CollectionSpec.parse(name, body))
        .onSuccess(saved -> Responses.json(ctx, saved.created() ? 201 : 200, Representations.collection(saved.collection())))
        .onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    String name = Requests.collection(ctx);
    collections.get(callers.apply(ctx), name)
        .onSuccess(found -> Responses.json(ctx, 200, Representations.collection(found)))
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    collections.list(callers.apply(ctx))
        .onSuccess(all -> {
          JsonArray array = new JsonArray();
          all.forEach(collection -> array.add(Representations.collection(collection)));
          Responses.json(ctx, 200, new JsonObject().put("collections", array));
        })
        .onFailure(ctx::fail);
  }
}
