package dev.undo.store;

import dev.undo.domain.Conflict;
import dev.undo.domain.DanglingReference;
import java.util.List;

/** The answer of item-create.sql: the new item, or why there is none. */
public record CreateResult(Outcome outcome, StoredItem item, List<Conflict> conflicts, List<DanglingReference> dangling) {

  public enum Outcome {
    CREATED,
    /** A unique value is taken by a live item: {@code conflicts}. */
    CONFLICT,
    /** A declared reference names no active item of its collection: {@code dangling}. */
    REFERENCE_MISSING,
    NOT_FOUND
  }
}
