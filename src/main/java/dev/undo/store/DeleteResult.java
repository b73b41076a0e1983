package dev.undo.store;

/** The answer of item-delete.sql: the tombstone it made or found. */
public record DeleteResult(Outcome outcome, StoredItem tombstone) {

  public enum Outcome {
    DELETED,
    /** The item was deleted before (a repeated DELETE): its tombstone. */
    REPEAT,
    PRECONDITION_FAILED,
    NOT_FOUND,
    /** A concurrent writer committed after the statement's snapshot; run it again. */
    RACE
  }
}
