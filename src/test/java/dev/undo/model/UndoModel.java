package dev.undo.model;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the service should hold, kept the simplest way: items by id with their version, state and
 * data, and every deletion with its token and the end of its window. One unique field, "key".
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

  static final class Deletion {
    final ModelItem item;
    final String href;
    final Instant expiresAt;
    boolean restored;

    Deletion(ModelItem item, String href, Instant expiresAt) {
      this.item = item;
      this.href = href;
      this.expiresAt = expiresAt;
    }

    boolean open(Instant now) {
      return !now.isAfter(expiresAt);
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
