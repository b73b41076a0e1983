package dev.undo.store;

/** The answer of hold-release.sql. */
public record ReleaseResult(Outcome outcome) {

  public enum Outcome {
    RELEASED,
    /** The item can be read but was not held. */
    NOT_HELD,
    /** The item cannot be read: never existed, purged or erased. */
    NOT_FOUND
  }
}
