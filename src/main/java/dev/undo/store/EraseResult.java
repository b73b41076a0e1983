package dev.undo.store;

/** The answer of item-erase.sql. */
public record EraseResult(Outcome outcome) {

  public enum Outcome {
    ERASED,
    /** On legal hold: nothing erased. */
    HELD,
    /** Never existed, purged, or erased before. */
    NOT_FOUND
  }
}
