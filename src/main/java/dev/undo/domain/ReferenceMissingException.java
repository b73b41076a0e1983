package dev.undo.domain;

import java.util.List;

/** A create, PUT or PATCH whose declared references name no active item; nothing was written. */
public final class ReferenceMissingException extends DomainException {
  private final List<DanglingReference> references;

  public ReferenceMissingException(String message, List<DanglingReference> references) {
    super(message);
    this.references = List.copyOf(references);
  }

  public List<DanglingReference> references() {
    return references;
  }
}
