package dev.undo.store;

import dev.undo.domain.Hold;

/** The answer of hold-put.sql: the hold, once the item is held. */
public record HoldResult(Outcome outcome, Hold hold) {

  public enum Outcome {
    HELD,
    /** The item cannot be read: never existed, purged or erased. */
    NOT_FOUND
  }
}
