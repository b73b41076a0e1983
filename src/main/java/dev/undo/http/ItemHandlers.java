package dev.undo.http;

import dev.undo.domain.InvalidRequestException;
import dev.undo.domain.Item;
import dev.undo.domain.Listing;
import dev.undo.domain.PageKey;
import dev.undo.service.Caller;
import dev.undo.service.ItemService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/** {@code /v1/collections/{collection}/items}. */
final class ItemHandlers {
  private final ItemService items;
  private final Function<RoutingContext, Caller> callers;

  ItemHandlers(ItemService items, Function<RoutingContext, Caller> callers) {
    this.items = items;
    this.callers = callers;
  }

  void create(RoutingContext ctx) {
    String collection = Requests.collection(ctx);
    JsonObject data = Requests.jsonObject(ctx);
    items.create(callers.apply(ctx), collection, data)
        .onSuccess(item -> {
          ctx.response().putHeader("location", Representations.itemHref(item));
          Responses.item(ctx, 201, item);
        })
        .onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    String collection = Requests.collection(ctx);
    UUID id = Requests.itemId(ctx);
    String asOf = ctx.request().getParam("asOf");
    boolean showDeleted = Requests.booleanParam(ctx, "showDeleted");
    Predicate<String> notModified = Requests.ifNoneMatch(ctx);
    Caller caller = callers.apply(ctx);
    if (asOf != null) {
      Instant instant = HttpDates.parseRfc3339(asOf);
      if (instant == null) {
        throw new InvalidRequestException("asOf must be an RFC 3339 date-time such as 2026-11-22T10:00:00.000Z");
      }
      items.getAsOf(caller, collection, id, instant)
          .onSuccess(item -> Responses.itemRead(ctx, item, notModified))
          .onFailure(ctx::fail);
      return;
    }
    items.get(caller, collection, id, showDeleted)
        .onSuccess(item -> Responses.itemRead(ctx, item, notModified))
        .onFailure(ctx::fail);
  }

  void versions(RoutingContext ctx) {
    String collection = Requests.collection(ctx);
    UUID id = Requests.itemId(ctx);
    items.versions(callers.apply(ctx), collection, id)
        .onSuccess(versions -> Responses.json(ctx, 200, () -> ItemJson.versions(versions)))
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    String collection = Requests.collection(ctx);
    Listing listing = Listing.fromWireName(ctx.request().getParam("state", "active"));
    if (listing == null) {
      throw new InvalidRequestException("state must be active, deleted or all");
    }
    int limit = Requests.limit(ctx);
    PageKey after = Requests.cursor(ctx, listing);
    items.list(callers.apply(ctx), collection, listing, after, limit)
        .onSuccess(page -> Responses.json(ctx, 200, () -> ItemJson.page(page.items(), Requests.cursor(page.next()))))
        .onFailure(ctx::fail);
  }

  void replace(RoutingContext ctx) {
    update(ctx, false);
  }

  void patch(RoutingContext ctx) {
    update(ctx, true);
  }

  private void update(RoutingContext ctx, boolean mergePatch) {
    String collection = Requests.collection(ctx);
    UUID id = Requests.itemId(ctx);
    JsonObject body = Requests.jsonObject(ctx);
    items.update(callers.apply(ctx), collection, id, Requests.ifMatch(ctx), body, mergePatch)
        .onSuccess(item -> Responses.item(ctx, 200, item))
        .onFailure(ctx::fail);
  }

  /** 204: the item's data is gone from every version, tombstone and unique key. */
  void erase(RoutingContext ctx) {
    String collection = Requests.collection(ctx);
    UUID id = Requests.itemId(ctx);
    items.erase(callers.apply(ctx), collection, id)
        .onSuccess(erased -> Responses.empty(ctx, 204))
        .onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    String collection = Requests.collection(ctx);
    UUID id = Requests.itemId(ctx);
    boolean representation = Requests.prefersRepresentation(ctx);
    items.delete(callers.apply(ctx), collection, id, Requests.ifMatch(ctx))
        .onSuccess(item -> {
          if (item.undo() != null) {
            UndoHandlers.undoHeaders(ctx, item.undo());
          }
          if (representation) {
            ctx.response().putHeader("preference-applied", "return=representation");
            Responses.item(ctx, 200, item);
          } else {
            Responses.empty(ctx, 204);
          }
        })
        .onFailure(ctx::fail);
  }

}
