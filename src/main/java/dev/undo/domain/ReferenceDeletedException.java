package dev.undo.domain;

import java.util.List;

/**
 * An undo or restore of items whose references name items that are deleted and not part of the same
 * deletion (or gone); nothing was restored.
 */
public final class ReferenceDeletedException extends DomainException {
  private final List<DanglingReference> references;

  public ReferenceDeletedException(String message, List<DanglingReference> references) {
    super(message);
    this.references = List.copyOf(references);
  }

  public List<DanglingReference> references() {
    return references;
  }
}
