package dev.undo.store;

import dev.undo.domain.Conflict;
import java.util.List;

/** The answer of item-update.sql: the new version, or why there is none. */
public record UpdateResult(Outcome outcome, StoredItem item, List<Conflict> conflicts) {

  public enum Outcome {
    UPDATED,
    /** A unique value is taken by another live item: {@code conflicts}. */
    CONFLICT,
    PRECONDITION_FAILED,
    /** The item is a tombstone: {@code item}. */
    GONE,
    NOT_FOUND,
    /** A concurrent writer committed after the statement's snapshot; run it again. */
    RACE
  }
}
