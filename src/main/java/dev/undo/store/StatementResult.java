package dev.undo.store;

import dev.undo.domain.Conflict;
import java.time.Instant;
import java.util.List;

/**
 * The answer of a write statement: its outcome, the items it wrote or found, the unique values in
 * the way, and (undo) the deletion's collection, when it was made and when its window ends.
 */
public record StatementResult(
    Outcome outcome, List<StoredItem> items, List<Conflict> conflicts,
    String collection, Instant deletedAt, Instant undoExpiresAt) {

  public StoredItem item() {
    return items.isEmpty() ? null : items.get(0);
  }
}
