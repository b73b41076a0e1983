package dev.undo.domain;

import java.time.Instant;

/** The item is deleted. {@code undo} is set while its undo window is open. */
public final class ItemGoneException extends DomainException {
  private final Instant deletedAt;
  private final UndoOffer undo;

  public ItemGoneException(String message, Instant deletedAt, UndoOffer undo) {
    super(message);
    this.deletedAt = deletedAt;
    this.undo = undo;
  }

  public Instant deletedAt() {
    return deletedAt;
  }

  public UndoOffer undo() {
    return undo;
  }
}
