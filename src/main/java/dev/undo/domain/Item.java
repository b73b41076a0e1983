package dev.undo.domain;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * One item as a client sees it. {@code deletedAt}, {@code undo}, {@code purgeAt} and
 * {@code deletionId} are null while it is active; {@code undo} is also null once the undo window
 * has closed. {@code restorable} is said only in listings, of a tombstone whose window has closed
 * (null elsewhere: not shown).
 *
 * <p>The domain uses Vert.x's {@link JsonObject} as its JSON value type and nothing else of Vert.x.
 */
public record Item(
    UUID id,
    String collection,
    int version,
    ItemState state,
    JsonObject data,
    Instant createdAt,
    Instant updatedAt,
    Instant deletedAt,
    UndoOffer undo,
    Instant purgeAt,
    UUID deletionId,
    Boolean restorable) {

  public boolean isDeleted() {
    return state == ItemState.DELETED;
  }

  public Item withUndo(UndoOffer offer) {
    return new Item(id, collection, version, state, data, createdAt, updatedAt, deletedAt, offer, purgeAt, deletionId, restorable);
  }

  /** A tombstone in a listing of the trash, its window closed: whether a restore may bring it back. */
  public Item withRestorable(boolean canRestore) {
    return new Item(id, collection, version, state, data, createdAt, updatedAt, deletedAt, undo, purgeAt, deletionId, canRestore);
  }
}
