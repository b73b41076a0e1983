package dev.undo.store;

import dev.undo.domain.ItemRef;
import dev.undo.domain.Referrer;
import java.util.List;

/**
 * The answer of item-delete.sql: the tombstone it made or found; for DELETED every item its deletion
 * covers (the item and its cascade), for RESTRICTED the referrers in the way.
 */
public record DeleteResult(Outcome outcome, StoredItem tombstone, List<ItemRef> covered, List<Referrer> blockedBy) {

  public enum Outcome {
    DELETED,
    /** The item was deleted before (a repeated DELETE): its tombstone. */
    REPEAT,
    PRECONDITION_FAILED,
    /** Active items refer to the item (or its cascade) through a restrict reference; nothing was deleted. */
    RESTRICTED,
    /** Its cascade would cover more items than a deletion may; nothing was deleted. */
    TOO_MANY,
    NOT_FOUND,
    /** A concurrent writer committed after the statement's snapshot; run it again. */
    RACE
  }
}
