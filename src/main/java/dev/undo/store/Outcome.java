package dev.undo.store;

import java.util.Locale;

/** What a write statement reports in its {@code outcome} column. */
public enum Outcome {
  CREATED,
  UPDATED,
  DELETED,
  RESTORED,
  /** The request had been carried out before: a repeated DELETE or undo. */
  REPEAT,
  CONFLICT,
  PRECONDITION_FAILED,
  /** The item is deleted. */
  GONE,
  NOT_FOUND,
  /** Undo of an item that is not deleted. */
  NOT_DELETED,
  /** The undo window has closed. */
  EXPIRED,
  /** The deletion was undone, and its item deleted again since. */
  SUPERSEDED,
  /** A concurrent writer committed after the statement's snapshot; run it again. */
  RACE;

  static Outcome of(String column) {
    return valueOf(column.toUpperCase(Locale.ROOT));
  }
}
