package dev.undo.store;

import dev.undo.domain.Hold;

/** The answer of hold-get.sql: the hold, when the item is held. */
public record HoldReadResult(Outcome outcome, Hold hold) {

  public enum Outcome {
    HELD,
    /** The item can be read but is not held. */
    NOT_HELD,
    /** The item cannot be read: never existed, purged or erased. */
    NOT_FOUND
  }
}
