package dev.undo.domain;

import java.util.List;

/** Unique values that other live items hold; nothing was written. */
public final class UniqueConflictException extends DomainException {
  private final List<Conflict> conflicts;

  public UniqueConflictException(String message, List<Conflict> conflicts) {
    super(message);
    this.conflicts = List.copyOf(conflicts);
  }

  public List<Conflict> conflicts() {
    return conflicts;
  }
}
