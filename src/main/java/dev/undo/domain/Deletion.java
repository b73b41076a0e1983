package dev.undo.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One deletion: the items it tombstoned (one for a DELETE of an item, many for a batch or a
 * cascade, in several collections when references cross them; none for a batch whose every item had
 * been deleted before), the collection it was asked of, when its undo window closes, and who made it
 * (null when unknown). An undo restores exactly its items, all or nothing.
 */
public record Deletion(UUID id, String collection, List<ItemRef> items, Instant expiresAt, String actor) {

  public Deletion {
    items = List.copyOf(items);
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }

  public List<UUID> itemIds() {
    return items.stream().map(ItemRef::id).toList();
  }

  /** The collections of its items, each once. */
  public List<String> collections() {
    return items.stream().map(ItemRef::collection).distinct().toList();
  }
}
