package dev.undo.store;

import dev.undo.domain.Conflict;
import java.util.List;

/** The answer of item-create.sql: the new item, or why there is none. */
public record CreateResult(Outcome outcome, StoredItem item, List<Conflict> conflicts) {

  public enum Outcome {
    CREATED,
    /** A unique value is taken by a live item: {@code conflicts}. */
    CONFLICT,
    NOT_FOUND
  }
}
