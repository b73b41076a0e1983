package dev.undo.domain;

/** {@code If-Match} named versions the item is not at. */
public final class PreconditionFailedException extends DomainException {
  public PreconditionFailedException() {
    super("the item is not at a version that If-Match names");
  }
}
