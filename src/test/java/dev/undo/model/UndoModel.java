package dev.undo.model;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the service should hold, kept the simplest way: items by id with their collection, version,
 * state and data, and every deletion with its items, its token and the end of its window. Each
 * collection has one unique field, "key"; the items of {@link #TREE} refer to other items of it
 * through "parent" and "link", both cascading, so they make trees, DAGs and (by updates) cycles.
 */
final class UndoModel {
  static final String PLAIN = "model";
  static final String TREE = "tree";
  static final List<String> REFERENCES = List.of("parent", "link");

  final Map<String, ModelItem> items = new LinkedHashMap<>();
  final List<Deletion> deletions = new ArrayList<>();

  static final class ModelItem {
    final String id;
    final String collection;
    int version = 1;
    boolean deleted;
    JsonObject data;
    Deletion current;
    Deletion latest;

    ModelItem(String id, String collection, JsonObject data) {
      this.id = id;
      this.collection = collection;
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

  /** Whether a live item of the collection other than {@code self} holds the key of {@code data}. */
  boolean keyTaken(String collection, JsonObject data, ModelItem self) {
    Object key = data.getValue("key");
    if (key == null) {
      return false;
    }
    return items.values().stream().anyMatch(item -> item != self && !item.deleted && item.collection.equals(collection)
        && key.equals(item.data.getValue("key")));
  }

  /**
   * Whether a reference of {@code data} (an item of {@code collection}) names no live item of the tree,
   * nor one of {@code alongWith} (the items an undo or restore brings back together).
   */
  boolean dangling(String collection, JsonObject data, Collection<ModelItem> alongWith) {
    if (!collection.equals(TREE)) {
      return false;
    }
    for (String field : REFERENCES) {
      Object value = data.getValue(field);
      if (value == null) {
        continue;
      }
      ModelItem target = value instanceof String id ? items.get(id) : null;
      boolean there = target != null && target.collection.equals(TREE) && (!target.deleted || alongWith.contains(target));
      if (!there) {
        return true;
      }
    }
    return false;
  }

  /** The live named items and every live item that refers to one of them, to any depth. */
  Set<ModelItem> cascade(Collection<ModelItem> named) {
    Set<ModelItem> covered = new LinkedHashSet<>();
    Deque<ModelItem> pending = new ArrayDeque<>();
    named.stream().filter(item -> !item.deleted).forEach(pending::add);
    while (!pending.isEmpty()) {
      ModelItem item = pending.remove();
      if (!covered.add(item)) {
        continue;
      }
      for (ModelItem referrer : items.values()) {
        if (!referrer.deleted && referrer.collection.equals(TREE) && item.collection.equals(TREE)
            && REFERENCES.stream().anyMatch(field -> item.id.equals(referrer.data.getValue(field)))) {
          pending.add(referrer);
        }
      }
    }
    return covered;
  }
}
