package dev.undo.http;

import dev.undo.domain.CanonicalUuid;
import dev.undo.domain.InvalidRequestException;
import dev.undo.service.Caller;
import dev.undo.service.DeletionService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.UUID;
import java.util.function.Function;

/** {@code /v1/collections/{collection}/deletions} and {@code /v1/deletions/{id}}. */
final class DeletionHandlers {
  static final int MAX_BATCH = 1_000;
  private static final int MAX_IDEMPOTENCY_KEY = 255;

  private final DeletionService deletions;
  private final Function<RoutingContext, Caller> callers;

  DeletionHandlers(DeletionService deletions, Function<RoutingContext, Caller> callers) {
    this.deletions = deletions;
    this.callers = callers;
  }

  /** 201 with the deletion and its undo link; 200 when every item had been deleted before (nothing to undo). */
  void deleteMany(RoutingContext ctx) {
    String collection = Requests.collection(ctx);
    List<UUID> ids = ids(Requests.jsonObject(ctx));
    String key = idempotencyKey(ctx);
    deletions.deleteMany(callers.apply(ctx), collection, ids, key)
        .onSuccess(batch -> {
          JsonObject body = Representations.deletion(batch.deletion());
          JsonArray already = new JsonArray();
          batch.alreadyDeleted().forEach(id -> already.add(id.toString()));
          body.put("alreadyDeleted", already);
          if (batch.deletion().undo() != null) {
            UndoHandlers.undoHeaders(ctx, batch.deletion().undo());
          }
          boolean made = !batch.deletion().deletion().isEmpty();
          if (made) {
            ctx.response().putHeader("location", Representations.deletionHref(batch.deletion().deletion().id()));
          }
          Responses.json(ctx, made ? 201 : 200, body);
        })
        .onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    deletions.get(callers.apply(ctx), Requests.deletionId(ctx))
        .onSuccess(found -> Responses.json(ctx, 200, Representations.deletion(found)))
        .onFailure(ctx::fail);
  }

  void undo(RoutingContext ctx) {
    deletions.undo(callers.apply(ctx), Requests.deletionId(ctx))
        .onSuccess(result -> UndoHandlers.respond(ctx, result))
        .onFailure(ctx::fail);
  }

  /** Restore from the trash: always the deletion and its items; 201 when this restore brought them back. */
  void restore(RoutingContext ctx) {
    deletions.restore(callers.apply(ctx), Requests.deletionId(ctx))
        .onSuccess(result -> UndoHandlers.respondWithDeletion(ctx, result))
        .onFailure(ctx::fail);
  }

  /** Restore of the latest deletion of an item, {@code /v1/collections/{c}/items/{id}/restore}. */
  void restoreLatest(RoutingContext ctx) {
    String collection = Requests.collection(ctx);
    UUID id = Requests.itemId(ctx);
    deletions.restoreLatest(callers.apply(ctx), collection, id)
        .onSuccess(result -> UndoHandlers.respondWithDeletion(ctx, result))
        .onFailure(ctx::fail);
  }

  /** Undo of the latest deletion of an item, {@code /v1/collections/{c}/items/{id}/undo}. */
  void undoLatest(RoutingContext ctx) {
    String collection = Requests.collection(ctx);
    UUID id = Requests.itemId(ctx);
    deletions.undoLatest(callers.apply(ctx), collection, id)
        .onSuccess(result -> UndoHandlers.respond(ctx, result))
        .onFailure(ctx::fail);
  }

  /** {@code {"ids": [...]}}: 1 to 1,000 item ids; a repeated id counts once. */
  static List<UUID> ids(JsonObject body) {
    for (String member : body.fieldNames()) {
      if (!member.equals("ids")) {
        throw new InvalidRequestException("a batch delete takes only \"ids\", not \"" + member + "\"");
      }
    }
    if (!(body.getValue("ids") instanceof JsonArray array)) {
      throw new InvalidRequestException("a batch delete takes {\"ids\": [item ids]}");
    }
    if (array.isEmpty() || array.size() > MAX_BATCH) {
      throw new InvalidRequestException("a batch delete names 1 to " + MAX_BATCH + " ids, not " + array.size());
    }
    List<UUID> ids = new ArrayList<>(array.size());
    for (Object element : array) {
      UUID id = element instanceof String text ? CanonicalUuid.parse(text) : null;
      if (id == null) {
        throw new InvalidRequestException("ids holds " + (element instanceof String ? "'" + element + "'" : String.valueOf(element))
            + ", which is not an item id (a UUID string)");
      }
      ids.add(id);
    }
    return List.copyOf(new LinkedHashSet<>(ids));
  }

  /** The request's Idempotency-Key (null when none): 1 to 255 visible ASCII characters. */
  static String idempotencyKey(RoutingContext ctx) {
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null) {
      return null;
    }
    boolean visible = !key.isEmpty() && key.length() <= MAX_IDEMPOTENCY_KEY && key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    if (!visible) {
      throw new InvalidRequestException("Idempotency-Key takes 1 to " + MAX_IDEMPOTENCY_KEY + " visible ASCII characters");
    }
    return key;
  }
}
