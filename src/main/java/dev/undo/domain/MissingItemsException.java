package dev.undo.domain;

import java.util.List;
import java.util.UUID;

/** A batch named items its collection does not have; nothing was deleted. */
public final class MissingItemsException extends DomainException {
  private final List<UUID> missing;

  public MissingItemsException(String message, List<UUID> missing) {
    super(message);
    this.missing = List.copyOf(missing);
  }

  public List<UUID> missing() {
    return missing;
  }
}
