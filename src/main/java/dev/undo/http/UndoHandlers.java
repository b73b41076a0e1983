package dev.undo.http;

import dev.undo.service.Caller;
import dev.undo.service.ItemService;
import dev.undo.service.UndoResult;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/** {@code /v1/undo/{token}}. */
final class UndoHandlers {
  private final ItemService items;
  private final Function<RoutingContext, Caller> callers;

  UndoHandlers(ItemService items, Function<RoutingContext, Caller> callers) {
    this.items = items;
    this.callers = callers;
  }

  void undo(RoutingContext ctx) {
    items.undo(callers.apply(ctx), ctx.pathParam("token"))
        .onSuccess(result -> respond(ctx, result))
        .onFailure(ctx::fail);
  }

  /** 201 with a Location when this undo restored the item; 200 when an earlier one had. */
  static void respond(RoutingContext ctx, UndoResult result) {
    if (result.restored()) {
      ctx.response().putHeader("location", Representations.itemHref(result.item()));
      Responses.item(ctx, 201, result.item());
    } else {
      Responses.item(ctx, 200, result.item());
    }
  }
}
