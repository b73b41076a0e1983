package dev.undo.http;

import dev.undo.domain.Item;
import dev.undo.domain.UndoOffer;
import dev.undo.service.Caller;
import dev.undo.service.DeletionService;
import dev.undo.service.UndoResult;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/** {@code /v1/undo/{token}}, and how every undo is answered. */
final class UndoHandlers {
  private final DeletionService deletions;
  private final Function<RoutingContext, Caller> callers;

  UndoHandlers(DeletionService deletions, Function<RoutingContext, Caller> callers) {
    this.deletions = deletions;
    this.callers = callers;
  }

  void undo(RoutingContext ctx) {
    deletions.undo(callers.apply(ctx), ctx.pathParam("token"))
        .onSuccess(result -> respond(ctx, result))
        .onFailure(ctx::fail);
  }

  /**
   * 201 with a Location when this undo restored the items; 200 when an earlier one had. A deletion of
   * one item answers the item (with its ETag); one of many, the deletion and its items.
   */
  static void respond(RoutingContext ctx, UndoResult result) {
    if (result.ofOneItem()) {
      int status = result.restored() ? 201 : 200;
      Item item = result.items().get(0);
      if (result.restored()) {
        ctx.response().putHeader("location", Representations.itemHref(item));
      }
      Responses.item(ctx, status, item);
      return;
    }
    respondWithDeletion(ctx, result);
  }

  /** {@code {"deletion": …, "items": […]}}: 201 with the deletion's Location when this request restored them. */
  static void respondWithDeletion(RoutingContext ctx, UndoResult result) {
    if (result.restored()) {
      ctx.response().putHeader("location", Representations.deletionHref(result.deletion().deletion().id()));
    }
    Responses.json(ctx, result.restored() ? 201 : 200,
        () -> ItemJson.deletionWithItems(Representations.deletion(result.deletion()), result.items()));
  }

  /** The undo link of a deletion just made: {@code Link} and {@code Undo-Expires}. */
  static void undoHeaders(RoutingContext ctx, UndoOffer offer) {
    ctx.response()
        .putHeader("link", "<" + Representations.undoHref(offer) + ">; rel=\"undo\"")
        .putHeader("undo-expires", HttpDates.imfFixdate(offer.expiresAt()));
  }
}
