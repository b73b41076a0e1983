package dev.undo.domain;

import java.util.Locale;

/** Where a deletion stands, as {@code GET /v1/deletions/{id}} shows it. */
public enum DeletionState {
  /** Its undo window is open. */
  OPEN,
  /** Its window has closed; its items are in the trash until they are purged. */
  CLOSED,
  /** An undo brought its items back (or a restore, inside the window). */
  UNDONE,
  /** A restore from the trash brought its items back, after the window. */
  RESTORED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
