package dev.undo.store;

import dev.undo.domain.Conflict;
import dev.undo.domain.DanglingReference;
import java.util.List;

/** The answer of item-update.sql: the new version, or why there is none. */
public record UpdateResult(Outcome outcome, StoredItem item, List<Conflict> conflicts, List<DanglingReference> dangling) {

  public enum Outcome {
    UPDATED,
    /** A unique value is taken by another live item: {@code conflicts}. */
    CONFLICT,
    /** A declared reference of the new data names no active item of its collection: {@code dangling}. */
    REFERENCE_MISSING,
    PRECONDITION_FAILED,
    /** The item is a tombstone: {@code item}. */
    GONE,
    NOT_FOUND,
    /** A concurrent writer committed after the statement's snapshot; run it again. */
    RACE
  }
}
