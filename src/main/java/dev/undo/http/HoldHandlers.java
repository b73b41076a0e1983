package dev.undo.http;

import dev.undo.domain.Hold;
import dev.undo.domain.InvalidRequestException;
import dev.undo.service.Caller;
import dev.undo.service.HoldService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.function.Function;

/** {@code /v1/collections/{collection}/items/{id}/hold}: a legal hold. */
final class HoldHandlers {
  static final int MAX_REASON = 1_000;

  private final HoldService holds;
  private final Function<RoutingContext, Caller> callers;

  HoldHandlers(HoldService holds, Function<RoutingContext, Caller> callers) {
    this.holds = holds;
    this.callers = callers;
  }

  /** 200 with the hold, whether it is new or its reason changed. */
  void put(RoutingContext ctx) {
    String collection = Requests.collection(ctx);
    UUID id = Requests.itemId(ctx);
    String reason = reason(Requests.jsonObject(ctx));
    holds.hold(callers.apply(ctx), collection, id, reason)
        .onSuccess(hold -> Responses.json(ctx, 200, json(hold)))
        .onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    holds.get(callers.apply(ctx), Requests.collection(ctx), Requests.itemId(ctx))
        .onSuccess(hold -> Responses.json(ctx, 200, json(hold)))
        .onFailure(ctx::fail);
  }

  void release(RoutingContext ctx) {
    holds.release(callers.apply(ctx), Requests.collection(ctx), Requests.itemId(ctx))
        .onSuccess(released -> Responses.empty(ctx, 204))
        .onFailure(ctx::fail);
  }

  /** {@code {"reason": "…"}}: why the item is held, 1 to 1,000 characters, not blank. */
  static String reason(JsonObject body) {
    for (String member : body.fieldNames()) {
      if (!member.equals("reason")) {
        throw new InvalidRequestException("a hold takes only \"reason\", not \"" + member + "\"");
      }
    }
    if (!(body.getValue("reason") instanceof String reason) || reason.isBlank() || reason.length() > MAX_REASON) {
      throw new InvalidRequestException("a hold takes {\"reason\": \"why the item is held\"}, 1 to " + MAX_REASON + " characters");
    }
    return reason;
  }

  private static JsonObject json(Hold hold) {
    return new JsonObject()
        .put("collection", hold.collection())
        .put("id", hold.itemId().toString())
        .put("reason", hold.reason())
        .put("heldAt", HttpDates.rfc3339(hold.heldAt()))
        .put("heldBy", hold.heldBy());
  }
}
