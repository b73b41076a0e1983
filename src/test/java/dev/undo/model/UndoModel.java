package dev.undo.model;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the service should hold, kept the simplest way: items by id with their version, state and
 * data, and every deletion with its items, its token and the end of its window. One unique field, "key".
 */
final class UndoModel {
  final Map<String, ModelItem> items = new LinkedHashMap<>();
  final List<Deletion> deletions = new ArrayList<>();

  static final class ModelItem {
    final String id;
    int version = 1;
    boolean deleted;
    JsonObject data;
    Deletion current;
    Deletion latest;

    ModelItem(String id, JsonObject data) {
      this.id = id;
      this.data = data;
    }
  }

  /** A deletion: the items it tombstoned (one, or a batch's), its undo link and the end of its window. */
  static final class Deletion {
    /** Those not erased since. */
    final List<ModelItem> items;
    final String href;
    final String id;
    final Instant expiresAt;
    boolean restored;

    /** @param id null when the answer did not name it (a DELETE of one item answers 204) */
    Deletion(List<ModelItem> items, String href, String id, Instant expiresAt) {
      this.items = new ArrayList<>(items);
      this.href = href;
      this.id = id;
      this.expiresAt = expiresAt;
    }

    boolean open(Instant now) {
      return !now.isAfter(expiresAt);
    }

    /** Every item is still a tombstone of this deletion (an undo restores all or none, so it is all or none). */
    boolean undoable() {
      return items.stream().allMatch(item -> item.current == this);
    }
  }

  /** Whether a live item other than {@code self} holds the key of {@code data}. */
  boolean keyTaken(JsonObject data, ModelItem self) {
    Object key = data.getValue("key");
    if (key == null) {
      return false;
    }
    return items.values().stream().anyMatch(item -> item != self && !item.deleted && key.equals(item.data.getValue("key")));
  }
}
