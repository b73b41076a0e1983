package dev.undo.store;

import dev.undo.domain.Conflict;
import dev.undo.domain.DanglingReference;
import java.time.Instant;
import java.util.List;

/**
 * The answer of deletion-undo.sql: the items it restored (or, for a repeat, the items as they are),
 * the unique values and references in the way, and the deletion's collection, when it was made and when its window
 * ends (null when there is no such deletion).
 */
public record DeletionUndoResult(
    Outcome outcome, List<StoredItem> items, List<Conflict> conflicts, List<DanglingReference> dangling,
    String collection, Instant deletedAt, Instant expiresAt) {

  public enum Outcome {
    RESTORED,
    /** Undone before (a retried undo) and its window still open: the items as they are now. */
    REPEAT,
    /** The window has closed. */
    EXPIRED,
    /** A unique value of a deleted item was taken meanwhile; nothing was restored. */
    CONFLICT,
    /** A reference of an item names an item deleted (not by the same deletion) or gone: {@code dangling}; nothing was restored. */
    REFERENCE_DELETED,
    /** The deletion was undone and an item of it deleted again since. */
    SUPERSEDED,
    NOT_FOUND,
    /** Another undo of the same deletion committed after the statement's snapshot; run it again. */
    RACE
  }
}
