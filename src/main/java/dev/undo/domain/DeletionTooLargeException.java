package dev.undo.domain;

/** A deletion that would cover more items than one deletion may; nothing was deleted. */
public final class DeletionTooLargeException extends DomainException {
  private final int limit;

  public DeletionTooLargeException(String message, int limit) {
    super(message);
    this.limit = limit;
  }

  public int limit() {
    return limit;
  }
}
