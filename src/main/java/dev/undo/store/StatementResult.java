package dev.undo.store;

import dev.undo.domain.Conflict;
import java.time.Instant;
import java.util.List;

/**
 * The answer of a write statement: its outcome, the items it wrote or found, the unique values in
 * the way, and (undo) the end of the deletion's window.
 */
public record StatementResult(Outcome outcome, List<StoredItem> items, List<Conflict> conflicts, Instant undoExpiresAt) {

  public StoredItem item() {
    return items.isEmpty() ? null : items.get(0);
  }
}
