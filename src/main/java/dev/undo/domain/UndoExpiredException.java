package dev.undo.domain;

import java.time.Instant;

/** The undo window of the deletion has closed. */
public final class UndoExpiredException extends DomainException {
  private final Instant expiredAt;

  public UndoExpiredException(Instant expiredAt) {
    super("the undo window closed at " + expiredAt);
    this.expiredAt = expiredAt;
  }

  public Instant expiredAt() {
    return expiredAt;
  }
}
