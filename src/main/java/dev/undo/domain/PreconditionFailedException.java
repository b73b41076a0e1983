package dev.undo.domain;

/** {@code If-Match} named versions the item is not at. */
public final class PreconditionFailedException extends DomainException {
  private final int currentVersion;

  public PreconditionFailedException(int currentVersion) {
    super("the item is at version " + currentVersion + ", which If-Match does not name");
    this.currentVersion = currentVersion;
  }

  public PreconditionFailedException() {
    super("the item is not at a version that If-Match names");
    this.currentVersion = -1;
  }

  public int currentVersion() {
    return currentVersion;
  }
}
