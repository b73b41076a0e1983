package dev.undo.domain;

import java.util.List;

/** A deletion refused because active items refer to what it would cover through a restrict reference. */
public final class DeletionRestrictedException extends DomainException {
  private final List<Referrer> blockedBy;

  public DeletionRestrictedException(String message, List<Referrer> blockedBy) {
    super(message);
    this.blockedBy = List.copyOf(blockedBy);
  }

  public List<Referrer> blockedBy() {
    return blockedBy;
  }
}
