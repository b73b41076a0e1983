package dev.undo.http;

import dev.undo.domain.Item;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes the API's success responses. */
final class Responses {
  static final String JSON = "application/json";

  private Responses() {}

  static void json(RoutingContext ctx, int status, JsonObject body) {
    json(ctx, status, body.toBuffer());
  }

  static void json(RoutingContext ctx, int status, Buffer body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body);
  }

  /** A single-item response: the item, with its version as a strong entity tag. */
  static void item(RoutingContext ctx, int status, Item item) {
    ctx.response().putHeader("ETag", Representations.etag(item));
    json(ctx, status, ItemJson.item(item));
  }
}
