package dev.undo.domain;

/** What was asked for never existed, or has been purged. */
public final class NotFoundException extends DomainException {
  public NotFoundException(String message) {
    super(message);
  }
}
