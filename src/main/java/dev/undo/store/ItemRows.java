package dev.undo.store;

import dev.undo.domain.Conflict;
import dev.undo.domain.DanglingReference;
import dev.undo.domain.Item;
import dev.undo.domain.ItemRef;
import dev.undo.domain.ItemState;
import dev.undo.domain.ItemVersion;
import dev.undo.domain.Referrer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Maps the item columns that every item statement returns under the same names: state, collection,
 * id, version, data, created_at, updated_at, and for tombstones deleted_at, deletion_id,
 * undo_expires_at, purge_at. A statement may leave the tombstone columns out.
 */
final class ItemRows {
  /** Where item_history_held begins, and how far a held row's purge_at is shifted into it (R__legal_holds.sql). */
  private static final Instant HELD_FROM = Instant.parse("9000-01-01T00:00:00Z");
  private static final Duration HELD_SHIFT = Duration.ofHours(62_000_000);

  private ItemRows() {}

  /** A held row's own purge_at: the day it is due, which the hold postpones until it is released. */
  private static Instant purgeAt(Instant stored) {
    return stored != null && !stored.isBefore(HELD_FROM) ? stored.minus(HELD_SHIFT) : stored;
  }

  /** The item of a row, or null when the row carries none (an outer join that found nothing). */
  static StoredItem item(Row row) {
    UUID id = row.getUUID("id");
    if (id == null) {
      return null;
    }
    ItemState state = ItemState.fromWireName(row.getString("state"));
    Item item = new Item(
        id,
        row.getString("collection"),
        row.getInteger("version"),
        state,
        row.getJsonObject("data"),
        Timestamps.fromDb(row.getOffsetDateTime("created_at")),
        Timestamps.fromDb(row.getOffsetDateTime("updated_at")),
        state == ItemState.DELETED ? Timestamps.fromDb(row.getOffsetDateTime("deleted_at")) : null,
        null,
        state == ItemState.DELETED ? purgeAt(Timestamps.fromDb(row.getOffsetDateTime("purge_at"))) : null,
        state == ItemState.DELETED ? row.getUUID("deletion_id") : null,
        null);
    if (state == ItemState.ACTIVE) {
      return new StoredItem(item, null, null, true);
    }
    boolean restoreAfterWindow = row.getColumnIndex("restore_after_window") < 0 || row.getBoolean("restore_after_window");
    return new StoredItem(item, item.deletionId(), Timestamps.fromDb(row.getOffsetDateTime("undo_expires_at")), restoreAfterWindow);
  }

  static List<StoredItem> items(Iterable<Row> rows) {
    List<StoredItem> items = new ArrayList<>();
    for (Row row : rows) {
      StoredItem item = item(row);
      if (item != null) {
        items.add(item);
      }
    }
    return items;
  }

  static ItemVersion version(Row row) {
    return new ItemVersion(
        row.getInteger("version"),
        ItemState.fromWireName(row.getString("state")),
        Timestamps.fromDb(row.getOffsetDateTime("valid_from")),
        Timestamps.fromDb(row.getOffsetDateTime("valid_to")),
        row.getJsonObject("data"));
  }

  /** The references of a {@code dangling} column: {field, value}, and for an undo or restore the item's collection and id. */
  static List<DanglingReference> dangling(Row row) {
    List<DanglingReference> references = new ArrayList<>();
    for (JsonObject reference : objects(row, "dangling")) {
      String id = reference.getString("id");
      references.add(new DanglingReference(reference.getString("collection"), id == null ? null : UUID.fromString(id),
          reference.getString("field"), reference.getValue("value")));
    }
    return references;
  }

  /** The referrers of a {@code blocked} column. */
  static List<Referrer> referrers(Row row) {
    List<Referrer> referrers = new ArrayList<>();
    for (JsonObject referrer : objects(row, "blocked")) {
      referrers.add(new Referrer(referrer.getString("collection"), UUID.fromString(referrer.getString("id")),
          referrer.getString("field")));
    }
    return referrers;
  }

  /** A deletion's items from its {@code item_ids} and {@code item_collections} (null: all in {@code collection}). */
  static List<ItemRef> itemRefs(Row row, String collection) {
    UUID[] ids = row.getArrayOfUUIDs("item_ids");
    String[] collections = row.getArrayOfStrings("item_collections");
    if (ids != null && collections == null) {
      collections = new String[ids.length];
      Arrays.fill(collections, collection);
    }
    return itemRefs(ids, collections);
  }

  /** Items from parallel arrays of ids and collections (null: none). */
  static List<ItemRef> itemRefs(UUID[] ids, String[] collections) {
    List<ItemRef> items = new ArrayList<>(ids == null ? 0 : ids.length);
    for (int i = 0; ids != null && i < ids.length; i++) {
      items.add(new ItemRef(collections[i], ids[i]));
    }
    return items;
  }

  private static List<JsonObject> objects(Row row, String column) {
    int index = row.getColumnIndex(column);
    Object value = index < 0 ? null : row.getValue(index);
    List<JsonObject> objects = new ArrayList<>();
    if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        objects.add(array.getJsonObject(i));
      }
    }
    return objects;
  }

  static List<Conflict> conflicts(Row row) {
    List<Conflict> conflicts = new ArrayList<>();
    int index = row.getColumnIndex("conflicts");
    Object column = index < 0 ? null : row.getValue(index);
    if (column instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        JsonObject conflict = array.getJsonObject(i);
        conflicts.add(new Conflict(conflict.getString("field"), conflict.getValue("value")));
      }
    }
    return conflicts;
  }
}
