package dev.undo.domain;

/** The item is on legal hold, so it cannot be erased. */
public final class ItemHeldException extends DomainException {
  public ItemHeldException(String message) {
    super(message);
  }
}
