package dev.undo.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One deletion: the items it tombstoned (one for a DELETE of an item, many for a batch or a
 * cascade; none for a batch whose every item had been deleted before), the collection it was asked
 * of, when its undo window closes, and who made it (null when unknown). An undo restores exactly its
 * items, all or nothing.
 */
public record Deletion(UUID id, String collection, List<UUID> itemIds, Instant expiresAt, String actor) {

  public Deletion {
    itemIds = List.copyOf(itemIds);
  }

  public boolean isEmpty() {
    return itemIds.isEmpty();
  }
}
