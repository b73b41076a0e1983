package dev.undo.domain;

import java.time.Instant;
import java.util.UUID;

/** The item is deleted, by the deletion {@code deletionId}. {@code undo} is set while its undo window is open. */
public final class ItemGoneException extends DomainException {
  private final Instant deletedAt;
  private final UndoOffer undo;
  private final UUID deletionId;

  public ItemGoneException(String message, Instant deletedAt, UndoOffer undo, UUID deletionId) {
    super(message);
    this.deletedAt = deletedAt;
    this.undo = undo;
    this.deletionId = deletionId;
  }

  public UUID deletionId() {
    return deletionId;
  }

  public Instant deletedAt() {
    return deletedAt;
  }

  public UndoOffer undo() {
    return undo;
  }
}
