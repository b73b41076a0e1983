package dev.undo.store;

import dev.undo.domain.Conflict;
import dev.undo.domain.DanglingReference;
import java.time.Instant;
import java.util.List;

/**
 * The answer of deletion-restore.sql: the items it restored (or, for a repeat, the items as they are
 * now), the unique values and references in the way, and when the deletion was made (null when there is none).
 */
public record DeletionRestoreResult(
    Outcome outcome, List<StoredItem> items, List<Conflict> conflicts, List<DanglingReference> dangling, Instant deletedAt) {

  public enum Outcome {
    RESTORED,
    /** Restored or undone before, every item live: the items as they are. */
    REPEAT,
    /** A unique value of a deleted item was taken meanwhile; nothing was restored. */
    CONFLICT,
    /** A reference of an item names an item deleted (not by the same deletion) or gone: {@code dangling}; nothing was restored. */
    REFERENCE_DELETED,
    /** The window has closed and a collection of the deletion does not restore after it; nothing was restored. */
    NOT_ALLOWED,
    /** Restored or undone before, and an item of it deleted again since. */
    SUPERSEDED,
    /** No such deletion, or purged. */
    NOT_FOUND,
    /** Another restore or undo of the deletion committed after the statement's snapshot; run it again. */
    RACE
  }
}
