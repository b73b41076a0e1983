package dev.undo.http;

import dev.undo.domain.Item;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Writes the API's success responses. */
final class Responses {
  static final String JSON = "application/json";

  private Responses() {}

  static void json(RoutingContext ctx, int status, JsonObject body) {
    json(ctx, status, body::toBuffer);
  }

  /**
   * A JSON response whose body is written now. Responses are written in a future's callback, where
   * an exception (an encoding that fails) would leave the request without an answer: it fails the
   * request instead, which answers problem+json.
   */
  static void json(RoutingContext ctx, int status, Supplier<Buffer> body) {
    Buffer bytes;
    try {
      bytes = body.get();
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    json(ctx, status, bytes);
  }

  static void json(RoutingContext ctx, int status, Buffer body) {
    if (isOpen(ctx)) {
      end(ctx, ctx.response().setStatusCode(status).putHeader("content-type", JSON), body);
    }
  }

  /**
   * Ends a response with its body. To a HEAD, Vert.x sends neither the body nor its length: the
   * length is set here, so that a HEAD's headers are the GET's (RFC 9110 §9.3.2).
   */
  static void end(RoutingContext ctx, HttpServerResponse response, Buffer body) {
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.putHeader("content-length", String.valueOf(body.length()));
    }
    response.end(body);
  }

  /**
   * A single-item response: the item, with its version as a strong entity tag. Encoded before any
   * header is set, so that a failed encoding answers a problem without the item's ETag.
   */
  static void item(RoutingContext ctx, int status, Item item) {
    Buffer body;
    try {
      body = ItemJson.item(item);
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    if (isOpen(ctx)) {
      ctx.response().putHeader("etag", Representations.etag(item));
      json(ctx, status, body);
    }
  }

  /**
   * A single-item read: the item, or 304 with its entity tag alone when the client's
   * {@code If-None-Match} names it (the item's version is its entity tag).
   */
  static void itemRead(RoutingContext ctx, Item item, Predicate<String> notModified) {
    String etag = Representations.etag(item);
    if (notModified.test(etag)) {
      if (isOpen(ctx)) {
        ctx.response().setStatusCode(304).putHeader("etag", etag).end();
      }
      return;
    }
    item(ctx, 200, item);
  }

  /** An answer with no body, such as DELETE's 204. */
  static void empty(RoutingContext ctx, int status) {
    if (isOpen(ctx)) {
      ctx.response().setStatusCode(status).end();
    }
  }

  /** False once the request has been answered or its client has gone: a late result has nobody to go to. */
  static boolean isOpen(RoutingContext ctx) {
    return !ctx.response().ended() && !ctx.response().closed();
  }
}
